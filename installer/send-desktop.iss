; Inno Setup 6.3+ script: a per-user installer for the Windows one-folder bundle.
; Built by installer\build_windows.ps1, which passes the version and the bundle folder:
;   ISCC.exe /DAppVersion=0.1.0 /DBundleDir=C:\...\build\send-desktop installer\send-desktop.iss
; Installs to {userpf} = %LOCALAPPDATA%\Programs\SEND Desktop, without admin rights. Uninstalling
; removes only that folder: the user's data (%LOCALAPPDATA%\SEND Desktop:
; databases, backups, window layout) is never touched.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (build_windows.ps1 does)
#endif
#ifndef BundleDir
  #define BundleDir "..\build\send-desktop"
#endif
#define AppName "SEND Desktop"
#define AppExe "SEND Desktop.exe"

[Setup]
; AppId identifies the app for upgrades and uninstall: never change it.
AppId={{6F1C2B7E-4D4A-4E1B-9C52-5E0D3A8B7F21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DisableDirPage=yes
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
CloseApplications=yes
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
OutputDir=..\build\installer
OutputBaseFilename=SEND-Desktop-{#AppVersion}-setup

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
; An upgrade replaces the program folder whole, so no file of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"

[Run]
Filename: "{app}\{#AppExe}"; Description: "Open {#AppName}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files the program itself may leave in its own folder (compiled migration scripts).
Type: filesandordirs; Name: "{app}\_internal"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
  begin
    DataDir := ExpandConstant('{localappdata}\{#AppName}');
    if DirExists(DataDir) then
      MsgBox('Your SEND Desktop data (databases and backups) has been kept in:' + #13#10
        + DataDir + #13#10#13#10 + 'Delete that folder yourself if it is no longer needed.',
        mbInformation, MB_OK);
  end;
end;

# Build the Windows bundle and its installer. Run from any folder on a Windows build machine
# with Python 3.11 (the py launcher) and Inno Setup 6.3+ installed:
#   powershell -ExecutionPolicy Bypass -File installer\build_windows.ps1
# Output: build\send-desktop\ (the bundle) and build\installer\SEND-Desktop-X.Y.Z-setup.exe
param(
    [string]$Python = "py",
    [string[]]$PythonArgs = @("-3.11"),
    [string]$Iscc = ""
)
$ErrorActionPreference = "Stop"
$root = Split-Path -Parent $PSScriptRoot
Set-Location $root

function Invoke-Checked([string]$exe, [string[]]$arguments) {
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { throw "$exe failed with exit code $LASTEXITCODE" }
}

# A build environment (in build\, which git ignores) with the app and PyInstaller.
$py = Join-Path $root "build\venv\Scripts\python.exe"
if (-not (Test-Path $py)) {
    Invoke-Checked $Python ($PythonArgs + @("-m", "venv", "build\venv"))
}
Invoke-Checked $py @("-m", "pip", "install", "-q", "-e", ".[installer]")

# The one-folder bundle: build\send-desktop\SEND Desktop.exe (window), send-desktop.exe (console).
Invoke-Checked $py @("installer\build.py", "build")
$bundle = Join-Path $root "build\send-desktop"

# Smoke test: the console program makes and checks a demo database, the window opens and closes.
$cli = Join-Path $bundle "send-desktop.exe"
$smoke = Join-Path $env:TEMP "send-desktop-smoke-$PID"
New-Item -ItemType Directory -Force $smoke | Out-Null
$env:SEND_DESKTOP_HOME = $smoke
Invoke-Checked $cli @("demo", "--db", "$smoke\demo.sqlite")
Invoke-Checked $cli @("check", "--db", "$smoke\demo.sqlite")
$window = Start-Process -FilePath (Join-Path $bundle "SEND Desktop.exe") -Wait -PassThru `
    -ArgumentList @("--db", "`"$smoke\demo.sqlite`"", "--quit-after", "3")
if ($window.ExitCode -ne 0) { throw "the window exited with code $($window.ExitCode)" }
Remove-Item Env:SEND_DESKTOP_HOME
Remove-Item -Recurse -Force $smoke

# The installer.
$version = (& $py -c "import send_desktop; print(send_desktop.__version__)").Trim()
if (-not $Iscc) {
    $found = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    $candidates = @(
        $(if ($found) { $found.Source }),
        "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
        "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
    ) | Where-Object { $_ -and (Test-Path $_) }
    if (-not $candidates) { throw "Inno Setup 6 (ISCC.exe) not found; install it or pass -Iscc PATH" }
    $Iscc = @($candidates)[0]
}
Invoke-Checked $Iscc @("/Q", "/DAppVersion=$version", "/DBundleDir=$bundle", "installer\send-desktop.iss")
Write-Host "installer: build\installer\SEND-Desktop-$version-setup.exe"

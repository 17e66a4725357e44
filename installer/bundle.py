"""What goes into the PyInstaller bundle: data files, hidden imports, exclusions, version.

Plain functions so that ``send-desktop.spec`` stays short and the tests can check the lists.
Paths inside the bundle mirror the repository (``db/``, ``resources/``, ``exports/``), which
is where ``send_desktop.paths.bundle_root()`` looks when the app is frozen.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "SEND Desktop"
CLI_NAME = "send-desktop"  # the executable on Linux; the console one on Windows
ICON_ICO = ROOT / "resources" / "icons" / "app.ico"

# Only what the window needs: QtCore, QtGui, QtWidgets (and QtSvg's plugin for .svg icons).
QT_UNUSED = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtPrintSupport",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)
QT_EXCLUDES = [f"PySide6.{name}" for name in QT_UNUSED]
PY_EXCLUDES = [
    "tkinter",
    "test",
    "pytest",
    "_pytest",
    "hypothesis",
    "importlinter",
    "alembic.testing",
    "sqlalchemy.testing",
    "IPython",
    "numpy",
    "PyInstaller",
    "pygments",  # only for mako.ext's syntax highlighting (4.5 MB)
    "mako.ext",
    "pydoc_data",
]
# Alembic loads db/env.py and db/versions/*.py from files at run time, so PyInstaller
# cannot see what they import; these, plus what those files import, are added by hand.
HIDDEN_IMPORTS = [
    "alembic.context",
    "alembic.op",
    "alembic.runtime.environment",
    "alembic.runtime.migration",
    "alembic.ddl.sqlite",
    "alembic.operations.batch",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.sqlite.pysqlcipher",  # databases protected with a passphrase
    "sqlcipher3",  # imported only when such a database is opened
    "sqlcipher3.dbapi2",
    "logging.config",  # alembic's fileConfig, if an env.py ever calls it
]
# Qt translations (the app installs no translator), and Qt's plugins for embedded screens,
# VNC and network touch input with the libraries only they use. Desktops use xcb or wayland
# (Linux) and windows (Windows); tests use offscreen.
DROP_FOLDERS = {"translations", "egldeviceintegrations"}
DROP_PREFIXES = (
    "libqeglfs",
    "libqlinuxfb",
    "libqvnc",
    "libqminimalegl",
    "libqvkkhrdisplay",
    "libqtuiotouchplugin",
    "libQt6Network",
    "libQt6EglFS",
    "libQt6EglFs",
    "Qt6Network",
    "Qt6Qml",
    "Qt6Quick",
    "Qt6Pdf",
    "opengl32sw",  # Mesa's software OpenGL for Windows (20 MB); widgets do not need it
)
# Not needed at run time: the README screenshot and the script that made the demo CSV.
SKIP_NAMES = {"__pycache__", "screenshot.png", ".DS_Store"}
SKIP_SUFFIXES = {".pyc", ".pyo"}


def version() -> str:
    """``send_desktop.__version__``, read without importing the package."""
    tree = ast.parse((ROOT / "send_desktop" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
        ):
            return str(ast.literal_eval(node.value))
    raise LookupError("send_desktop/__init__.py has no __version__")


def _files(folder: Path, skip_py: bool) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or SKIP_NAMES.intersection(path.relative_to(ROOT).parts):
            continue
        if path.suffix in SKIP_SUFFIXES or (skip_py and path.suffix == ".py"):
            continue
        yield path


def datas() -> list[tuple[str, str]]:
    """(source file, folder in the bundle) for db/, resources/ and exports/."""
    pairs: list[tuple[str, str]] = []
    for name, skip_py in (("db", False), ("resources", True), ("exports", True)):
        folder = ROOT / name
        if not folder.is_dir():
            continue  # exports/ holds no templates yet; git keeps no empty folders
        for path in _files(folder, skip_py):
            pairs.append((str(path), path.parent.relative_to(ROOT).as_posix()))
    return pairs


def migration_imports() -> list[str]:
    """Every module that db/env.py and db/versions/*.py import."""
    names: set[str] = set()
    for path in [ROOT / "db" / "env.py", *sorted((ROOT / "db" / "versions").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return sorted(names - {"__future__"})


def hidden_imports() -> list[str]:
    return sorted(set(HIDDEN_IMPORTS) | set(migration_imports()))


def excludes() -> list[str]:
    return QT_EXCLUDES + PY_EXCLUDES


def keep(dest: str) -> bool:
    """False for what PyInstaller's Qt hooks collect but a desktop app never loads."""
    path = Path(dest)
    if DROP_FOLDERS.intersection(path.parts[:-1]):
        return False
    return not any(path.name.startswith(prefix) for prefix in DROP_PREFIXES)


def windows_version_info():  # noqa: ANN201 - PyInstaller's type exists on Windows only
    """File and product version of the .exe files, from the package version."""
    if sys.platform != "win32":
        return None
    from PyInstaller.utils.win32 import versioninfo as vi

    numbers = tuple(int(p) for p in version().split(".")[:3] if p.isdigit())
    four = (numbers + (0, 0, 0, 0))[:4]
    strings = [
        vi.StringStruct("CompanyName", APP_NAME),
        vi.StringStruct("FileDescription", APP_NAME),
        vi.StringStruct("FileVersion", version()),
        vi.StringStruct("InternalName", CLI_NAME),
        vi.StringStruct("OriginalFilename", f"{APP_NAME}.exe"),
        vi.StringStruct("ProductName", APP_NAME),
        vi.StringStruct("ProductVersion", version()),
    ]
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=four, prodvers=four),
        kids=[
            vi.StringFileInfo([vi.StringTable("080904B0", strings)]),  # en-GB, Unicode
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0809, 1200])]),
        ],
    )

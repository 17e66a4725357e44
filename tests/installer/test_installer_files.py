"""Quick checks of the installer's files, without building anything."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import platformdirs
import pytest

import send_desktop
from send_desktop import APP_NAME, paths
from send_desktop.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def test_the_bundle_version_is_the_package_version(bundle_module: ModuleType):
    assert bundle_module.version() == send_desktop.__version__


def test_what_the_migrations_import_can_be_found(bundle_module: ModuleType):
    """Alembic loads db/ from files, so these must be named to PyInstaller; they must exist."""
    hidden = bundle_module.hidden_imports()
    assert {"alembic.op", "alembic.context", "sqlalchemy", "logging.config"} <= set(hidden)
    assert "send_desktop.storage.models" in hidden  # imported by db/env.py
    assert [name for name in hidden if importlib.util.find_spec(name) is None] == []


def test_data_files_cover_migrations_and_resources(bundle_module: ModuleType):
    pairs = bundle_module.datas()
    bundled = {f"{dest}/{Path(src).name}" for src, dest in pairs}
    versions = {f"db/versions/{p.name}" for p in (ROOT / "db" / "versions").glob("*.py")}
    assert versions and versions <= bundled
    assert {
        "db/alembic.ini",
        "db/env.py",
        "db/script.py.mako",
        "resources/style/app.qss",
    } <= bundled
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in bundled)
    assert "resources/screenshot.png" not in bundled


@pytest.mark.parametrize(
    "dest, kept",
    [
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt6Network.dll", False),
    ],
)
def test_keep_drops_only_unused_qt_parts(bundle_module: ModuleType, dest: str, kept: bool):
    assert bundle_module.keep(dest) is kept


def test_the_windows_installer_keeps_the_users_data_folder():
    """Per-user install into its own folder; the data folder is only ever named, not removed."""
    iss = (ROOT / "installer" / "send-desktop.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert "DefaultDirName={userpf}\\{#AppName}" in iss
    assert f'#define AppName "{APP_NAME}"' in iss
    removed = re.findall(r"^Type: filesandordirs; Name: \"(.+)\"$", iss, flags=re.M)
    assert removed and all(name.startswith("{app}\\") for name in removed)
    # The uninstall message names the data folder: %LOCALAPPDATA%\<appname> on Windows
    # (paths.py asks platformdirs for no author folder).
    assert "ExpandConstant('{localappdata}\\{#AppName}')" in iss


def test_the_data_folder_is_named_after_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path):
    seen: list[tuple[tuple[object, ...], dict[str, object]]] = []

    def fake(*args: object, **kwargs: object) -> str:
        seen.append((args, kwargs))
        return str(tmp_path)

    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", fake)
    assert paths.data_home() == tmp_path
    assert seen == [((APP_NAME,), {"appauthor": False, "roaming": False})]


@pytest.mark.parametrize("text, seconds", [("2", 2.0), ("0.5", 0.5)])
def test_quit_after_takes_seconds(text: str, seconds: float):
    assert build_parser().parse_args(["--quit-after", text]).quit_after == seconds


@pytest.mark.parametrize("text", ["0", "-1", "abc", "nan", "inf"])
def test_quit_after_refuses_what_is_not_a_duration(text: str, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["--quit-after", text])
    assert exc.value.code == 2
    assert "--quit-after" in capsys.readouterr().err


def test_quit_after_closes_the_window(qtbot, home, tmp_path):
    from send_desktop.app import run_gui

    assert run_gui(tmp_path / "q.sqlite", quit_after=0.2) == 0
    assert (home / "ui-state.ini").is_file()

"""`send-desktop export` and `send-desktop pack` as other tools call them: real processes."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from cli_run import run
from pypdf import PdfReader


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    path = tmp_path_factory.mktemp("db") / "demo.sqlite"
    done = run("demo", "--db", str(path), home=home)
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.mark.parametrize(
    "kind", ["settings", "cohorts", "waitlist", "bids", "referrals", "actions"]
)
def test_export_prints_the_path_and_exits_0(demo, tmp_path, home, kind):
    target = tmp_path / f"{kind}.xlsx"
    done = run("export", kind, "--db", str(demo), "-o", str(target), home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    assert done.stderr == ""
    ws = openpyxl.load_workbook(target).active
    assert ws.max_row > 1 and ws.freeze_panes == "A2"


def test_pack_prints_the_path_and_exits_0(demo, tmp_path, home):
    target = tmp_path / "cohort 1.pdf"
    done = run("pack", "cohort", "Cohort 1", "--db", str(demo), "-o", str(target), home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Cohort 1" in text and "Sign-in sheet" in text


def test_pack_for_one_session(demo, tmp_path, home):
    target = tmp_path / "session 2.pdf"
    args = ("pack", "cohort", "Cohort 1", "--session", "2", "--db", str(demo))
    done = run(*args, "-o", str(target), home=home)
    assert done.returncode == 0, done.stderr
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert text.count("Signature") == 1
    missing = run(*args[:4], "99", *args[5:], "-o", str(tmp_path / "x.pdf"), home=home)
    assert missing.returncode == 1
    assert "Cohort 1 has no session 99" in missing.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_kind_is_a_usage_error(demo, tmp_path, home):
    done = run("export", "nonsense", "--db", str(demo), "-o", str(tmp_path / "x.xlsx"), home=home)
    assert done.returncode == 2
    assert "settings" in done.stderr  # the known kinds are listed
    assert not (tmp_path / "x.xlsx").exists()


def test_unknown_cohort_is_bad_data(demo, tmp_path, home):
    target = tmp_path / "x.pdf"
    done = run("pack", "cohort", "Cohort 99", "--db", str(demo), "-o", str(target), home=home)
    assert done.returncode == 1
    assert "no cohort called 'Cohort 99'" in done.stderr and "'Cohort 1'" in done.stderr
    assert done.stdout == ""
    assert not target.exists()


@pytest.mark.parametrize(
    "name", ["missing folder/out", "a file.txt/out", "a folder"], ids=["missing", "file", "folder"]
)
@pytest.mark.parametrize("command", ["export", "pack"])
def test_an_unwritable_target_exits_2_and_leaves_nothing(demo, tmp_path, home, name, command):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a file.txt").write_text("x")
    suffix = ".xlsx" if command == "export" else ".pdf"
    (out / f"a folder{suffix}").mkdir()
    target = out / f"{name}{suffix}"
    args = ["export", "settings"] if command == "export" else ["pack", "cohort", "Cohort 1"]
    before = sorted(p.name for p in out.rglob("*"))
    done = run(*args, "--db", str(demo), "-o", str(target), home=home)
    assert done.returncode == 2, done.stderr
    assert str(target) in done.stderr or str(target.parent) in done.stderr
    assert done.stdout == ""
    assert sorted(p.name for p in out.rglob("*")) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_exits_2(demo, tmp_path, home):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        done = run("export", "settings", "--db", str(demo), "-o", str(out / "x.xlsx"), home=home)
        assert done.returncode == 2 and list(out.iterdir()) == []
    finally:
        out.chmod(0o755)


def test_the_output_must_have_the_right_suffix(demo, tmp_path, home):
    done = run("export", "settings", "--db", str(demo), "-o", str(tmp_path / "x.csv"), home=home)
    assert done.returncode == 2 and "must end in .xlsx" in done.stderr
    done = run(
        "pack", "cohort", "Cohort 1", "--db", str(demo), "-o", str(tmp_path / "x"), home=home
    )
    assert done.returncode == 2 and "must end in .pdf" in done.stderr
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x").exists()


def test_a_missing_database_is_a_usage_error(tmp_path, home):
    done = run(
        "export",
        "settings",
        "--db",
        str(tmp_path / "none.sqlite"),
        "-o",
        str(tmp_path / "x.xlsx"),
        home=home,
    )
    assert done.returncode == 2 and "no such file" in done.stderr


def test_an_existing_file_is_replaced_whole(demo, tmp_path, home):
    target = tmp_path / "settings.xlsx"
    target.write_bytes(b"yesterday's export")
    done = run("export", "settings", "--db", str(demo), "-o", str(target), home=home)
    assert done.returncode == 0
    assert openpyxl.load_workbook(target).active.max_row > 300
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["settings.xlsx"]


def test_export_with_a_password_from_the_environment_never_the_command_line(
    demo, tmp_path, home, monkeypatch
):
    import io

    import msoffcrypto

    target = tmp_path / "settings.xlsx"
    monkeypatch.delenv("SEND_DESKTOP_EXPORT_PASSWORD", raising=False)
    done = run("export", "settings", "--db", str(demo), "-o", str(target), "--password", home=home)
    assert done.returncode == 2 and "needs a terminal" in done.stderr  # stdin is a pipe here
    assert not target.exists()
    monkeypatch.setenv("SEND_DESKTOP_EXPORT_PASSWORD", "short")
    done = run("export", "settings", "--db", str(demo), "-o", str(target), "--password", home=home)
    assert done.returncode == 2 and "at least 8 characters" in done.stderr
    monkeypatch.setenv("SEND_DESKTOP_EXPORT_PASSWORD", "Tr1rp-2026")
    done = run("export", "settings", "--db", str(demo), "-o", str(target), "--password", home=home)
    assert done.returncode == 0, done.stderr
    with target.open("rb") as fh:
        office = msoffcrypto.OfficeFile(fh)
        assert office.is_encrypted()
        office.load_key(password="Tr1rp-2026")
        plain = io.BytesIO()
        office.decrypt(plain)
    assert openpyxl.load_workbook(plain).active.max_row > 1

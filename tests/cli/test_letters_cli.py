"""`send-desktop pack letters` as other tools call it: a real process on the demo database."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run
from pypdf import PdfReader

ROUND = "Enhanced pathways 2023"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def demo(tmp_path_factory, home) -> Path:
    path = tmp_path_factory.mktemp("db") / "demo.sqlite"
    assert run("demo", "--db", str(path), home=home).returncode == 0
    return path


def bids(demo: Path, where: str = "1") -> int:
    import sqlite3

    with sqlite3.connect(demo) as conn:
        return conn.execute(f"SELECT count(*) FROM bid WHERE {where}").fetchone()[0]


def test_one_pdf_per_school_in_a_folder(demo, home, tmp_path):
    out = tmp_path / "invitations"
    done = run("pack", "letters", "--round", ROUND, "--kind", "invitation", "-o", str(out),
               "--db", str(demo), home=home)  # fmt: skip
    assert done.returncode == 0, done.stderr
    printed = [Path(line) for line in done.stdout.splitlines()]
    assert len(printed) == bids(demo) and all(p.parent == out for p in printed)
    assert sorted(out.iterdir()) == sorted(printed)
    assert all(p.name.startswith("invitation - ") for p in printed)


def test_award_letters_combined_in_one_pdf(demo, home, tmp_path):
    target = tmp_path / "awards.pdf"
    done = run("pack", "letters", "--round", ROUND, "--kind", "award", "--combined",
               "-o", str(target), "--db", str(demo), home=home)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [str(target)]
    awarded = bids(demo, "awarded_pence > 0 AND status NOT IN ('declined', 'withdrawn')")
    text = [p.extract_text() for p in PdfReader(target).pages]
    assert sum("Dear " in t for t in text) == awarded
    assert "left out (no award)" in done.stderr


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--round", "No such round", "--kind", "award"], 1, "no funding round called"),
        (["--kind", "award"], 2, "needs --round NAME and --kind"),
        (["--round", ROUND, "--kind", "award", "--combined"], 2, "must end in .pdf"),
    ],
)
def test_bad_input_exits_with_a_message_and_writes_nothing(demo, home, tmp_path, args, code, words):
    out = tmp_path / "out"
    done = run("pack", "letters", *args, "-o", str(out), "--db", str(demo), home=home)
    assert done.returncode == code and words in done.stderr
    assert not out.exists()

"""'send-desktop pack board -o FILE.pdf' writes the board report; 'pack cohort' needs a name."""

from __future__ import annotations

import kpi_rows
from cli_run import run
from pypdf import PdfReader

from send_desktop.storage.database import create_database


def text_of(path) -> str:  # noqa: ANN001
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_pack_board_writes_the_report_and_pack_cohort_still_needs_a_name(tmp_path):
    path = tmp_path / "k.sqlite"
    db = create_database(path)
    kpi_rows.seed(db)
    db.close()
    out = tmp_path / "board.pdf"
    result = run("pack", "board", "--db", str(path), "-o", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert "Outreach referrals open" in text_of(out)
    result = run("pack", "cohort", "--db", str(path), "-o", str(out), home=tmp_path)
    assert result.returncode == 2
    assert "needs the cohort's NAME" in result.stderr
    result = run("pack", "board", "--db", str(path), "-o", str(tmp_path / "b.txt"), home=tmp_path)
    assert result.returncode == 2

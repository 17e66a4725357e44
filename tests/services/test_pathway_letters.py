"""Enhanced pathways letters: one PDF per school, the template filled, unknown fields refused."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from send_desktop.interchange.pdf import pathway_letters as pdf
from send_desktop.services import pathway_letters


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from send_desktop.services.demo import build_demo

    db = build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    yield db
    db.close()


def text_of(path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_invitations_and_awards_one_per_school(demo, tmp_path):
    round_ = "Enhanced pathways 2023"
    invites = pathway_letters.write_letters(
        demo, round_name=round_, kind="invitation", folder=tmp_path, today=date(2023, 7, 14)
    ).paths
    bids = demo.query("SELECT count(*) FROM bid")[0][0]
    assert len(invites) == bids
    words = text_of(invites[0])
    assert "Friday 14 July 2023" in words and "Friday 11 August 2023" in words
    assert "${" not in words and "September 2023 Year 7" in words
    awards = pathway_letters.write_letters(
        demo, round_name=round_, kind="award", folder=tmp_path, today=date(2023, 11, 1)
    ).paths
    awarded = demo.query("SELECT count(*) FROM bid WHERE awarded_pence > 0")[0][0]
    assert len(awards) == awarded > 0
    assert "£30,000" in text_of(awards[0])


def test_edited_template_is_used_and_unknown_placeholder_refused(demo, tmp_path):
    template = "Hello ${school}\n\nYou asked for ${requested}; award ${awarded}."
    written = pathway_letters.write_letters(
        demo, round_name="Enhanced pathways 2023", kind="award", folder=tmp_path,
        template=template,
    ).paths  # fmt: skip
    assert text_of(written[0]).count("Hello") == 1
    with pytest.raises(pdf.TemplateError, match=r"\$\{pupil_name\}"):
        pathway_letters.write_letters(
            demo, round_name="Enhanced pathways 2023", kind="award", folder=tmp_path,
            template="Dear ${pupil_name}",
        )  # fmt: skip


def test_fill_splits_heading_and_paragraphs():
    heading, paras = pdf.fill("Title ${school}\n\nOne\nline\n\n\nTwo", {"school": "A & B"})
    assert heading == "Title A & B" and paras == ["One line", "Two"]


def test_chosen_bids_combined_in_one_pdf_with_progress(demo, tmp_path):
    ids = [r[0] for r in demo.query(
        "SELECT b.id FROM bid b JOIN setting s ON s.id = b.setting_id ORDER BY s.name LIMIT 3"
    )]  # fmt: skip
    names = [r[0] for r in demo.query(
        "SELECT s.name FROM bid b JOIN setting s ON s.id = b.setting_id ORDER BY s.name LIMIT 3"
    )]  # fmt: skip
    seen = []
    result = pathway_letters.write_letters(
        demo, kind="invitation", bid_ids=ids, path=tmp_path / "all.pdf",
        progress=lambda f, m: seen.append(f),
    )  # fmt: skip
    assert result.letters == 3 and result.paths == [tmp_path / "all.pdf"]
    reader = PdfReader(result.paths[0])
    starts = [i for i, p in enumerate(reader.pages) if "Dear " in p.extract_text()]
    assert len(starts) == 3  # each letter starts on its own page
    words = text_of(result.paths[0])
    assert all(name.split()[0] in words for name in names)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_award_letters_leave_out_bids_without_an_award(demo, tmp_path):
    ids = [r[0] for r in demo.query("SELECT id FROM bid")]
    result = pathway_letters.write_letters(demo, kind="award", bid_ids=ids, folder=tmp_path)
    awarded = demo.query(
        "SELECT count(*) FROM bid WHERE awarded_pence > 0 "
        "AND status NOT IN ('declined', 'withdrawn')"
    )[0][0]
    assert result.letters == len(result.paths) == awarded
    assert len(result.skipped) == len(ids) - awarded > 0


def test_a_cancel_keeps_no_letter(demo, tmp_path):
    from send_desktop.services.tasks import CancelledError, CancelToken

    token = CancelToken()
    calls = []

    def progress(fraction, message):
        calls.append(fraction)
        if len(calls) == 3:
            token.cancel()

    out = tmp_path / "out"  # its own folder: the test's data folder may appear beside it
    out.mkdir()
    with pytest.raises(CancelledError):
        pathway_letters.write_letters(
            demo, kind="invitation", round_name="Enhanced pathways 2023",
            path=out / "all.pdf", progress=progress, cancel=token,
        )  # fmt: skip
    assert list(out.iterdir()) == []


def test_the_lead_edits_the_wording_kept_in_the_database(demo, tmp_path):
    kind = "invitation"
    assert pathway_letters.letter_template(demo, kind) == pdf.INVITATION
    wording = "Come and join us, ${school}\n\nDear ${contact},\n\nReply by ${respond_by}."
    pathway_letters.save_letter_template(demo, kind, wording)
    assert pathway_letters.letter_template(demo, kind) == wording
    assert pathway_letters.is_edited(demo, kind)
    result = pathway_letters.write_letters(
        demo, kind=kind, round_name="Enhanced pathways 2023", folder=tmp_path
    )
    assert "Come and join us" in text_of(result.paths[0])
    with pytest.raises(pdf.TemplateError, match=r"\$\{headteacher\}"):
        pathway_letters.save_letter_template(demo, kind, "Dear ${headteacher}")
    assert pathway_letters.letter_template(demo, kind) == wording  # the refused one not kept
    pathway_letters.reset_letter_template(demo, kind)
    assert pathway_letters.letter_template(demo, kind) == pdf.INVITATION
    assert not pathway_letters.is_edited(demo, kind)


def test_combined_letters_are_numbered_each_on_its_own(demo, tmp_path):
    """A letter posted to a school says 'Page 1 of 2', never 'Page 7 of 13' of the batch."""
    long_letter = "Invitation ${school}\n\n" + "\n\n".join(
        f"Paragraph {n} about the enhanced pathway for ${{school}}. " * 6 for n in range(40)
    )
    ids = [r[0] for r in demo.query("SELECT id FROM bid LIMIT 3")]
    result = pathway_letters.write_letters(
        demo, kind="invitation", bid_ids=ids, path=tmp_path / "all.pdf", template=long_letter
    )
    footers = [
        next(line for line in p.extract_text().splitlines() if line.startswith("Page "))
        for p in PdfReader(result.paths[0]).pages
    ]
    runs, at = [], 0
    while at < len(footers):
        pages = int(footers[at].rsplit(" ", 1)[1])
        runs.append(footers[at : at + pages])
        assert runs[-1] == [f"Page {n} of {pages}" for n in range(1, pages + 1)]
        at += pages
    assert len(runs) == 3 and all(len(run) >= 2 for run in runs)

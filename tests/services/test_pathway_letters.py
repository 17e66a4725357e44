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
    )
    bids = demo.query("SELECT count(*) FROM bid")[0][0]
    assert len(invites) == bids
    words = text_of(invites[0])
    assert "Friday 14 July 2023" in words and "Friday 11 August 2023" in words
    assert "${" not in words and "September 2023 Year 7" in words
    awards = pathway_letters.write_letters(
        demo, round_name=round_, kind="award", folder=tmp_path, today=date(2023, 11, 1)
    )
    awarded = demo.query("SELECT count(*) FROM bid WHERE awarded_pence > 0")[0][0]
    assert len(awards) == awarded > 0
    assert "£30,000" in text_of(awards[0])


def test_edited_template_is_used_and_unknown_placeholder_refused(demo, tmp_path):
    template = "Hello ${school}\n\nYou asked for ${requested}; award ${awarded}."
    written = pathway_letters.write_letters(
        demo, round_name="Enhanced pathways 2023", kind="award", folder=tmp_path,
        template=template,
    )  # fmt: skip
    assert text_of(written[0]).count("Hello") == 1
    with pytest.raises(pdf.TemplateError, match=r"\$\{pupil_name\}"):
        pathway_letters.write_letters(
            demo, round_name="Enhanced pathways 2023", kind="award", folder=tmp_path,
            template="Dear ${pupil_name}",
        )  # fmt: skip


def test_fill_splits_heading_and_paragraphs():
    heading, paras = pdf.fill("Title ${school}\n\nOne\nline\n\n\nTwo", {"school": "A & B"})
    assert heading == "Title A & B" and paras == ["One line", "Two"]

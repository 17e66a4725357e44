"""The "offer to schools" package catalogue PDF: built from the database, read back with pypdf."""

from __future__ import annotations

from datetime import date

from outreach_helpers import make_catalogue
from pypdf import PdfReader

from send_desktop.services import packs
from send_desktop.storage.models import OutreachPackage


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_the_catalogue_lists_open_packages_with_their_evidence(db, tmp_path):
    make_catalogue(db, places=3)
    with db.transaction() as s:
        small = s.query(OutreachPackage).filter_by(name="Small package").one()
        small.description = "Six visits on regulation & co-regulation <for staff>."
        small.hours = 9
    path = packs.make_outreach_catalogue(
        db, path=tmp_path / "catalogue.pdf", today=date(2024, 9, 2), produced_by="Lead A"
    )
    reader = PdfReader(path)
    assert reader.metadata.title == "Outreach packages \u2014 offer to schools"
    text = pdf_text(path)
    assert "Outreach and in-reach packages" in text
    assert "Small package" in text and "Hawthorn Special School" in text
    assert "Six visits on regulation & co-regulation <for staff>." in text
    assert "6 sessions, 9 hours" in text
    assert "Two assess-plan-do-review cycles" in text and "Boxall profile or SDQ" in text
    assert "Closed package" not in text  # not open for applications
    assert "Do not include any child's name" in text
    assert "Produced on Monday 2 September 2024 by Lead A" in text


def test_an_empty_catalogue_says_so(db, tmp_path):
    path = packs.make_outreach_catalogue(db, path=tmp_path / "empty.pdf")
    assert "No package is open for applications at the moment." in pdf_text(path)


def test_the_catalogue_exports_to_xlsx_with_every_detail(db, tmp_path):
    import openpyxl

    from send_desktop.services import exports

    make_catalogue(db, places=3)
    path = exports.export(db, kind="packages", path=tmp_path / "packages.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    header, *body = list(sheet.iter_rows(values_only=True))
    record = dict(zip(header, body[1], strict=True))  # providers' packages in name order
    assert record["Package"] == "Small package" and record["Places per term"] == 3
    assert record["Evidence required"] == "Two assess-plan-do-review cycles; Boxall profile or SDQ"
    assert record["Open"] in ("Yes", True)

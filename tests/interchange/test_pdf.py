"""The house style's page and blocks, read back with pypdf."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from send_desktop.interchange.atomic import TargetError
from send_desktop.interchange.pdf import blocks as b
from send_desktop.interchange.pdf.document import DocumentInfo, build_pdf

NAMES = ["St Thomas à Becket", "Awel Y Môr", "Ysgol Gymraeg Bro Ogwr", "Zoë Ní Bhriain"]


def info(**kwargs) -> DocumentInfo:
    values = {"title": "Test document", "author": "A. Lead", "header_right": "Produced 01/02/2024"}
    return DocumentInfo(**(values | kwargs))


def long_table(rows: int = 120) -> list:
    data = [(i, NAMES[i % len(NAMES)], f"Row {i}") for i in range(1, rows + 1)]
    return [*b.heading("A long table"), b.data_table(["#", "Setting", "Note"], data, [10, 100, 64])]


def fonts_of(reader: PdfReader) -> dict[str, bool]:
    """Base font name -> embedded, over every page."""
    out: dict[str, bool] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            out[str(font["/BaseFont"])] = embedded
    return out


def test_unicode_names_are_embedded_and_come_back_as_text(tmp_path):
    story = [*b.heading("Settings"), *[b.para(name) for name in NAMES]]
    path = build_pdf(tmp_path / "doc.pdf", story, info(cover=False))
    reader = PdfReader(path)
    text = reader.pages[0].extract_text()
    for name in NAMES:
        assert name in text
    used = {name: embedded for name, embedded in fonts_of(reader).items() if "DejaVu" in name}
    assert used and all(used.values())  # the TrueType font is inside the file


def test_metadata_title_author_and_language(tmp_path):
    path = build_pdf(tmp_path / "doc.pdf", [b.para("Hello")], info(subject="Subj"))
    reader = PdfReader(path)
    assert reader.metadata.title == "Test document"
    assert reader.metadata.author == "A. Lead"
    assert reader.metadata.subject == "Subj"
    assert reader.metadata.creator.startswith("SEND Desktop")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_running_header_page_numbers_and_repeated_table_header(tmp_path):
    story = [b.para("Cover"), *b.section("Body"), *long_table()]
    path = build_pdf(tmp_path / "doc.pdf", story, info())
    pages = [p.extract_text() for p in PdfReader(path).pages]
    assert len(pages) >= 4
    assert "Test document" not in pages[0] and "Page" not in pages[0]  # the cover is bare
    body = pages[1:]
    for number, text in enumerate(body, start=1):
        assert "Test document" in text and "Produced 01/02/2024" in text
        assert f"Page {number} of {len(body)}" in text
        assert "Setting" in text and "Note" in text  # the table's header on every page


def test_no_page_ends_with_a_lone_row(tmp_path):
    for rows in range(36, 48):
        path = build_pdf(tmp_path / f"doc{rows}.pdf", long_table(rows), info(cover=False))
        counts = [len(re.findall(r"\bRow \d+\b", p.extract_text())) for p in PdfReader(path).pages]
        assert sum(counts) == rows
        assert min(counts) >= 3, (rows, counts)


def test_text_is_escaped_not_markup(tmp_path):
    story = [
        b.para("Smith & Jones <Academy> <b>not bold</b>"),
        b.quote("Said <this> & that", "Head & SENCo"),
    ]
    path = build_pdf(tmp_path / "doc.pdf", story, info(cover=False))
    text = PdfReader(path).pages[0].extract_text()
    assert "Smith & Jones <Academy> <b>not bold</b>" in text
    assert "Said <this> & that" in text and "Head & SENCo" in text


def test_password_protection(tmp_path):
    path = build_pdf(
        tmp_path / "doc.pdf", [b.para("Secret: Awel Y Môr")], info(cover=False), password="s3cret"
    )
    reader = PdfReader(path)
    assert reader.is_encrypted
    assert reader.decrypt("wrong") == 0
    assert reader.decrypt("s3cret") != 0
    assert "Awel Y Môr" in reader.pages[0].extract_text()


def test_an_unwritable_target_leaves_nothing(tmp_path):
    out = tmp_path / "out"  # its own folder: the test's data folder may appear beside it
    out.mkdir()
    with pytest.raises(TargetError):
        build_pdf(out / "missing" / "doc.pdf", [b.para("x")], info())
    assert list(out.iterdir()) == []


def test_a_failure_during_layout_leaves_nothing(tmp_path):
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"old")

    def stop() -> None:
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        build_pdf(target, long_table(), info(), before_save=stop)
    assert target.read_bytes() == b"old"
    assert [p.name for p in Path(tmp_path).iterdir()] == ["doc.pdf"]

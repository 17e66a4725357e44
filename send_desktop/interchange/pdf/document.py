"""The house page: running header, "Page N of M" footer, metadata, optional password.

    build_pdf(path, story, DocumentInfo(title=..., author=...), password=None) -> Path

Every document gets its title, author, subject, creator and language (en-GB) set, and asks
PDF readers to show the title rather than the file name. The first page can be a cover
(no running header, no page number). With a ``password`` the file is encrypted with
reportlab's standard security handler (RC4 128-bit, revision 3: the strongest reportlab
offers without an extra package; its 256-bit mode hashes the password once, which is no
harder to guess). The file is written to a temporary name beside the target and renamed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from send_desktop import __version__
from send_desktop.interchange.atomic import atomic_path
from send_desktop.interchange.pdf import style as st

LANGUAGE = "en-GB"


@dataclass(frozen=True)
class DocumentInfo:
    title: str  # metadata title, and the running header's left side
    author: str
    subject: str = ""
    keywords: tuple[str, ...] = ()
    header_right: str = ""  # e.g. "Produced 22/11/2025"
    footer_left: str = ""  # e.g. a handling note
    cover: bool = True  # the first page has no header and no page number
    cover_band: str = ""  # text in the coloured band across the top of the cover
    language: str = LANGUAGE
    landscape: bool = False  # wide tables (a printed list with many columns)


def _canvas_class(info: DocumentInfo) -> type[Canvas]:
    """A canvas that holds each page back until the end, then draws the running header and
    "Page N of M" on every page (the total is only known then)."""

    class HouseCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            # pages where a part (blocks.PartStart: e.g. one letter of a combined print) begins
            starts = sorted({s["house_part_start"] for s in self._pages if "house_part_start" in s})
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_chrome(total, starts)
                super().showPage()
            super().save()

        def _page_of(self, number: int, total: int, starts: list[int]) -> tuple[int, int]:
            """(page, pages) as the footer counts them: within the part, if parts are marked."""
            start = getattr(self, "house_part_start", None)
            if start is None:
                return (number - 1, total - 1) if info.cover else (number, total)
            end = next((s - 1 for s in starts if s > start), total)
            return number - start + 1, end - start + 1

        def _draw_chrome(self, total: int, starts: list[int]) -> None:
            number = self._pageNumber
            width, height = self._pagesize
            if info.cover and number == 1:
                self._draw_cover_band(width, height)
                return
            left, right = st.MARGIN_X, width - st.MARGIN_X
            self.saveState()
            top = height - 13 * mm
            self.setFont(st.FONT_BOLD, 8)
            self.setFillColor(st.NAVY)
            self.drawString(left, top, info.title)
            self.setFont(st.FONT, 8)
            self.setFillColor(st.MUTED)
            label = getattr(self, "house_label", "")  # set by blocks.RunningLabel
            if label:
                title_width = self.stringWidth(info.title, st.FONT_BOLD, 8)
                self.drawString(left + title_width, top, f"  \u00b7  {label}")
            if info.header_right:
                self.drawRightString(right, top, info.header_right)
            self.setStrokeColor(st.RULE)
            self.setLineWidth(0.6)
            self.line(left, top - 2.5 * mm, right, top - 2.5 * mm)
            bottom = 10 * mm
            self.setFont(st.FONT, 8)
            if info.footer_left:
                self.drawString(left, bottom, info.footer_left)
            shown, count = self._page_of(number, total, list(starts))
            self.drawRightString(right, bottom, f"Page {shown} of {count}")
            self.restoreState()

        def _draw_cover_band(self, width: float, height: float) -> None:
            self.saveState()
            self.setFillColor(st.NAVY)
            self.rect(0, height - 34 * mm, width, 34 * mm, stroke=0, fill=1)
            self.setFillColor(st.ACCENT)
            self.rect(0, height - 36 * mm, width, 2 * mm, stroke=0, fill=1)
            if info.cover_band:
                self.setFillColor(st.WHITE)
                self.setFont(st.FONT_BOLD, 13)
                self.drawString(st.MARGIN_X, height - 20 * mm, info.cover_band)
            self.restoreState()

    return HouseCanvas


class HouseDocument(BaseDocTemplate):
    """A4 (portrait unless the info says landscape) in the house margins; one frame a page."""

    def __init__(self, filename: str, info: DocumentInfo, password: str | None = None) -> None:
        encrypt = None
        if password:
            encrypt = StandardEncryption(password, canPrint=1, canCopy=1, strength=128)
        super().__init__(
            filename,
            pagesize=landscape(st.PAGE_SIZE) if info.landscape else st.PAGE_SIZE,
            leftMargin=st.MARGIN_X,
            rightMargin=st.MARGIN_X,
            topMargin=st.MARGIN_TOP,
            bottomMargin=st.MARGIN_BOTTOM,
            title=info.title,
            author=info.author,
            subject=info.subject,
            keywords=list(info.keywords),
            creator=f"SEND Desktop {__version__}",
            lang=info.language,
            encrypt=encrypt,
            displayDocTitle=True,
            initialFontName=st.FONT,
        )
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])


def build_pdf(
    path: Path,
    story: Sequence[Flowable],
    info: DocumentInfo,
    *,
    password: str | None = None,
    before_save: Callable[[], None] | None = None,
) -> Path:
    """Lay out ``story`` in the house page and write it to ``path`` (temporary name, then
    renamed). ``before_save`` runs after layout, before the file is renamed into place
    (a cancel check). Raises ``atomic.TargetError`` if the folder cannot take the file."""
    st.register_fonts()
    path = Path(path)
    with atomic_path(path) as partial:
        doc = HouseDocument(str(partial), info, password)
        doc.build(list(story), canvasmaker=_canvas_class(info))
        if before_save is not None:
            before_save()
    return path

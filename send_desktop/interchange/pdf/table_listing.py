"""A table as shown on screen, printed: the columns and rows the person sees, in order.

    render(path, listing, author=, password=, on_rows=) -> Path

Used for File → Print… and for saving a page as PDF. The page turns landscape when the
columns would be cramped in portrait; column widths follow the text they hold (header and
a sample of values), numbers are right-aligned, and the header row repeats on every page.
Rows are laid out in chunks with a ``Checkpoint`` between them, so a long list reports
progress and can be cancelled part-way (nothing is written then).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from send_desktop.interchange.pdf import blocks
from send_desktop.interchange.pdf import style as st
from send_desktop.interchange.pdf.document import DocumentInfo, build_pdf

CHUNK = 400  # rows per table between progress checkpoints
NUMERIC = {"int", "money"}
MIN_COLUMN_MM, MAX_COLUMN_MM = 12.0, 80.0
NARROW_MM = 28.0  # columns this narrow are never squeezed


@dataclass(frozen=True)
class Listing:
    title: str  # e.g. "Settings"
    headers: Sequence[str]
    kinds: Sequence[str]  # per column: text | int | date | money | bool
    rows: Sequence[Sequence[str]]  # display text, as the table shows it
    note: str = ""  # e.g. "Filtered: 'primary' · sorted by Name"


def _natural_widths(listing: Listing) -> list[float]:
    """Points each column would like: its header or its widest sampled value."""
    sample = listing.rows[:300]
    widths = []
    for c, header in enumerate(listing.headers):
        head = stringWidth(header, st.FONT_BOLD, st.TABLE_SIZE)
        body = max((stringWidth(r[c], st.FONT, st.TABLE_SIZE) for r in sample), default=0)
        wanted = max(head, body) + 2 * blocks.PAD + 2
        widths.append(min(max(wanted, MIN_COLUMN_MM * mm), MAX_COLUMN_MM * mm))
    return widths


def layout(listing: Listing) -> tuple[bool, list[float]]:
    """Whether to print landscape, and the column widths in millimetres.

    Narrow columns (codes, dates, numbers) keep the width their text needs, so a URN or a
    date never wraps; wide text columns share what is left in proportion and wrap."""
    st.register_fonts()
    natural = _natural_widths(listing)
    portrait_width = st.PAGE_SIZE[0] - 2 * st.MARGIN_X
    is_landscape = sum(natural) > portrait_width
    page_width = landscape(st.PAGE_SIZE)[0] if is_landscape else st.PAGE_SIZE[0]
    available = page_width - 2 * st.MARGIN_X
    if sum(natural) <= available:
        scale = available / (sum(natural) or 1)
        return is_landscape, [w * scale / mm for w in natural]
    narrow = [w <= NARROW_MM * mm for w in natural]
    fixed = sum(w for w, n in zip(natural, narrow, strict=True) if n)
    wide_total = sum(w for w, n in zip(natural, narrow, strict=True) if not n) or 1
    share = max(available - fixed, 0) / wide_total
    widths = [w if n else w * share for w, n in zip(natural, narrow, strict=True)]
    return is_landscape, [w / mm for w in widths]


def story(
    listing: Listing, widths_mm: Sequence[float], on_rows: Callable[[int], None] | None
) -> list[Flowable]:
    numeric = [i for i, k in enumerate(listing.kinds) if k in NUMERIC]
    parts: list[Flowable] = [
        *blocks.heading(listing.title),
        blocks.para(f"{len(listing.rows):,} rows · printed {date.today():%d/%m/%Y}", muted=True),
    ]
    if listing.note:
        parts.append(blocks.para(listing.note, muted=True))
    parts.append(blocks.space(3))
    if not listing.rows:
        parts.append(blocks.para("There are no rows to print (is a filter hiding them?)."))
        return parts
    for start in range(0, len(listing.rows), CHUNK):
        chunk = listing.rows[start : start + CHUNK]
        if on_rows is not None:
            parts.append(blocks.Checkpoint(lambda done=start: on_rows(done)))
        parts.append(blocks.data_table(listing.headers, chunk, widths_mm, numeric=numeric))
    if on_rows is not None:
        parts.append(blocks.Checkpoint(lambda: on_rows(len(listing.rows))))
    return parts


def render(
    path: Path,
    listing: Listing,
    *,
    author: str,
    password: str | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> Path:
    """Write the listing to ``path`` as a PDF (temporary name, then renamed)."""
    is_landscape, widths = layout(listing)
    info = DocumentInfo(
        title=listing.title,
        author=author,
        subject=f"{listing.title}, as listed in SEND Desktop",
        header_right=f"Printed {date.today():%d/%m/%Y}",
        cover=False,
        landscape=is_landscape,
    )
    return build_pdf(path, story(listing, widths, on_rows), info, password=password)

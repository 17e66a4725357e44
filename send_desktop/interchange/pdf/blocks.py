"""Building blocks in the house style: headings, text, tables, key facts, figures, quotes.

Every block takes plain text (escaped here: a school called "Smith & Jones <Academy>" prints
as written) and returns reportlab flowables to put in a story for ``document.build_pdf``.
Tables repeat their header row on every page they run onto; a cell wraps only when its
text is wider than the column (plain strings are several times faster to lay out than
paragraphs, which matters for a 40-page pack).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from send_desktop.interchange.pdf import style as st

PAD = 3.5  # points of padding left and right in a table cell


def text(value: object) -> str:
    """Paragraph markup for plain text: escaped, line breaks kept."""
    if value is None:
        return ""
    return escape(str(value)).replace("\n", "<br/>")


def heading(value: str, level: int = 1) -> list[Flowable]:
    """A heading, moved to the next page when too little room is left under it for the
    start of what follows (a heading alone at the foot of a page)."""
    s = st.styles()
    room = 45 if level == 1 else 35
    return [CondPageBreak(room * mm), Paragraph(text(value), s.h1 if level == 1 else s.h2)]


class RunningLabel(Flowable):
    """Sets the text the running header shows beside the title, from this point on (so a
    sign-in sheet's third page still says which session it is for). Takes no room."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.house_label = self.label


class PartStart(Flowable):
    """Starts a part numbered on its own ("Page 1 of 2" within it): one letter of a
    combined print. Put it first on the part's first page. Takes no room."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.house_part_start = self.canv.getPageNumber()


def section(value: str, *, new_page: bool = True, label: str | None = None) -> list[Flowable]:
    """A top-level heading. On a new page, the running header names it (or ``label``) from
    there on; otherwise it follows on the same page (a new one only if little room is
    left) and the running header keeps the section it is part of."""
    if new_page:
        marker = RunningLabel(label if label is not None else value)
        return [PageBreak(), marker, Paragraph(text(value), st.styles().h1)]
    return [space(6), *heading(value, 1)]


class Checkpoint(Flowable):
    """Calls ``check()`` when layout reaches it, taking no room: a long document reports
    progress, and a cancel raised there stops the layout."""

    def __init__(self, check: Callable[[], None]) -> None:
        super().__init__()
        self.check = check

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.check()
        return 0, 0

    def draw(self) -> None:
        pass


def name_with_detail(name: str, detail: str | None) -> Paragraph:
    """A table cell: a name, with a quieter line under it (contact details, a note)."""
    s = st.styles()
    if not detail:
        return Paragraph(text(name), s.cell)
    return Paragraph(
        f'{text(name)}<br/><font size="7.5" color="#{st.MUTED.hexval()[2:]}">{text(detail)}</font>',
        s.cell,
    )


def para(value: str, *, muted: bool = False, small: bool = False) -> Paragraph:
    s = st.styles()
    return Paragraph(text(value), s.muted if muted else s.small if small else s.body)


def space(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def _cell(value: object, width: float) -> object:
    if value is None:
        return ""
    if isinstance(value, Flowable):
        return value
    content = str(value)
    if "\n" in content or stringWidth(content, st.FONT, st.TABLE_SIZE) > width - 2 * PAD:
        return Paragraph(text(content), st.styles().cell)
    return content


class HouseTable(Table):
    """A table that, when it runs onto another page, leaves neither a lone row at the foot
    of a page nor one or two rows alone on the next (widows and orphans)."""

    min_rows = 3

    def split(self, width: float, height_left: float) -> list:
        self._calc(width, height_left)
        heights = self._rowHeights
        head, total = self.repeatRows, len(heights)
        used, fit = 0.0, 0
        for height in heights:
            if used + height > height_left:
                break
            used += height
            fit += 1
        keep = min(self.min_rows, (total - head) // 2)
        if fit >= total or keep < 1:
            return super().split(width, height_left)
        if fit - head < keep:
            return []  # start the table on the next page instead
        if total - fit < keep:
            parts = super().split(width, sum(heights[: total - keep]) + 0.01)
            if len(parts) == 2:  # the rest goes over the page, not into the space left
                return [parts[0], PageBreak(), parts[1]]
            return parts
        return super().split(width, height_left)


class KeepTogetherIfFits(KeepTogether):
    """Moved to the next page whole when it does not fit here but fits on a page; longer
    than a page, it starts here and runs on (reportlab's KeepTogether would leave the rest
    of this page empty first)."""

    def split(self, width: float, height_left: float) -> list:
        if getattr(self, "_wrapInfo", None) != (width, height_left):
            self.wrap(width, height_left)
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._height < self._H:  # longer than a page
            return list(self._content)
        return super().split(width, height_left)


def _fit_headers(headers: Sequence[str], widths: list[float]) -> list[float]:
    """Widths widened so no header word is broken, taking the room from the widest columns."""
    need = [
        max((stringWidth(w, st.FONT_BOLD, st.TABLE_SIZE) for w in h.split()), default=0)
        + 2 * PAD
        + 1
        for h in headers
    ]
    widths = list(widths)
    for i, want in enumerate(need):
        short = want - widths[i]
        while short > 0.5:
            donor = max(
                (j for j in range(len(widths)) if widths[j] - need[j] > 1),
                key=lambda j: widths[j] - need[j],
                default=None,
            )
            if donor is None:
                break
            give = min(short, widths[donor] - need[donor])
            widths[donor] -= give
            widths[i] += give
            short -= give
    return widths


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    center: Sequence[int] = (),
    total_row: bool = False,
    drop_empty: bool = False,
    row_height_mm: float | None = None,
    zebra: bool = True,
) -> Table:
    """A table with a header row repeated on each page it spans.

    ``numeric``: column indexes aligned right; ``center``: centred (marks, ticks).
    ``total_row``: the last row is a total (bold, ruled above). ``drop_empty``: leave out
    columns empty in every row, giving their width to the others. ``row_height_mm``: a
    fixed height for every body row (room to sign). Cells may be flowables (a paragraph
    with markup).
    """
    s = st.styles()
    headers, widths_mm, numeric = list(headers), list(widths_mm), list(numeric)
    if drop_empty and rows:
        keep = [i for i in range(len(headers)) if any(r[i] not in (None, "") for r in rows)]
        if len(keep) < len(headers):
            spare = sum(w for i, w in enumerate(widths_mm) if i not in keep)
            kept = sum(widths_mm[i] for i in keep) or 1
            widths_mm = [widths_mm[i] * (1 + spare / kept) for i in keep]
            numeric = [keep.index(i) for i in numeric if i in keep]
            headers = [headers[i] for i in keep]
            rows = [[r[i] for i in keep] for r in rows]
    widths = _fit_headers(headers, [w * mm for w in widths_mm])
    head = [
        Paragraph(
            text(h),
            s.head_cell_right
            if i in numeric
            else s.head_cell_center
            if i in center
            else s.head_cell,
        )
        for i, h in enumerate(headers)
    ]
    body = [[_cell(v, widths[i]) for i, v in enumerate(row)] for row in rows]
    heights = None
    if row_height_mm is not None:
        heights = [None] + [row_height_mm * mm] * len(body)
    table = HouseTable([head, *body], colWidths=widths, rowHeights=heights, repeatRows=1)
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), st.FONT),
        ("FONTSIZE", (0, 0), (-1, -1), st.TABLE_SIZE),
        ("TEXTCOLOR", (0, 1), (-1, -1), st.INK),
        ("BACKGROUND", (0, 0), (-1, 0), st.HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 1, st.NAVY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, st.RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE" if row_height_mm else "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if zebra and body:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [st.WHITE, st.ZEBRA_FILL]))
    if total_row and body:
        commands += [
            ("FONTNAME", (0, -1), (-1, -1), st.FONT_BOLD),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, st.NAVY),
            ("BACKGROUND", (0, -1), (-1, -1), st.WHITE),
        ]
    for col in numeric:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    for col in center:
        commands.append(("ALIGN", (col, 0), (col, -1), "CENTER"))
    table.setStyle(TableStyle(commands))
    table.hAlign = "LEFT"
    return table


def key_facts(
    pairs: Sequence[tuple[str, object]], widths_mm: tuple[float, float] = (45, 125)
) -> Table:
    """Label / value lines (a cover's or a summary's facts)."""
    s = st.styles()
    rows = [
        [Paragraph(text(label), s.muted), _cell(value, widths_mm[1] * mm)] for label, value in pairs
    ]
    table = Table(rows, colWidths=[w * mm for w in widths_mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.FONT),
                ("FONTSIZE", (0, 0), (-1, -1), st.BODY_SIZE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, st.RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    table.hAlign = "LEFT"
    return table


def figures(items: Sequence[tuple[object, str]], width_mm: float = 174) -> Table:
    """A row of headline numbers, each with a short label under it."""
    s = st.styles()
    cells = [
        [Paragraph(text(value), s.figure), Paragraph(text(label), s.figure_label)]
        for value, label in items
    ]
    col = width_mm * mm / max(len(items), 1)
    table = Table([cells], colWidths=[col] * len(items))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 2, st.ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    table.hAlign = "LEFT"
    return table


def quote(words: str, by: str | None, width_mm: float = 174) -> KeepTogether:
    """A participant's quote with who said it (by role, never by name), kept on one page."""
    s = st.styles()
    inner = [Paragraph(f"\u201c{text(words.strip())}\u201d", s.quote)]
    if by:
        inner.append(Paragraph(f"\u2014 {text(by)}", s.quote_by))
    table = Table([[inner]], colWidths=[width_mm * mm])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), st.QUOTE_FILL),
                ("LINEBEFORE", (0, 0), (0, -1), 3, st.ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    table.hAlign = "LEFT"
    return KeepTogether([table, space(3)])

"""The house style of every printed document, in one place: font, colours, sizes, spacing.

Packs, letters, the outreach catalogue and the board report all draw from here, so a change
of colour or font is one edit. The font is DejaVu Sans, shipped in ``resources/fonts`` and
embedded (subset) in every PDF: it has every letter of Welsh, Irish and most European names
("Awel Y Môr", "St Thomas à Becket", "Ysgol Gymraeg Bro Ogwr"), which reportlab's built-in
Helvetica cannot show.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from send_desktop import paths

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False

# Colours: a dark navy for headings and rules, a teal accent, quiet fills for table rows.
# Text on every fill keeps a contrast ratio above 7:1 (WCAG AAA for body text).
INK = colors.HexColor("#1A1A1A")
NAVY = colors.HexColor("#1F3A5F")
ACCENT = colors.HexColor("#1D6F64")
MUTED = colors.HexColor("#50585F")
RULE = colors.HexColor("#B8C4D0")
HEADER_FILL = colors.HexColor("#DCE6F0")
ZEBRA_FILL = colors.HexColor("#F4F7FA")
QUOTE_FILL = colors.HexColor("#EEF5F3")
WHITE = colors.white

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm  # room for the running header
MARGIN_BOTTOM = 18 * mm  # room for the page number
BODY_SIZE = 9.5
TABLE_SIZE = 8.5

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with reportlab, once per process."""
    global _registered
    with _lock:
        if _registered:
            return
        folder = paths.resources_dir() / "fonts"
        for name, file_name in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )
        _registered = True


def long_date(value: date | None) -> str:
    """'Tuesday 11 July 2023' (English names whatever the machine's locale)."""
    if value is None:
        return ""
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


def short_date(value: date | None) -> str:
    """'11/07/2023', as the window shows dates."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    head_cell: ParagraphStyle
    head_cell_right: ParagraphStyle
    head_cell_center: ParagraphStyle
    quote: ParagraphStyle
    quote_by: ParagraphStyle
    figure: ParagraphStyle
    figure_label: ParagraphStyle


_styles: Styles | None = None


def styles() -> Styles:
    """The paragraph styles of the house style (fonts registered on first use)."""
    global _styles
    if _styles is None:
        register_fonts()
        base = ParagraphStyle(
            "body",
            fontName=FONT,
            fontSize=BODY_SIZE,
            leading=BODY_SIZE * 1.35,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=4,
        )
        cell = ParagraphStyle(
            "cell", base, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.25, spaceAfter=0
        )
        _styles = Styles(
            title=ParagraphStyle(
                "title",
                base,
                fontName=FONT_BOLD,
                fontSize=28,
                leading=34,
                textColor=NAVY,
                spaceAfter=6,
            ),
            subtitle=ParagraphStyle(
                "subtitle", base, fontSize=14, leading=19, textColor=ACCENT, spaceAfter=14
            ),
            h1=ParagraphStyle(
                "h1",
                base,
                fontName=FONT_BOLD,
                fontSize=15,
                leading=19,
                textColor=NAVY,
                spaceBefore=2,
                spaceAfter=8,
            ),
            h2=ParagraphStyle(
                "h2",
                base,
                fontName=FONT_BOLD,
                fontSize=11.5,
                leading=15,
                textColor=NAVY,
                spaceBefore=8,
                spaceAfter=5,
            ),
            body=base,
            small=ParagraphStyle("small", base, fontSize=8, leading=10.5),
            muted=ParagraphStyle("muted", base, fontSize=8.5, leading=11.5, textColor=MUTED),
            cell=cell,
            cell_bold=ParagraphStyle("cell_bold", cell, fontName=FONT_BOLD),
            head_cell=ParagraphStyle("head_cell", cell, fontName=FONT_BOLD, textColor=NAVY),
            head_cell_right=ParagraphStyle(
                "head_cell_right", cell, fontName=FONT_BOLD, textColor=NAVY, alignment=TA_RIGHT
            ),
            head_cell_center=ParagraphStyle(
                "head_cell_center", cell, fontName=FONT_BOLD, textColor=NAVY, alignment=TA_CENTER
            ),
            quote=ParagraphStyle(
                "quote", base, fontSize=11, leading=15.5, textColor=INK, spaceAfter=3
            ),
            quote_by=ParagraphStyle(
                "quote_by", base, fontSize=8.5, leading=11, textColor=ACCENT, spaceAfter=0
            ),
            figure=ParagraphStyle(
                "figure",
                base,
                fontName=FONT_BOLD,
                fontSize=20,
                leading=24,
                textColor=NAVY,
                spaceAfter=0,
            ),
            figure_label=ParagraphStyle(
                "figure_label", base, fontSize=8, leading=10, textColor=MUTED, spaceAfter=0
            ),
        )
    return _styles

"""The application's look: the small style sheet (resources/style/app.qss) on top of the system
style, and the two choices of the View menu (remembered in ui_state): the high-contrast theme
(a black-and-yellow palette and resources/style/high-contrast.qss) and the text size.

Text follows the system font: the size the platform gives the application at start-up is 100%
and View → Larger text scales it up to 200%. Point sizes in the style sheets are written for a
10 pt system font and scaled the same way, so headings grow with the text.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from send_desktop import paths

TEXT_SCALES = (100, 125, 150, 175, 200)
SHEET_BASE_PT = 10.0  # the system font size app.qss's point sizes are written for
_POINT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")
_SYSTEM_FONT = "sendSystemFont"
_SYSTEM_PALETTE = "sendSystemPalette"
_HIGH_CONTRAST = "sendHighContrast"
# text colours by meaning: (normal theme, high contrast); each at least 4.5:1 on its ground
TONES = {
    "hint": ("#4d4d4d", "#e6e6e6"),
    "warn": ("#8a4b00", "#ffcc66"),
    "error": ("#b00020", "#ff8080"),
}


def _sheet(name: str) -> str:
    path = paths.resources_dir() / "style" / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""  # a missing stylesheet is cosmetic only
    return text.replace("@ICONS@", (paths.resources_dir() / "icons").as_posix())


def stylesheet(
    *, high_contrast: bool = False, text_scale: int = 100, system_pt: float = SHEET_BASE_PT
) -> str:
    text = _sheet("app.qss")
    if high_contrast:
        text += "\n" + _sheet("high-contrast.qss")
    factor = system_pt / SHEET_BASE_PT * text_scale / 100

    def scaled(match: re.Match[str]) -> str:
        return f"font-size: {float(match.group(1)) * factor:.1f}pt"

    return _POINT_SIZE.sub(scaled, text)


def high_contrast_palette() -> QPalette:
    """White on black, black on yellow for the selection; disabled text still 8:1."""
    p = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, black),
        (roles.WindowText, white),
        (roles.Base, black),
        (roles.AlternateBase, QColor("#1c1c1c")),
        (roles.Text, white),
        (roles.Button, black),
        (roles.ButtonText, white),
        (roles.BrightText, yellow),
        (roles.Highlight, yellow),
        (roles.HighlightedText, black),
        (roles.Link, QColor("#66ccff")),
        (roles.LinkVisited, QColor("#ff99ff")),
        (roles.ToolTipBase, black),
        (roles.ToolTipText, white),
        (roles.PlaceholderText, QColor("#c8c8c8")),
        (roles.Light, white),
        (roles.Midlight, QColor("#808080")),
        (roles.Mid, white),
        (roles.Dark, white),
        (roles.Shadow, white),
    ):
        p.setColor(role, colour)
    grey = QColor("#a0a0a0")
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    return p


def _remembered(app: QApplication) -> tuple[QFont, QPalette]:
    """The font and palette the system gave the application (kept before any change)."""
    font, palette = app.property(_SYSTEM_FONT), app.property(_SYSTEM_PALETTE)
    if not isinstance(font, QFont) or not isinstance(palette, QPalette):
        font, palette = QFont(app.font()), QPalette(app.palette())
        app.setProperty(_SYSTEM_FONT, font)
        app.setProperty(_SYSTEM_PALETTE, palette)
    return font, palette


def tone(kind: str, *, bold: bool = False) -> str:
    """A label's style sheet for a hint, a warning or an error in the current theme."""
    app = QApplication.instance()
    high = bool(app.property(_HIGH_CONTRAST)) if isinstance(app, QApplication) else False
    colour = TONES[kind][1 if high else 0]
    return f"color: {colour};" + (" font-weight: 600;" if bold else "")


def heading(points: float) -> str:
    """A heading's style sheet: ``points`` at the system text size, scaled as the text is."""
    app = QApplication.instance()
    system = app.property(_SYSTEM_FONT) if isinstance(app, QApplication) else None
    system_pt = system.pointSizeF() if isinstance(system, QFont) else SHEET_BASE_PT
    size = points * system_pt / SHEET_BASE_PT * text_factor()
    return f"font-size: {size:.1f}pt; font-weight: 600;"


def text_factor() -> float:
    """How much larger the text is now than the system's (1.0 until View → Larger text):
    sizes in pixels designed for the system font are multiplied by it."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return 1.0
    system = app.property(_SYSTEM_FONT)
    if not isinstance(system, QFont) or system.pointSizeF() <= 0:
        return 1.0
    return max(0.5, app.font().pointSizeF() / system.pointSizeF())


def apply_look(app: QApplication, *, high_contrast: bool = False, text_scale: int = 100) -> None:
    system_font, system_palette = _remembered(app)
    font = QFont(system_font)
    system_pt = system_font.pointSizeF() if system_font.pointSizeF() > 0 else SHEET_BASE_PT
    font.setPointSizeF(system_pt * text_scale / 100)
    app.setFont(font)
    app.setPalette(high_contrast_palette() if high_contrast else system_palette)
    app.setProperty(_HIGH_CONTRAST, high_contrast)
    app.setStyleSheet(
        stylesheet(high_contrast=high_contrast, text_scale=text_scale, system_pt=system_pt)
    )
    from send_desktop.gui.a11y.focus import install_focus_ring

    ring = install_focus_ring(app).ring
    ring.colour = QColor("#ffff00") if high_contrast else None
    ring.update()


def apply_style(app: QApplication) -> None:
    apply_look(app)

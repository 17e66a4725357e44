"""Remembered window layout (not preferences): a readable INI file with a version.

Geometry and window state are Qt's own blobs; column layouts are stored by column key
("order = urn,name,phase"), so a column added in a later version simply takes its default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

STATE_VERSION = 1


@dataclass
class TableLayout:
    order: list[str] = field(default_factory=list)  # column keys, left to right
    hidden: list[str] = field(default_factory=list)
    widths: dict[str, int] = field(default_factory=dict)
    sort_key: str | None = None
    sort_descending: bool = False


def _text(value: object) -> str:
    if isinstance(value, list):  # QSettings turns "a,b" into a list
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)


def _keys(value: object) -> list[str]:
    return [k.strip() for k in _text(value).split(",") if k.strip()]


class UiState:
    """Window geometry, current page and each table's columns and sort."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)
        self._upgrade()

    def _upgrade(self) -> None:
        version = self._settings.value("state_version")
        try:
            version = int(_text(version) or 0)
        except ValueError:
            version = 0
        if version != STATE_VERSION:
            # Unknown or future layout: start afresh rather than misread it.
            self._settings.clear()
            self._settings.setValue("state_version", STATE_VERSION)

    # -- window --------------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def current_page(self) -> str | None:
        return _text(self._settings.value("window/page")) or None

    def save_window(self, geometry: QByteArray, state: QByteArray, page: str) -> None:
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)
        self._settings.setValue("window/page", page)

    # -- look (View menu) -----------------------------------------------------------------
    def high_contrast(self) -> bool:
        return _text(self._settings.value("look/high_contrast")).lower() == "true"

    def text_scale(self) -> int:
        value = _text(self._settings.value("look/text_scale"))
        return int(value) if value.isdigit() and 50 <= int(value) <= 400 else 100

    def set_look(self, *, high_contrast: bool, text_scale: int) -> None:
        self._settings.setValue("look/high_contrast", "true" if high_contrast else "false")
        self._settings.setValue("look/text_scale", str(text_scale))

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # -- files ---------------------------------------------------------------------------
    def export_folder(self) -> Path | None:
        """The folder the last export was saved in, if it still exists."""
        text = _text(self._settings.value("files/export_folder"))
        return Path(text) if text and Path(text).is_dir() else None

    def set_export_folder(self, folder: Path) -> None:
        self._settings.setValue("files/export_folder", str(folder))

    # -- tables --------------------------------------------------------------------------
    def table_layout(self, key: str) -> TableLayout | None:
        s = self._settings
        s.beginGroup(f"table.{key}")
        try:
            if not s.contains("order"):
                return None
            widths = {}
            for item in _keys(s.value("widths")):
                name, _, width = item.partition(":")
                if width.isdigit():
                    widths[name] = int(width)
            sort = _text(s.value("sort")).split()
            return TableLayout(
                order=_keys(s.value("order")),
                hidden=_keys(s.value("hidden")),
                widths=widths,
                sort_key=sort[0] if sort else None,
                sort_descending=len(sort) > 1 and sort[1] == "desc",
            )
        finally:
            s.endGroup()

    def set_table_layout(self, key: str, layout: TableLayout) -> None:
        s = self._settings
        s.beginGroup(f"table.{key}")
        s.setValue("order", ",".join(layout.order))
        s.setValue("hidden", ",".join(layout.hidden))
        s.setValue("widths", ",".join(f"{k}:{w}" for k, w in layout.widths.items()))
        sort = ""
        if layout.sort_key:
            sort = f"{layout.sort_key} {'desc' if layout.sort_descending else 'asc'}"
        s.setValue("sort", sort)
        s.endGroup()

    def sync(self) -> None:
        self._settings.sync()

"""What a file dragged onto the window means (light: no services are loaded for this)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def dropped_file(mime: QMimeData) -> Path | None:
    """The one local file being dragged, or None (several files, folders, web links).

    Any file is taken, whatever its name: the wizard then says plainly if it is not a
    spreadsheet, which is clearer than a drop the window silently refuses.
    """
    if not mime.hasUrls():
        return None
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.is_file() else None

"""Why a file cannot be imported, in words for a programme lead."""

from __future__ import annotations

from pathlib import Path


class FileRefusedError(Exception):
    """A file was refused before anything was written.

    ``reason`` is a short code for programs (``not-spreadsheet``, ``corrupt``, ``password``,
    ``zip-bomb``, ``empty``, ``no-sheet``, ``no-header``, ``missing-columns``, ``old-xls``,
    ``too-large``); ``message`` is the sentence shown to the person, without the file name.
    """

    def __init__(self, path: Path | str, reason: str, message: str) -> None:
        self.path = Path(path)
        self.reason = reason
        self.message = message
        super().__init__(f"{self.path.name}: {message}")

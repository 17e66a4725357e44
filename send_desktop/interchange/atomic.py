"""Writing a file so that nobody ever sees half of it.

The file is written to a temporary name in the target's own folder (so the rename stays on
one drive, and is atomic there), then renamed over the target. On any error, or a cancel,
the temporary file is removed and the target is left as it was. A colleague opening the
shared drive sees the old file or the new one, never a half-written one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class TargetError(OSError):
    """The target cannot be written (no such folder, a folder in the way, no permission)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.message = str(self)


def check_target(path: Path) -> Path:
    """``path`` as given, if a file could be written there; else ``TargetError``.

    The folder must exist already: a mistyped shared-drive path should not create folders.
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise TargetError(path, "is a folder; give a file name")
    if not folder.exists():
        raise TargetError(path, f"the folder {folder} does not exist")
    if not folder.is_dir():
        raise TargetError(path, f"{folder} is not a folder")
    return path


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` on success.

    Raises ``TargetError`` when the target's folder cannot take the file.
    """
    path = check_target(Path(path))
    try:
        fd, name = tempfile.mkstemp(
            prefix=".~" + path.stem[:40], suffix=path.suffix, dir=path.parent
        )
    except OSError as exc:
        raise TargetError(path, f"cannot write in {path.parent} ({exc.strerror or exc})") from exc
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        try:
            os.replace(partial, path)
        except OSError as exc:
            raise TargetError(
                path, f"cannot replace the file; is it open in another program? ({exc.strerror})"
            ) from exc
    finally:
        partial.unlink(missing_ok=True)

"""Errors a service raises for a person to read (shown as-is in dialogs and on stderr)."""

from __future__ import annotations

from send_desktop.domain.validation import ValidationError

__all__ = ["InUseError", "NotFoundError", "ValidationError"]


class NotFoundError(LookupError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} no longer exists (it may have been deleted).")
        self.message = str(self)


class InUseError(Exception):
    """A record cannot be deleted because other records refer to it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

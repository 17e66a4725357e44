"""The one rule for a new password or passphrase, typed twice (an encrypted export, a PDF
pack, a protected database): long enough to resist guessing, the same both times, no space
at either end (invisible when typed, so easily lost)."""

from __future__ import annotations

MIN_LENGTH = 8


def check_new_secret(
    text: str, again: str, *, what: str = "password", required: bool = True
) -> str | None:
    """Why ``text`` cannot be used, or None. Not ``required``: empty means none is wanted."""
    if not text and not again and not required:
        return None
    if not text and required:
        return f"Type a {what}: the file cannot be opened without it."
    if not text:
        return f"Type the {what} in the first box too, or clear both for none."
    if len(text) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters (a few words are easier to remember)."
    if text != again:
        return f"The two {what}s are not the same."
    if text.strip() != text:
        return f"The {what} cannot start or end with a space."
    return None

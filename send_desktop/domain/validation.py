"""Validation and normalisation of identifiers people type: URN, email, UK postcode."""

from __future__ import annotations

import re

_URN = re.compile(r"^(\d{6}|EY\d{3,9})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
# Outward code + inward code (BS 7666), including GIR 0AA.
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ](\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?) ?\d[ABD-HJLNP-UW-Z]{2})$"
)


class ValidationError(ValueError):
    """A value a person entered is not acceptable. ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalise_urn(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def is_valid_urn(value: str) -> bool:
    return bool(_URN.match(normalise_urn(value)))


def check_urn(value: str) -> str:
    urn = normalise_urn(value)
    if not _URN.match(urn):
        raise ValidationError(
            "urn", "A URN is 6 digits (e.g. 123456), or EY and digits for an early-years setting."
        )
    return urn


def check_email(value: str, field: str = "email") -> str:
    email = (value or "").strip()
    if email and not _EMAIL.match(email):
        raise ValidationError(field, f"'{email}' is not an email address (name@example.org).")
    return email


def normalise_postcode(value: str) -> str:
    """Upper-case, one space before the inward code: 'ox11dp' -> 'OX1 1DP'."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) > 3:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def is_valid_postcode(value: str) -> bool:
    return bool(_POSTCODE.match(normalise_postcode(value)))


def check_postcode(value: str) -> str:
    postcode = normalise_postcode(value)
    if postcode and not _POSTCODE.match(postcode):
        raise ValidationError("postcode", f"'{value.strip()}' is not a UK postcode (e.g. OX1 1ND).")
    return postcode


def check_required(value: str, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(field, f"{label} is required.")
    return text


def check_count(value: int | None, field: str, label: str) -> int | None:
    if value is not None and value < 0:
        raise ValidationError(field, f"{label} cannot be negative.")
    return value

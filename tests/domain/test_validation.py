from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from send_desktop.domain import validation as v


@pytest.mark.parametrize("urn", ["123456", " 123456 ", "EY123456", "ey1234"])
def test_valid_urns(urn):
    assert v.is_valid_urn(urn)


@pytest.mark.parametrize("urn", ["12345", "1234567", "12345a", "EY", "XY123456", "", "123 45"])
def test_invalid_urns(urn):
    with pytest.raises(v.ValidationError) as info:
        v.check_urn(urn)
    assert info.value.field == "urn"
    assert "6 digits" in info.value.message


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("ox1 1nd", "OX1 1ND"),
        ("OX44  7XN", "OX44 7XN"),
        ("sw1a1aa", "SW1A 1AA"),
        ("GIR0AA", "GIR 0AA"),
    ],
)
def test_postcodes_are_normalised(typed, normal):
    assert v.check_postcode(typed) == normal


@pytest.mark.parametrize("bad", ["OX1", "12345", "OXX1 1ND", "OX1 1NDD", "Q1 1AA"])
def test_bad_postcodes_are_refused(bad):
    with pytest.raises(v.ValidationError, match="not a UK postcode"):
        v.check_postcode(bad)


def test_email():
    assert v.check_email(" a.khan@school.example.org ") == "a.khan@school.example.org"
    for bad in ("a.khan", "a@b", "a @b.org", "@b.org"):
        with pytest.raises(v.ValidationError):
            v.check_email(bad)


@given(st.from_regex(r"\A[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}\Z"))
def test_postcode_normalisation_is_idempotent(postcode):
    once = v.normalise_postcode(postcode)
    assert v.normalise_postcode(once) == once
    assert once.replace(" ", "") == postcode.replace(" ", "").upper()
    assert once[-4] == " "


@given(st.integers(min_value=0, max_value=999_999))
def test_any_six_digit_number_is_a_urn(n):
    assert v.check_urn(f"{n:06d}") == f"{n:06d}"

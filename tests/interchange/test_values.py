"""Cell values as people type them: properties (hypothesis) and the cases the issue names."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from send_desktop.interchange import values as val
from send_desktop.interchange.values import SUPPRESSED, BadValueError

blank_cells = st.sampled_from(["", " ", "\t", "N/A", "n/a", "NA", "-", "--", "\u2014", None])


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["{}", " {} ", "{}.0", "{}.00"]))
def test_whole_numbers_typed_as_text_become_integers(number, template):
    assert val.as_whole_number(template.format(number)) == number
    assert val.as_whole_number(float(number)) == number


@given(st.integers(min_value=1000, max_value=10**9))
def test_thousands_separators_are_understood(number):
    assert val.as_whole_number(f"{number:,}") == number


@given(blank_cells)
def test_blank_markers_are_empty_for_every_parser(cell):
    for parse in (
        val.as_text,
        val.as_whole_number,
        val.as_urn,
        val.as_postcode,
        val.as_date,
        val.as_phone,
        val.as_email,
        val.as_academic_year,
        val.code(),
    ):
        assert parse(cell) is None


@given(st.sampled_from(["x", "c", "z", "X", " x "]))
def test_suppression_markers_are_suppressed_never_zero(marker):
    parse = val.whole_number(allow_suppressed=True)
    assert parse(marker) is SUPPRESSED
    assert parse(marker) != 0
    with pytest.raises(BadValueError, match="suppression"):
        val.as_whole_number(marker)


@given(st.text(min_size=1, max_size=40))
def test_text_is_trimmed_and_never_gains_characters(text):
    try:
        out = val.as_text(text)
    except BadValueError as exc:
        assert "formula" in exc.reason
        return
    assert out is None or (out == out.strip() and out in text)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2099, 12, 31)))
def test_dates_in_every_accepted_spelling_agree(day):
    spellings = [
        day,
        datetime(day.year, day.month, day.day, 10, 30),
        day.strftime("%d/%m/%Y"),
        day.isoformat(),
        day.strftime("%d %B %Y"),
        day.strftime("%d-%m-%Y"),
        f"{day.isoformat()}T00:00:00",
        float((day - date(1899, 12, 30)).days),
    ]
    assert {val.as_date(s) for s in spellings} == {day}


def test_uk_day_first_order():
    assert val.as_date("11/07/2023") == date(2023, 7, 11)
    assert val.as_date("11 July 2023") == date(2023, 7, 11)
    assert val.as_date("2023-07-11") == date(2023, 7, 11)
    with pytest.raises(BadValueError, match="not a date"):
        val.as_date("07/31/2023")  # US order: there is no 31st month


@given(st.integers(min_value=100000, max_value=999999))
def test_urns_from_numbers_and_text(urn):
    assert val.as_urn(urn) == str(urn)
    assert val.as_urn(float(urn)) == str(urn)
    assert val.as_urn(f" {urn} ") == str(urn)
    assert val.as_urn(f"{urn}.0") == str(urn)


@given(st.text(alphabet="0123456789", min_size=1, max_size=5))
def test_short_urns_are_rejected(digits):
    with pytest.raises(BadValueError, match="6 digits"):
        val.as_urn(digits)


@given(
    st.sampled_from(["OX1 1DP", "OX10 7LZ", "SW1A 1AA", "EC3A 5DE", "B1 1AA", "M60 1NW"]),
    st.sampled_from([str.lower, str.upper, lambda s: s.replace(" ", ""), lambda s: f"  {s} "]),
)
def test_postcodes_normalise_to_one_form(postcode, spell):
    assert val.as_postcode(spell(postcode)) == postcode


def test_bad_postcode_is_rejected():
    with pytest.raises(BadValueError, match="UK postcode"):
        val.as_postcode("OXFORD")


@given(st.integers(min_value=0, max_value=999))
def test_codes_keep_or_regain_leading_zeros(number):
    parse = val.code(width=3)
    assert parse(f"{number:03d}") == f"{number:03d}"
    assert parse(float(number)) == f"{number:03d}"


def test_phone_numbers_regain_their_leading_zero():
    assert val.as_phone(2072831147.0) == "02072831147"
    assert val.as_phone("2072831147.0") == "02072831147"
    assert val.as_phone("442085470144") == "02085470144"
    assert val.as_phone("01865 123456") == "01865 123456"


@pytest.mark.parametrize(
    "cell", ["202223", 202223.0, "2022/23", "2022-23", "2022/2023", "2022 to 2023"]
)
def test_academic_year_spellings(cell):
    assert val.as_academic_year(cell) == "2022/23"


def test_academic_year_must_be_consecutive():
    with pytest.raises(BadValueError, match="follow"):
        val.as_academic_year("2022/25")


@pytest.mark.parametrize(
    "cell", ["=WEBSERVICE('http://example.com/x')", "@SUM(A1)", "+cmd|' /C calc'!A0", "-A1+B2"]
)
def test_formulas_are_refused_as_text(cell):
    with pytest.raises(BadValueError, match="formula"):
        val.as_text(cell)


@pytest.mark.parametrize("cell", ["-5 degrees", "+44 1865 000000", "- see notes"])
def test_text_starting_with_a_sign_and_a_number_is_fine(cell):
    assert val.as_text(cell) == cell


def test_negative_and_fractional_counts_are_rejected():
    with pytest.raises(BadValueError, match="less than 0"):
        val.as_whole_number("-3")
    with pytest.raises(BadValueError, match="whole number"):
        val.as_whole_number("7.5")
    with pytest.raises(BadValueError, match="whole number"):
        val.as_whole_number(True)


# --- the column-wise fast paths never disagree with the parsers ----------------------------

_postcodes = st.from_regex(
    r"(GIR ?0AA|[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2})", fullmatch=True
)
_phones = st.from_regex(r"\+?[0-9 ()\-.]{3,33}", fullmatch=True)
_emails = st.one_of(st.emails(), st.from_regex(r"[a-z.@ ]{1,12}\.[a-zA-Z]{1,3}", fullmatch=True))
_texts = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["N/A", "n/A", "na", "NA", "-", "--", "\u2013", "..", "n.a.", "=1", "-5", "x"]),
)
_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
)


def _agrees(parse, cells: list) -> None:  # noqa: ANN001
    column = val.column_parser(parse)
    assert column is not None
    try:
        expected = [parse(cell) for cell in cells]
    except BadValueError:
        expected = None
    try:
        out = column(list(cells))
    except BadValueError:
        assert expected is None
        return
    if out is not None:
        assert out == expected
        assert [type(o) for o in out] == [type(e) for e in expected]


@given(st.lists(st.one_of(_texts, _numbers), min_size=1, max_size=5))
def test_text_fast_path_agrees_with_the_parser(cells):
    _agrees(val.text(5), cells)
    _agrees(val.text(200), cells)


@given(st.lists(st.one_of(_postcodes, _texts), min_size=1, max_size=5))
def test_postcode_fast_path_agrees_with_the_parser(cells):
    _agrees(val.as_postcode, cells)


@given(st.lists(st.one_of(_emails, _texts), min_size=1, max_size=5))
def test_email_fast_path_agrees_with_the_parser(cells):
    _agrees(val.as_email, cells)


@given(st.lists(st.one_of(_phones, _texts, _numbers), min_size=1, max_size=5))
def test_phone_fast_path_agrees_with_the_parser(cells):
    _agrees(val.as_phone, cells)


@given(
    st.lists(
        st.one_of(
            st.integers(min_value=99990, max_value=1000010).map(float),
            st.from_regex(r"[0-9\u0660-\u0669 ]{5,7}", fullmatch=True),
            _numbers,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_urn_fast_path_agrees_with_the_parser(cells):
    _agrees(val.as_urn, cells)


@given(st.lists(_numbers, min_size=1, max_size=5))
def test_whole_number_fast_path_agrees_with_the_parser(cells):
    _agrees(val.whole_number(), cells)
    _agrees(val.whole_number(minimum=None), cells)


@given(st.lists(st.one_of(st.dates(), st.datetimes()), min_size=1, max_size=5))
def test_date_fast_path_agrees_with_the_parser(cells):
    _agrees(val.as_date, cells)


def test_fast_paths_take_the_common_cells():
    assert val.as_postcode.column(["OX1 1DP", "SW1A 1AA"]) == ["OX1 1DP", "SW1A 1AA"]
    assert val.as_phone.column(["01865 123456"]) == ["01865 123456"]
    assert val.as_urn.column([123456.0]) == ["123456"]
    assert val.whole_number().column([7.0, 12.0]) == [7, 12]
    assert val.text(200).column(["Cheney School"]) == ["Cheney School"]
    assert val.text(200).column(["Cheney School", " "]) is None  # a blank: one by one


def test_numbers_too_large_for_the_database_are_refused():
    with pytest.raises(BadValueError, match="too large"):
        val.as_whole_number(float(2**64))

"""Cell values as people type them, made plain: numbers, codes, dates, postcodes.

Every parser takes one raw cell (str, float, int, bool, date or datetime as the reader gives
it) and returns the clean value, ``None`` for an empty cell, or ``SUPPRESSED`` for a DfE
suppression marker where the field allows it. A value that cannot be used raises
``BadValueError`` with the reason in plain words. Pure functions: no SQL, no Qt.
The common case (a plain, already tidy string) is checked first in each parser: the import
of 50,000 rows runs these 750,000 times.

Most parsers also carry a column-wise fast path, ``parse.column(cells)`` (see
``column_parser``): a few checks run over a whole column at C speed (``map`` of a string
method or a precompiled pattern) decide that every cell is one the parser would return
unchanged; otherwise the cells go through the parser one by one. A fast path must only ever
pass cells the parser itself returns as they are (the tests check this against the parsers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from operator import itemgetter

from send_desktop.domain import validation as v

Parser = Callable[[object], object]
ColumnParser = Callable[[list], "list | None"]

# Written in cells to mean "nothing here".
BLANK_MARKERS = frozenset({"n/a", "na", "n.a.", "-", "--", "\u2013", "\u2014", ".."})
# DfE suppression: the count exists but is not published. Unknown, never zero.
# 'x', 'c', 'z' in DfE statistics; '*' and '<5' in LA and school returns.
SUPPRESSION_MARKERS = frozenset({"x", "c", "z", "X", "C", "Z", "*", "<5"})
_EXCEL_EPOCH = date(1899, 12, 30)
# A time after a date ('14/09/2024 10:02:31', as form tools export a response's time).
_TIME_PART = re.compile(r",? \d{1,2}:\d{2}(:\d{2})?( ?[AaPp][Mm])?$")
_DATE_FORMATS = (
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%d/%m/%y",
    "%d-%m-%y",
    "%d.%m.%y",
)
_ISO_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?")
_INTEGER = re.compile(r"[+-]?\d+(?:\.0*)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.0*)?")
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z/_-]*")
_FLOAT_TEXT = re.compile(r"\d+\.0+")
_PHONE = re.compile(r"\+?[\d ()-]{6,30}")
_ACADEMIC_YEAR = re.compile(r"(\d{4})(\d{2})|(\d{4})\s*(?:/|-|to|\u2013)?\s*(\d{2}|\d{4})")
_FORMULA_FIRST = frozenset("=@+-")
_URN_REASON = "is not 6 digits (or EY and digits for an early-years setting)"
_MAX_INTEGER = 2**63 - 1  # SQLite's largest integer

# Cells a parser returns unchanged (the column-wise fast paths). Each is a sufficient test,
# never a necessary one: anything else simply goes through the parser.
# Text cells that are blank or a blank marker (as ``clean`` decides for trimmed text).
_BLANKS = frozenset(
    {"", "-", "--", "\u2013", "\u2014", ".."}
    | {n + a for n in "nN" for a in "aA"}
    | {n + "/" + a for n in "nN" for a in "aA"}
)
_first_character = itemgetter(0)
# A postcode already in its standard form (outward code, one space, inward code).
_TIDY_POSTCODE = re.compile(
    r"(?:GIR 0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?)"
    r" \d[ABD-HJLNP-UW-Z]{2})\Z"
).match
_TIDY_EMAIL = re.compile(r"[^@\s]++@[^@\s]+\.[A-Za-z]{2,}\Z").match
# A phone number with a '+', a space, a bracket or a dash (so no leading 0 to put back).
_TIDY_PHONE = re.compile(r"(?:\+|(?=\d*[ ()-]))[\d()-][\d ()-]{4,28}[\d()-]\Z").match


class _Suppressed:
    """The SUPPRESSED marker: a DfE figure that exists but was not published."""

    _instance: _Suppressed | None = None

    def __new__(cls) -> _Suppressed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __reduce__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED = _Suppressed()


class BadValueError(ValueError):
    """A cell value that cannot be imported; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def clean(value: object) -> object:
    """Trim text; ``None`` for empty cells and blank markers; other values unchanged."""
    if type(value) is str:
        text = value.strip()
        if not text or (len(text) <= 3 and text.lower() in BLANK_MARKERS):
            return None
        return text
    if value is None or (type(value) is float and value != value):  # NaN: a broken export
        return None
    return value


def is_blank(value: object) -> bool:
    return clean(value) is None


def _looks_like_formula(text: str) -> bool:
    if text[0] in "=@":
        return True
    return len(text) > 1 and not (text[1].isdigit() or text[1] in " .")


def as_text(value: object, *, max_length: int | None = None) -> str | None:
    """Text as typed (trimmed). Numbers lose a spurious '.0'; formulas are refused."""
    value = clean(value)
    if value is None:
        return None
    if type(value) is str:
        text = value
        if text[0] in _FORMULA_FIRST and _looks_like_formula(text):
            raise BadValueError("looks like a spreadsheet formula; formulas are not imported")
    elif isinstance(value, bool):
        text = "Yes" if value else "No"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, date | datetime | time):
        text = value.isoformat()
    else:
        text = str(value)
    if max_length is not None and len(text) > max_length:
        raise BadValueError(f"is too long ({len(text)} characters; at most {max_length})")
    return text


def text(max_length: int | None = None) -> Parser:
    def parse(value: object) -> str | None:
        return as_text(value, max_length=max_length)

    def column(cells: list) -> list | None:
        return list(cells) if _tidy_texts(cells, max_length) else None

    parse.column = column
    return parse


def _tidy_texts(cells: list, max_length: int | None) -> bool:
    """All text, trimmed, none blank, none starting like a formula, none too long."""
    try:
        return (
            _BLANKS.isdisjoint(cells)
            and list(map(str.strip, cells)) == cells
            and _FORMULA_FIRST.isdisjoint(map(_first_character, cells))
            and (max_length is None or max(map(len, cells), default=0) <= max_length)
        )
    except TypeError:  # not all text
        return False


def _longest(cells: list) -> int:
    try:
        return max(map(len, cells), default=0)
    except TypeError:  # not all text
        return 1 << 62


def _tidy_or_parsed(cells: list, tidy: Callable) -> list | None:
    """The cells as they are if ``tidy`` passes every one; else None (parse one by one)."""
    try:
        return list(cells) if all(map(tidy, cells)) else None
    except TypeError:  # not all text
        return None


def column_parser(parse: Parser) -> ColumnParser | None:
    """The parser's column-wise fast path, if it has one: ``column(cells)`` returns the
    parsed cells (raising ``BadValueError`` like the parser), or None to parse one by one."""
    return getattr(parse, "column", None)


def as_whole_number(
    value: object, *, allow_suppressed: bool = False, minimum: int | None = 0
) -> int | object | None:
    """'7 ', '7.0', 7.0 and '1,234' become integers; x/c/z become SUPPRESSED if allowed."""
    value = clean(value)
    if value is None:
        return None
    kind = type(value)
    if kind is float:
        if not value.is_integer():
            raise BadValueError("is not a whole number")
        number = int(value)
    elif kind is int:
        number = value
    elif kind is str:
        if value in SUPPRESSION_MARKERS:
            if allow_suppressed:
                return SUPPRESSED
            raise BadValueError("is a suppression marker; a number is needed here")
        if _INTEGER.fullmatch(value) or _GROUPED.fullmatch(value):
            number = int(value.replace(",", "").split(".")[0])
        else:
            raise BadValueError("is not a whole number")
    else:
        raise BadValueError("is not a whole number")
    if minimum is not None and number < minimum:
        raise BadValueError(f"cannot be less than {minimum}")
    if abs(number) > _MAX_INTEGER:
        raise BadValueError("is too large")
    return number


def _whole_number_column(cells: list, minimum: int | None) -> list | None:
    """A column of number cells (all float or all int) holding whole numbers in range."""
    kinds = set(map(type, cells))
    if kinds == {float}:
        try:
            numbers = list(map(int, cells))
        except (ValueError, OverflowError):  # NaN, infinity
            return None
        if numbers != cells:  # a fraction somewhere
            return None
    elif kinds == {int}:
        numbers = list(cells)
    else:
        return None
    if not numbers:
        return numbers
    low, high = min(numbers), max(numbers)
    if (minimum is not None and low < minimum) or max(-low, high) > _MAX_INTEGER:
        return None
    return numbers


def whole_number(*, allow_suppressed: bool = False, minimum: int | None = 0) -> Parser:
    def parse(value: object) -> int | object | None:
        return as_whole_number(value, allow_suppressed=allow_suppressed, minimum=minimum)

    parse.column = lambda cells: _whole_number_column(cells, minimum)
    return parse


def _integer_text(value: object) -> str | None:
    """A number cell (or its text with a spurious '.0') as digits; None if not one."""
    if type(value) is float:
        return str(int(value)) if value.is_integer() and value >= 0 else None
    if type(value) is int:
        return str(value) if value >= 0 else None
    if type(value) is str and _FLOAT_TEXT.fullmatch(value):
        return value.split(".")[0]
    return None


def as_code(value: object, *, width: int | None = None, max_length: int = 20) -> str | None:
    """An identifier of digits or letters, kept as text so leading zeros stay.

    A number cell loses its leading zeros in the spreadsheet; ``width`` puts them back.
    """
    value = clean(value)
    if value is None:
        return None
    code = _integer_text(value)
    if code is None:
        if type(value) is not str:
            raise BadValueError("is not a code (letters and digits only)")
        code = value
    if len(code) > max_length or not _CODE.fullmatch(code):
        raise BadValueError("is not a code (letters and digits only)")
    if width and len(code) < width and code.isdigit():
        code = code.zfill(width)
    return code


def code(width: int | None = None, max_length: int = 20) -> Parser:
    def parse(value: object) -> str | None:
        return as_code(value, width=width, max_length=max_length)

    return parse


def as_urn(value: object) -> str | None:
    """A DfE URN (6 digits) or an Ofsted early-years reference (EY and digits)."""
    if type(value) is str and len(value) == 6 and value.isdigit() and value.isascii():
        return value
    if type(value) is float and 100000 <= value <= 999999 and value.is_integer():
        return str(int(value))
    value = clean(value)
    if value is None:
        return None
    urn = _integer_text(value)
    if urn is None:
        if type(value) is not str:
            raise BadValueError(_URN_REASON)
        urn = v.normalise_urn(value)
    if not v.is_valid_urn(urn):
        raise BadValueError(_URN_REASON)
    return urn


def _urn_column(cells: list) -> list | None:
    """Number cells 100000-999999, or text cells of six ASCII digits."""
    kinds = set(map(type, cells))
    if kinds == {float}:
        try:
            numbers = list(map(int, cells))
        except (ValueError, OverflowError):
            return None
        if numbers == cells and min(numbers) >= 100000 and max(numbers) <= 999999:
            return list(map(str, numbers))
    elif (
        kinds == {str}
        and set(map(len, cells)) == {6}
        and all(map(str.isdigit, cells))
        and all(map(str.isascii, cells))
    ):
        return list(cells)
    return None


as_urn.column = _urn_column


def as_postcode(value: object) -> str | None:
    """A UK postcode in its standard form: 'ox11dp' -> 'OX1 1DP'."""
    if type(value) is str and _TIDY_POSTCODE(value):
        return value
    value = clean(value)
    if value is None:
        return None
    if type(value) is not str:
        raise BadValueError("is not a UK postcode (e.g. OX1 1ND)")
    compact = "".join(value.split()).upper()
    postcode = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
    if not v.is_valid_postcode(postcode):
        raise BadValueError("is not a UK postcode (e.g. OX1 1ND)")
    return postcode


as_postcode.column = lambda cells: _tidy_or_parsed(cells, _TIDY_POSTCODE)


def as_email(value: object) -> str | None:
    value = clean(value)
    if value is None:
        return None
    if type(value) is not str or len(value) > 200:
        raise BadValueError("is not an email address (name@example.org)")
    try:
        return v.check_email(value)
    except v.ValidationError:
        raise BadValueError("is not an email address (name@example.org)") from None


def _email_column(cells: list) -> list | None:
    if _longest(cells) > 200:
        return None
    return _tidy_or_parsed(cells, _TIDY_EMAIL)


as_email.column = _email_column


def as_phone(value: object) -> str | None:
    """A phone number as text. A number cell lost its leading 0: 2072831147.0 -> '02072831147'."""
    value = clean(value)
    if value is None:
        return None
    phone = _integer_text(value)
    if phone is None:
        if type(value) is not str or not _PHONE.fullmatch(value):
            raise BadValueError("is not a phone number")
        phone = value
    if phone.isdigit():
        if len(phone) == 10 and phone[0] != "0":  # a number cell dropped the leading 0
            phone = "0" + phone
        elif len(phone) == 12 and phone.startswith("44"):  # +44 lost its plus
            phone = "0" + phone[2:]
    return phone


as_phone.column = lambda cells: _tidy_or_parsed(cells, _TIDY_PHONE)


def as_date(value: object) -> date | None:
    """Dates from date cells, '11/07/2023' (day first, UK), '2023-07-11', '11 July 2023'."""
    value = clean(value)
    if value is None:
        return None
    kind = type(value)
    if kind is date:
        return value
    if kind is datetime:
        return value.date()
    if kind is float or kind is int:
        # A date cell exported as its serial number (days since 30/12/1899).
        if 1 <= value < 2958466 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise BadValueError("is not a date (day/month/year, e.g. 11/07/2023)")
    if kind is not str:
        raise BadValueError("is not a date (day/month/year, e.g. 11/07/2023)")
    iso = _ISO_DATE.fullmatch(value)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            raise BadValueError("is not a real date") from None
    text_value = _TIME_PART.sub("", " ".join(value.split()))
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text_value, fmt).date()
        except ValueError:
            continue
    raise BadValueError("is not a date (day/month/year, e.g. 11/07/2023)")


_MONTH_NAMES = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


def as_due_date(value: object) -> date | None:
    """A due date: any date ``as_date`` reads, or a month and year ('March 2018', 'Sept
    2017'), meaning the last day of that month. A month with no year is refused."""
    try:
        return as_date(value)
    except BadValueError:
        pass
    words = str(clean(value)).replace(",", " ").lower().split()
    if len(words) == 2 and words[0] in _MONTH_NAMES and words[1].isdigit() and len(words[1]) == 4:
        month, year = _MONTH_NAMES[words[0]], int(words[1])
        following = date(year + month // 12, month % 12 + 1, 1)
        return following - timedelta(days=1)
    if len(words) == 1 and words[0] in _MONTH_NAMES:
        raise BadValueError("is a month without a year (write e.g. July 2018 or 31/07/2018)")
    raise BadValueError("is not a date (day/month/year, e.g. 11/07/2023, or a month: July 2018)")


def _date_column(cells: list) -> list | None:
    kinds = set(map(type, cells))
    if kinds == {date}:
        return list(cells)
    if kinds == {datetime}:
        return list(map(datetime.date, cells))
    return None


as_date.column = _date_column


def as_academic_year(value: object) -> str | None:
    """An academic year as '2022/23' from '202223', '2022/23', '2022-23' or '2022/2023'."""
    value = clean(value)
    if value is None:
        return None
    text_value = _integer_text(value)
    if text_value is None:
        if type(value) is not str:
            raise BadValueError("is not an academic year (e.g. 2022/23)")
        text_value = value
    match = _ACADEMIC_YEAR.fullmatch(text_value)
    if not match:
        raise BadValueError("is not an academic year (e.g. 2022/23)")
    start = int(match[1] or match[3])
    end = match[2] or match[4]
    if int(end[-2:]) != (start + 1) % 100 or (len(end) == 4 and int(end) != start + 1):
        raise BadValueError("is not an academic year (the second year must follow the first)")
    return f"{start}/{(start + 1) % 100:02d}"


_INTAKE_YEAR = re.compile(
    r"(?:(?:sept?|september)\.?\s+)?(20\d{2})(?:\s*(?:/|-|\u2013)\s*(?:\d{2}|\d{4}))?"
    r"(?:\s+year\s*7)?",
    re.IGNORECASE,
)


def as_intake_year(value: object) -> int | None:
    """The year of a September intake: 2023 from 2023, '2023', 'September 2023',
    '2023/24', '2023-24' or DfE's '202324'."""
    value = clean(value)
    if value is None:
        return None
    text_value = _integer_text(value)
    if text_value is None:
        if type(value) is not str:
            raise BadValueError("is not an intake year (e.g. 2023)")
        text_value = value
    if len(text_value) == 6 and text_value.isdigit():
        return int(as_academic_year(text_value)[:4])
    match = _INTAKE_YEAR.fullmatch(text_value.strip())
    if not match:
        raise BadValueError("is not an intake year (e.g. 2023)")
    return int(match[1])


def choice_key(text_value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text_value.lower())


def choice(
    aliases: Mapping[str, str | None], *, max_length: int, keep_unknown: bool = True
) -> Parser:
    """Text mapped onto a vocabulary: known spellings become the standard value.

    ``aliases`` maps a spelling (compared ignoring case, spaces and punctuation) to the
    standard value, or to ``None`` for "not applicable". Unknown text is kept as typed.
    """
    table = {choice_key(k): val for k, val in aliases.items()}

    def parse(value: object) -> str | None:
        text_value = as_text(value)
        if text_value is None:
            return None
        key = choice_key(text_value)
        if key in table:
            return table[key]
        if not keep_unknown:
            raise BadValueError(
                "is not one of: " + ", ".join(sorted({x for x in table.values() if x}))
            )
        return as_text(text_value, max_length=max_length)

    return parse

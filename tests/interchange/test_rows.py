"""Parsing rows: the column-wise fast paths change nothing but the speed."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from send_desktop.interchange import rows as rows_module
from send_desktop.interchange.kind import get_kind
from send_desktop.interchange.rows import parse_rows

HEADERS = ["URN", "Name", "Postcode", "Pupils", "Email", "Phone", "Open date", "Close date"]
COLUMNS = {
    0: "urn",
    1: "name",
    2: "postcode",
    3: "pupils",
    4: "email",
    5: "phone",
    6: "open_date",
    7: "close_date",
}
cells = st.one_of(
    st.sampled_from(["", " ", "N/A", "Total", "x", "=A1", "OX1 1DP", "ox11dp", "OXFORD"]),
    st.sampled_from(["01865 123456", "2072831147", "a@b.org", "a @b.org", "123456", "12"]),
    st.sampled_from([123456.0, 7.0, 7.5, -1.0, date(2020, 9, 1), date(2019, 9, 1), True]),
    st.text(max_size=6),
)


def _parse(table: list[list[object]]):  # noqa: ANN202
    return parse_rows(
        iter(table),
        kind=get_kind("settings"),
        sheet="Return",
        headers=HEADERS,
        columns=COLUMNS,
        first_number=2,
    )


def _described(parsed) -> tuple:  # noqa: ANN001
    return (
        parsed.numbers,
        {k: [(type(v), v) for v in vs] for k, vs in parsed.values.items()},
        [r.describe() for r in parsed.rejected],
        (parsed.blank, parsed.totals, parsed.filtered),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cells, min_size=0, max_size=8), min_size=1, max_size=40))
def test_fast_paths_give_what_cell_by_cell_parsing_gives(table):
    fast = _described(_parse(table))
    real = rows_module.column_parser
    rows_module.column_parser = lambda _parse: None
    try:
        slow = _described(_parse(table))
    finally:
        rows_module.column_parser = real
    assert fast == slow


def test_a_long_clean_column_takes_the_fast_path_and_keeps_its_values():
    table = [
        [100000.0 + i, f"School {i}", "OX1 1DP", 10.0, "a@b.org", "01865 1", date(2020, 9, 1), ""]
        for i in range(300)
    ]
    parsed = _parse(table)
    assert parsed.numbers == list(range(2, 302))
    assert parsed.values["urn"][:2] == ["100000", "100001"]
    assert parsed.values["pupils"][0] == 10 and type(parsed.values["pupils"][0]) is int
    assert set(parsed.values["close_date"]) == {None}

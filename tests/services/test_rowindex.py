"""The prepared index sorts and filters exactly like a plain, slow implementation would."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from send_desktop.services.rowindex import Column, RowIndex, Table, display

COLUMNS = [
    Column("name", "Name"),
    Column("pupils", "Pupils", kind="int"),
    Column("d", "D", kind="date"),
]

rows_strategy = st.lists(
    st.tuples(
        st.one_of(st.none(), st.text(alphabet="abcAB é", max_size=6)),
        st.one_of(st.none(), st.integers(-5, 2000)),
        st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2025, 1, 1))),
    ),
    max_size=40,
)


def _naive(rows, column, descending, text):
    kind = COLUMNS[column].kind
    hay = [
        "\x1f".join(display(v, c.kind) for v, c in zip(r, COLUMNS, strict=True)).casefold()
        for r in rows
    ]
    keep = [i for i in range(len(rows)) if all(t in hay[i] for t in text.casefold().split())]
    present = [i for i in keep if rows[i][column] not in (None, "")]
    blank = [i for i in keep if rows[i][column] in (None, "")]
    key = (
        (lambda i: str(rows[i][column]).casefold())
        if kind == "text"
        else (lambda i: rows[i][column])
    )
    return sorted(present, key=key, reverse=descending) + blank


@settings(max_examples=200)
@given(rows_strategy, st.integers(0, 2), st.booleans(), st.text(alphabet="abé 1", max_size=3))
def test_sort_then_filter_matches_naive(rows, column, descending, text):
    index = RowIndex(Table(COLUMNS, [str(i) for i in range(len(rows))], rows))
    index.sort(column, descending)
    index.filter(text)
    expected = _naive(rows, column, descending, text)
    # ties may come in any order: compare the sort keys and the set of rows
    assert sorted(index.order) == sorted(expected)
    assert [rows[i][column] for i in index.order] == [rows[i][column] for i in expected]


@given(rows_strategy, st.text(alphabet="ab ", max_size=4))
def test_typing_more_narrows_like_starting_afresh(rows, text):
    index = RowIndex(Table(COLUMNS, [str(i) for i in range(len(rows))], rows))
    for n in range(len(text) + 1):  # type one character at a time
        index.filter(text[:n])
    fresh = RowIndex(Table(COLUMNS, [str(i) for i in range(len(rows))], rows))
    assert index.order == fresh.filter(text)


def test_numbers_sort_as_numbers_and_blanks_last():
    rows = [("a", 9, None), ("b", None, None), ("c", 10, None), ("d", 100, None)]
    index = RowIndex(Table(COLUMNS, ["a", "b", "c", "d"], rows))
    assert index.sort(1) == [0, 2, 3, 1]
    assert index.sort(1, descending=True) == [3, 2, 0, 1]


def test_display_uses_uk_formats():
    assert display(date(2023, 7, 11), "date") == "11/07/2023"
    assert display(30_000_00, "money") == "£30,000"
    assert display(1250, "money") == "£12.50"
    assert display(None, "int") == ""

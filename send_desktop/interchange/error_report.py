"""The error report: rejected rows as an .xlsx to send back to the school.

Each rejected row is copied with its original cells, the cells at fault filled red with the
reason as a comment, and a last column saying what to fix. Written by the one .xlsx writer
(``xlsx_out``): text that looks like a formula stays text, and the file appears whole or not
at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from send_desktop.interchange.headers import column_letter
from send_desktop.interchange.rows import Problem, RejectedRow, as_display
from send_desktop.interchange.xlsx_out import XlsxColumn, XlsxSheet, write_xlsx


def _reason(problem: Problem) -> str:
    """The reason, named by its column unless it already starts with the column's title."""
    if not problem.header or problem.reason.lower().startswith(problem.header.lower()):
        return problem.reason
    return f"{problem.header}: {problem.reason}"


def _cell(value: object) -> object:
    if value is None or value == "" or isinstance(value, str | bool | int | float):
        return None if value == "" else value
    return as_display(value)


def write_error_report(
    path: Path,
    *,
    source_name: str,
    headers: Sequence[str],
    first_col: int,
    rejected: Sequence[RejectedRow],
) -> Path:
    """Write the report to ``path`` (via a temporary file in the same folder, then renamed)."""
    width = max([len(headers)] + [len(r.cells) for r in rejected])
    titles = ["Row in " + source_name[:60]] + [
        headers[i] if i < len(headers) and headers[i] else column_letter(first_col + i)
        for i in range(width)
    ]
    titles.append("What to fix")
    rows: list[list[object]] = []
    marks: dict[tuple[int, int], str] = {}
    for n, rejected_row in enumerate(rejected):
        cells = [_cell(v) for v in rejected_row.cells[:width]]
        cells += [None] * (width - len(cells))
        reasons = "; ".join(_reason(p) for p in rejected_row.problems)
        rows.append([rejected_row.row, *cells, reasons])
        for problem in rejected_row.problems:
            if problem.column is not None:
                marks[(n, problem.column - first_col + 1)] = problem.reason
    columns = [XlsxColumn(titles[0], kind="int")]
    columns += [XlsxColumn(t) for t in titles[1:-1]]
    columns.append(XlsxColumn(titles[-1], width=60))
    sheet = XlsxSheet("Rows to fix", columns, rows, marks=marks, autofilter=False)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_xlsx(path, [sheet], title=f"Rows to fix in {source_name}")

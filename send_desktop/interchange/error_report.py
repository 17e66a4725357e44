"""The error report: rejected rows as an .xlsx to send back to the school.

Each rejected row is copied with its original cells, the cells at fault filled red with the
reason as a comment, and a last column saying what to fix. Text that looks like a formula is
written as text, so opening the report never runs anything from the school's file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from send_desktop.interchange.headers import column_letter
from send_desktop.interchange.rows import Problem, RejectedRow, as_display

_BAD = PatternFill("solid", fgColor="FFC7CE")
_BOLD = Font(bold=True)


def _put(cell: Cell, value: object) -> None:
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever it starts with
    elif value is None or value == "":
        cell.value = None
    elif isinstance(value, bool | int | float):
        cell.value = value
    else:
        cell.value = as_display(value)
        cell.data_type = "s"


def _reason(problem: Problem) -> str:
    """The reason, named by its column unless it already starts with the column's title."""
    if not problem.header or problem.reason.lower().startswith(problem.header.lower()):
        return problem.reason
    return f"{problem.header}: {problem.reason}"


def write_error_report(
    path: Path,
    *,
    source_name: str,
    headers: Sequence[str],
    first_col: int,
    rejected: Sequence[RejectedRow],
) -> Path:
    """Write the report to ``path`` (via a temporary file in the same folder, then renamed)."""
    path = Path(path)
    book = Workbook()
    sheet = book.active
    sheet.title = "Rows to fix"
    width = max([len(headers)] + [len(r.cells) for r in rejected])
    titles = ["Row in " + source_name[:60]] + [
        headers[i] if i < len(headers) and headers[i] else column_letter(first_col + i)
        for i in range(width)
    ]
    titles.append("What to fix")
    for col, title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=col)
        _put(cell, title)
        cell.font = _BOLD
    for out_row, rejected_row in enumerate(rejected, start=2):
        sheet.cell(row=out_row, column=1, value=rejected_row.row)
        for i in range(width):
            value = rejected_row.cells[i] if i < len(rejected_row.cells) else None
            _put(sheet.cell(row=out_row, column=i + 2), value)
        for problem in rejected_row.problems:
            if problem.column is None:
                continue
            cell = sheet.cell(row=out_row, column=problem.column - first_col + 2)
            cell.fill = _BAD
            cell.comment = Comment(problem.reason, "SEND Desktop")
        reasons = "; ".join(_reason(p) for p in rejected_row.problems)
        _put(sheet.cell(row=out_row, column=width + 2), reasons)
    sheet.freeze_panes = "B2"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=".~" + path.stem, suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        book.save(partial)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return path

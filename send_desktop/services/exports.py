"""Excel exports: a page's table as an .xlsx, as shown or whole.

    export_kinds()                                                        -> list[ExportKind]
    export_table(table, path=, kind=, columns=, order=, progress=, cancel=) -> Path
    export_table_pdf(table, path=, title=, columns=, order=, note=, ...)   -> Path
    export(db, kind=, path=, progress=, cancel=)                          -> Path

``export_table`` is what the window calls for File → Export: it passes the page's ``Table``
(``services.listing``), the keys of the visible columns in their on-screen order, and the
visible row order (``RowIndex.order``: the filter and sort applied). ``export`` is what the
command line calls: every row and every column of the kind's table, in the page's order.

The writer (``interchange.xlsx_out``) makes real numbers and dates with UK formats, a
dropdown on columns with fixed choices (the vocabularies in ``domain.vocab``), and writes
text that would start a formula as inert text.

The writer and SQLAlchemy (for the user name) are imported on first use: the command line
builds its list of kinds from this module at every start, the window's included.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from send_desktop.domain import vocab
from send_desktop.services import listing, pathway_exports
from send_desktop.services.rowindex import Table
from send_desktop.services.tasks import CancelToken, Progress, no_progress
from send_desktop.storage.database import Database


def _values(enum: type) -> tuple[str, ...]:
    return tuple(item.value for item in enum)


def _tirp_members(db: Database) -> Table:
    from send_desktop.services.tirp_tables import member_table

    return member_table(db)


def _tirp_attendance(db: Database) -> Table:
    from send_desktop.services.tirp_tables import attendance_table

    return attendance_table(db)


@dataclass(frozen=True)
class ExportKind:
    name: str  # as typed on the command line
    title: str  # the sheet's name and the file's title
    load: Callable[[Database], Table]
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # column key -> values


EXPORT_KINDS: dict[str, ExportKind] = {
    k.name: k
    for k in (
        ExportKind(
            "settings",
            "Settings",
            listing.list_settings,
            {"phase": _values(vocab.Phase), "type": _values(vocab.SettingType)},
        ),
        ExportKind(
            "people", "People", listing.list_people, {"role": _values(vocab.PersonRoleKind)}
        ),
        ExportKind(
            "cohorts", "Cohorts", listing.list_cohorts, {"status": _values(vocab.CohortStatus)}
        ),
        ExportKind("waitlist", "Waitlist", listing.list_waitlist),
        ExportKind("cohort-members", "Cohort members and leaders", _tirp_members),
        ExportKind("attendance", "Attendance", _tirp_attendance),
        ExportKind(
            "bids", "Pathway bids", listing.list_pathways, {"status": _values(vocab.BidStatus)}
        ),
        ExportKind(
            "ranking",
            "Ranking",
            pathway_exports.list_rankings,
            {"phase": pathway_exports.PHASES},
        ),
        ExportKind(
            "referrals",
            "Referrals",
            listing.list_referrals,
            {"status": _values(vocab.ReferralStatus), "route": _values(vocab.ReferralRoute)},
        ),
        ExportKind(
            "packages",
            "Outreach packages",
            listing.list_outreach,
            {"area": _values(vocab.AreaOfNeed), "mode": _values(vocab.PackageMode)},
        ),
        ExportKind(
            "actions",
            "Action plan",
            lambda db: listing.list_actions(db, plain_rag=True),
            {"rag": _values(vocab.Rag)},
        ),
        ExportKind(
            "milestones",
            "Roadmap milestones",
            listing.list_milestones,
            {"status": _values(vocab.MilestoneStatus)},
        ),
    )
}


def export_kinds() -> list[ExportKind]:
    return list(EXPORT_KINDS.values())


def export_kind(name: str) -> ExportKind:
    try:
        return EXPORT_KINDS[name]
    except KeyError:
        known = ", ".join(EXPORT_KINDS)
        raise KeyError(f"unknown export kind '{name}' (kinds: {known})") from None


def _on_rows(total: int, progress: Progress, cancel: CancelToken | None) -> Callable[[int], None]:
    def report(done: int) -> None:
        if cancel:
            cancel.check()
        progress(min(done / max(total, 1), 1.0) * 0.95, f"Written {done:,} of {total:,} rows")

    return report


def export_table(
    table: Table,
    *,
    path: Path,
    kind: str | None = None,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    order: Sequence[int] | None = None,
    author: str | None = None,
    password: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write ``table`` to ``path`` as .xlsx: the ``columns`` (keys, in this order; default
    every column) of the rows in ``order`` (indexes into ``table.rows``; default all, as
    loaded). ``kind`` (an export kind's name) adds its dropdowns and names the sheet.
    A ``password`` encrypts the workbook (for files leaving the laptop).

    Nothing is left behind on an error or a cancel; raises ``atomic.TargetError`` if the
    target's folder cannot take the file.
    """
    from send_desktop.interchange.xlsx_out import XlsxColumn, XlsxSheet, write_xlsx
    from send_desktop.storage.audit import current_user

    spec = EXPORT_KINDS.get(kind) if kind else None
    keys = list(columns) if columns is not None else [c.key for c in table.columns]
    fields = [table.column_index(k) for k in keys]
    choices = spec.choices if spec else {}
    xcols = [
        XlsxColumn(
            table.columns[i].title,
            table.columns[i].kind,
            choices=choices.get(table.columns[i].key, ()),
        )
        for i in fields
    ]
    name = title or (spec.title if spec else "Export")
    rows_order = list(order) if order is not None else None
    total = len(rows_order) if rows_order is not None else len(table.rows)
    progress(0.0, "Writing the workbook")
    if cancel:
        cancel.check()
    written = write_xlsx(
        Path(path),
        [XlsxSheet(name, xcols, table.rows, order=rows_order, fields=fields)],
        title=f"{name} \u2014 exported {date.today():%d/%m/%Y}",
        author=author or current_user(),
        comments="Exported from SEND Desktop",
        on_rows=_on_rows(total, progress, cancel),
        password=password,
    )
    progress(1.0, "Export finished")
    return written


def export_table_pdf(
    table: Table,
    *,
    path: Path,
    title: str,
    columns: Sequence[str] | None = None,
    order: Sequence[int] | None = None,
    note: str = "",
    author: str | None = None,
    password: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """The same rows and columns as ``export_table``, as a printable PDF: each cell as the
    table shows it (UK dates, £), header repeated on every page, landscape when wide."""
    from send_desktop.interchange.pdf.table_listing import Listing, render
    from send_desktop.services.rowindex import display
    from send_desktop.storage.audit import current_user

    keys = list(columns) if columns is not None else [c.key for c in table.columns]
    fields = [table.column_index(k) for k in keys]
    kinds = [table.columns[i].kind for i in fields]
    rows_order = list(order) if order is not None else range(len(table.rows))
    progress(0.0, "Laying out the pages")
    rows = [[display(table.rows[r][f], kinds[c]) for c, f in enumerate(fields)] for r in rows_order]
    listing = Listing(title, [table.columns[i].title for i in fields], kinds, rows, note)
    written = render(
        Path(path),
        listing,
        author=author or current_user(),
        password=password,
        on_rows=_on_rows(len(rows), progress, cancel),
    )
    progress(1.0, "PDF written")
    return written


def export(
    db: Database,
    *,
    kind: str,
    path: Path,
    author: str | None = None,
    password: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Every row and column of one kind's table (the command line's ``export``)."""
    spec = export_kind(kind)
    progress(0.0, "Reading the records")
    table = spec.load(db)
    return export_table(
        table,
        path=path,
        kind=kind,
        author=author,
        password=password,
        progress=progress,
        cancel=cancel,
    )


def export_cohort(
    db: Database,
    *,
    kind: str,
    cohort_id: str,
    path: Path,
    author: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """One cohort's ``cohort-members`` or ``attendance`` table (the cohorts page's buttons)."""
    from send_desktop.services.tirp_tables import attendance_table, member_table

    load = {"cohort-members": member_table, "attendance": attendance_table}[kind]
    progress(0.0, "Reading the records")
    name = db.query("SELECT name FROM cohort WHERE id = ?", (cohort_id,))[0][0]
    title = f"{name} {export_kind(kind).title.lower()}"
    return export_table(
        load(db, cohort_id),
        path=path,
        kind=kind,
        title=title,
        author=author,
        progress=progress,
        cancel=cancel,
    )

"""Return templates: workbooks sent to schools that come back and import with no mapping step.

    return_templates()                                            -> list[ReturnTemplate]
    make_return_template(db, template=ID, path=, setting_ids=)    -> Path

A template is a declaration over an import kind (``interchange.kinds``): which of the kind's
fields become columns (headed by the kind's own labels, so the import places each one
exactly), how each is checked as it is typed (a dropdown, a whole number, a date), and how
rows are pre-filled from the register. The workbook has a locked header row (the rest stays
editable), validation on every column that has a rule, a "How to fill in" sheet, and a very
hidden marker sheet with the template's id and version (``interchange.template_marker``).

Adding a template (an intake return, an expression of interest, an attendance sign-in, a
referral form) is one ``register_template(ReturnTemplate(...))`` naming its import kind,
once that kind exists; ``tests/services/test_templates.py`` checks every registered template
round-trips through the import engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from send_desktop.domain import vocab
from send_desktop.interchange.kind import get_kind
from send_desktop.interchange.template_marker import MARKER_SHEET, TemplateMarker
from send_desktop.storage.database import Database

Prefill = Callable[[Database, Sequence[str] | None, Sequence[str]], list[tuple]]


@dataclass(frozen=True)
class TemplateField:
    name: str  # a field of the template's import kind
    kind: str = "text"  # how the cell is written and checked: text | int | date | money
    choices: tuple[str, ...] = ()  # a dropdown
    note: str | None = None  # shown when a cell of the column is selected
    # for the school to type: left empty when nothing is held yet (an empty cell sent back
    # is reported as empty, not guessed)
    fill_in: bool = False


@dataclass(frozen=True)
class ReturnTemplate:
    id: str
    version: int
    kind: str  # the import kind the returned file is read as
    title: str
    fields: tuple[TemplateField, ...]
    instructions: tuple[str, ...] = ()
    prefill: Prefill | None = None  # rows for (db, setting ids or None for all, field names)
    sheet: str = "Return"
    spare_rows: int = 500  # rows below the pre-filled ones that the checks cover

    def headers(self) -> list[str]:
        kind = get_kind(self.kind)
        return [kind.field(f.name).label for f in self.fields]

    def marker(self) -> TemplateMarker:
        return TemplateMarker(
            template_id=self.id,
            version=self.version,
            kind=self.kind,
            sheet=self.sheet,
            header_row=1,
            fields=tuple(zip(self.headers(), (f.name for f in self.fields), strict=True)),
        )


_TEMPLATES: dict[str, ReturnTemplate] = {}


def register_template(template: ReturnTemplate) -> ReturnTemplate:
    kind = get_kind(template.kind)  # KeyError for a kind that does not exist
    for f in template.fields:
        kind.field(f.name)  # KeyError for a field the kind does not have
    _TEMPLATES[template.id] = template
    return template


def return_templates() -> list[ReturnTemplate]:
    return list(_TEMPLATES.values())


def return_template(template_id: str) -> ReturnTemplate:
    try:
        return _TEMPLATES[template_id]
    except KeyError:
        known = ", ".join(_TEMPLATES)
        raise KeyError(f"unknown return template '{template_id}' (templates: {known})") from None


def _as_date(value: object) -> object:
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def prefill_settings(
    db: Database, setting_ids: Sequence[str] | None, names: Sequence[str]
) -> list[tuple]:
    """Rows of the register (chosen settings, or all) for fields named as setting columns."""
    columns = ", ".join(names)
    if setting_ids is None:
        rows = db.query(f"SELECT {columns} FROM setting ORDER BY name COLLATE NOCASE")
    else:
        wanted = list(setting_ids)
        rows = []
        for start in range(0, len(wanted), 500):  # SQLite's limit on parameters
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows += db.query(f"SELECT {columns} FROM setting WHERE id IN ({marks})", chunk)
        rows.sort(key=lambda r: str(r[names.index("name")] if "name" in names else "").casefold())
    return [tuple(_as_date(v) for v in row) for row in rows]


SETTINGS_RETURN = register_template(
    ReturnTemplate(
        id="settings-return",
        version=1,
        kind="settings",
        title="Settings register return",
        fields=(
            TemplateField("urn", note="The DfE URN (6 digits). Leave it as it is."),
            TemplateField("name", note="The setting's name as the DfE knows it."),
            TemplateField("phase", choices=tuple(p.value for p in vocab.Phase)),
            TemplateField("type", choices=tuple(t.value for t in vocab.SettingType)),
            TemplateField("trust", note="The multi-academy trust, if any."),
            TemplateField("locality"),
            TemplateField("town"),
            TemplateField("postcode"),
            TemplateField("la_code", note="The local authority's 3-digit code (931: Oxfordshire)."),
            TemplateField("pupils", "int", note="Pupils on roll today (a whole number)."),
            TemplateField("email", note="The setting's main email address."),
            TemplateField("phone", note="The setting's main phone number."),
            TemplateField("open_date", "date", note="dd/mm/yyyy"),
            TemplateField("close_date", "date", note="dd/mm/yyyy, only if the setting has closed."),
            TemplateField("notes"),
        ),
        instructions=(
            "Please check the details we hold for your setting on the 'Return' sheet and "
            "correct anything that is out of date.",
            "Type over a cell to change it. Add a row at the bottom for a setting we do not "
            "list. Please leave the URN of an existing row as it is.",
            "Do not rename, move or delete the columns, or the header row: the file is read "
            "back into the council's register exactly as it is laid out.",
            "Dates as dd/mm/yyyy. Phase and Type have a dropdown list.",
            "Save the file as an Excel workbook (.xlsx) and send it back to the SEND team.",
        ),
        prefill=prefill_settings,
    )
)


def _intake_year(db: Database) -> int:
    """The intake a return asks about: the newest funding round's, else the newest held,
    else this year's September."""
    for sql in (
        "SELECT max(intake_year) FROM funding_round",
        "SELECT max(intake_year) FROM intake_count",
    ):
        year = db.query(sql)[0][0]
        if year:
            return int(year)
    return date.today().year


def prefill_intake(
    db: Database, setting_ids: Sequence[str] | None, names: Sequence[str]
) -> list[tuple]:
    """One row per chosen setting (None: every secondary and all-through school) for the
    intake year asked about, with the figure held for it if any (suppressed as 'x')."""
    year = _intake_year(db)
    sql = """
        SELECT s.id, s.urn, s.name, i.count, i.suppressed, i.source, i.as_of
        FROM setting s
        LEFT JOIN intake_count i ON i.setting_id = s.id AND i.intake_year = ?"""
    if setting_ids is None:
        rows = db.query(sql + " WHERE s.phase IN ('Secondary', 'All-through')", (year,))
    else:
        wanted = list(setting_ids)
        rows = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows += db.query(sql + f" WHERE s.id IN ({marks})", (year, *chunk))
    out = []
    for _id, urn, name, count, suppressed, source, as_of in sorted(
        rows, key=lambda r: str(r[2]).casefold()
    ):
        held = count is not None or bool(suppressed)
        values = {
            "urn": urn,
            "name": name,
            "intake_year": year,
            "count": "x" if suppressed else count,
            "source": source if held else "School intake return",
            "as_of": _as_date(as_of) if held else None,
        }
        out.append(tuple(values[n] for n in names))
    return out


INTAKE_RETURN = register_template(
    ReturnTemplate(
        id="intake-return",
        version=1,
        kind="intake",
        title="Year 7 EHCP intake return",
        fields=(
            TemplateField("urn", note="The school's DfE URN. Leave it as it is."),
            TemplateField("name", note="The school's name. Leave it as it is."),
            TemplateField(
                "intake_year", note="The September intake, e.g. 2024. Leave it as it is."
            ),
            TemplateField(
                "count",
                "int",
                note="Pupils with an EHC plan in this Year 7 intake (a whole number, 0 if none).",
                fill_in=True,
            ),
            TemplateField("source", note="Where the figure comes from, e.g. the admissions list."),
            TemplateField("as_of", "date", note="The date the figure was true, dd/mm/yyyy."),
        ),
        instructions=(
            "Please type the number of pupils with an EHC plan in your September Year 7 intake "
            "in the 'Year 7 EHCP count' column of the 'Return' sheet (0 if there are none).",
            "Add the date the figure was true in 'As of' (dd/mm/yyyy), and where it comes from "
            "in 'Source' if it is not your admissions list.",
            "Do not rename, move or delete the columns, or the header row, and leave the URN, "
            "school name and intake year as they are: the file is read back exactly as laid out.",
            "Save the file as an Excel workbook (.xlsx) and send it back to the SEND team.",
        ),
        prefill=prefill_intake,
    )
)


def make_return_template(
    db: Database,
    *,
    template: str,
    path: Path,
    setting_ids: Sequence[str] | None = None,
    blank: bool = False,
) -> Path:
    """Write the return template ``template`` to ``path``, pre-filled with the register's
    rows for ``setting_ids`` (None: every setting; ``blank``: no rows)."""
    from send_desktop.interchange.xlsx_out import XlsxColumn, XlsxSheet, write_xlsx
    from send_desktop.storage.audit import current_user

    spec = return_template(template)
    names = [f.name for f in spec.fields]
    rows: list[tuple] = []
    if not blank and spec.prefill is not None:
        rows = spec.prefill(db, setting_ids, names)
    columns = [
        XlsxColumn(header, f.kind, choices=f.choices, note=f.note)
        for header, f in zip(spec.headers(), spec.fields, strict=True)
    ]
    marker = spec.marker()
    sheets = [
        XlsxSheet(
            spec.sheet,
            columns,
            rows,
            protect=True,
            validate_types=True,
            validation_rows=len(rows) + spec.spare_rows,
        ),
        XlsxSheet(
            "How to fill in",
            [XlsxColumn(spec.title, width=110)],
            [(line,) for line in spec.instructions]
            + [(f"Template {spec.id}, version {spec.version}.",)],
            autofilter=False,
            freeze_header=False,
        ),
        XlsxSheet(
            MARKER_SHEET,
            [XlsxColumn("Key"), XlsxColumn("Value")],
            marker.rows(),
            hidden=True,
            autofilter=False,
        ),
    ]
    return write_xlsx(
        Path(path),
        sheets,
        title=f"{spec.title} (template {spec.id} v{spec.version})",
        author=current_user(),
        subject=spec.title,
        comments="Fill in and return to the council's SEND team.",
        defined_names=marker.defined_names(),
    )


# --- TIRP ---------------------------------------------------------------------------------

_LETTERS = {"present": "P", "late": "L", "apologies": "A", "absent": "X"}


def _ids_clause(setting_ids: Sequence[str] | None, column: str) -> tuple[str, list[str]]:
    if setting_ids is None:
        return "", []
    ids = list(setting_ids)
    return f" AND {column} IN ({', '.join('?' * len(ids))})", ids


def prefill_sign_in(
    db: Database, setting_ids: Sequence[str] | None, names: Sequence[str]
) -> list[tuple]:
    """One row per current leader of the chosen settings, for each cohort they are in: its
    next session to record (the first with no marks yet, else the last), marks so far as
    letters."""
    where, params = _ids_clause(setting_ids, "m.setting_id")
    leaders = db.query(
        "SELECT m.cohort_id, c.name, s.urn, s.name, p.full_name, p.email, l.id"
        " FROM cohort_leader l JOIN cohort_member m ON m.id = l.member_id"
        " JOIN cohort c ON c.id = m.cohort_id JOIN setting s ON s.id = m.setting_id"
        " JOIN person p ON p.id = l.person_id"
        " WHERE l.ended_on IS NULL AND m.withdrawn_on IS NULL" + where + " ORDER BY c.name,"
        " s.name COLLATE NOCASE, p.full_name COLLATE NOCASE",
        params,
    )
    sessions: dict[str, tuple] = {}
    for cohort_id in {r[0] for r in leaders}:
        found = db.query(
            "SELECT cs.id, cs.seq, cs.held_on, (SELECT count(*) FROM attendance a"
            " WHERE a.session_id = cs.id) FROM cohort_session cs WHERE cs.cohort_id = ?"
            " ORDER BY cs.seq",
            (cohort_id,),
        )
        if found:
            sessions[cohort_id] = next((s for s in found if not s[3]), found[-1])
    marks = dict(
        ((sid, lid), status)
        for sid, lid, status in db.query("SELECT session_id, leader_id, status FROM attendance")
    )
    rows = []
    for cohort_id, cohort, urn, setting, person, email, leader_id in leaders:
        if cohort_id not in sessions:
            continue
        sid, seq, held, _count = sessions[cohort_id]
        values = {
            "cohort": cohort,
            "session": seq,
            "held_on": _as_date(held),
            "urn": urn,
            "setting": setting,
            "leader": person,
            "email": email,
            "status": _LETTERS.get(marks.get((sid, leader_id), "")),
        }
        rows.append(tuple(values[n] for n in names))
    return rows


def prefill_waiting(
    db: Database, setting_ids: Sequence[str] | None, names: Sequence[str]
) -> list[tuple]:
    """The chosen settings that are on the waitlist, as they stand (to check and update)."""
    where, params = _ids_clause(setting_ids, "w.setting_id")
    found = db.query(
        "SELECT s.urn, s.name, s.postcode, w.added_on, w.preferred_start, w.notes"
        " FROM waitlist_entry w JOIN setting s ON s.id = w.setting_id"
        " WHERE w.status = 'waiting'" + where + " ORDER BY w.added_on, s.name COLLATE NOCASE",
        params,
    )
    fields = ("urn", "setting", "postcode", "added_on", "preferred_start", "notes")
    return [tuple(_as_date(dict(zip(fields, r, strict=True))[n]) for n in names) for r in found]


SIGN_IN_RETURN = register_template(
    ReturnTemplate(
        id="tirp-sign-in",
        version=1,
        kind="attendance",
        title="TIRP session sign-in sheet",
        fields=(
            TemplateField("cohort", note="Leave as it is."),
            TemplateField("session", "int", note="The session's number. Leave as it is."),
            TemplateField("held_on", "date", note="dd/mm/yyyy. Leave as it is."),
            TemplateField("urn", note="The setting's URN. Leave as it is."),
            TemplateField("setting"),
            TemplateField("leader", note="Add a row for a leader who came and is not listed."),
            TemplateField("email"),
            TemplateField(
                "status",
                choices=("P", "L", "A", "X"),
                note="P present, L late, A apologies sent, X absent. Blank: not recorded.",
            ),
        ),
        instructions=(
            "One row per leader expected at the session. In the Attendance column type P "
            "(present), L (late), A (sent apologies) or X (absent).",
            "Leave a row's Attendance blank if you do not know: nothing is recorded for it.",
            "Do not rename, move or delete the columns, or the header row: the file is read "
            "back into the council's records exactly as it is laid out.",
            "Save the file as an Excel workbook (.xlsx) and send it back to the SEND team.",
        ),
        prefill=prefill_sign_in,
        sheet="Sign-in",
    )
)

EXPRESSION_OF_INTEREST = register_template(
    ReturnTemplate(
        id="tirp-expression-of-interest",
        version=1,
        kind="waitlist",
        title="TIRP expression of interest",
        fields=(
            TemplateField("urn", note="Your setting's DfE URN (6 digits), if you know it."),
            TemplateField("setting", note="Your setting's name."),
            TemplateField("postcode"),
            TemplateField("added_on", "date", note="Today's date (dd/mm/yyyy)."),
            TemplateField(
                "preferred_start", note="When you would like to start, e.g. 'Spring 2026'."
            ),
            TemplateField("notes", note="Anything we should know."),
        ),
        instructions=(
            "To ask for a place on the Trauma-Informed Relational Practice programme, fill in "
            "one row for your setting: its URN (or name and postcode), today's date, when you "
            "would like to start, and anything we should know.",
            "Places are offered in the order settings asked, so a setting already on the list "
            "keeps its original date.",
            "Do not rename, move or delete the columns, or the header row.",
            "Save the file as an Excel workbook (.xlsx) and send it back to the SEND team.",
        ),
        prefill=prefill_waiting,
        sheet="Expression of interest",
    )
)


def prefill_referrals(
    db: Database, setting_ids: Sequence[str] | None, names: Sequence[str]
) -> list[tuple]:
    """The referrals already held for the chosen settings (None: all), as the form lays them
    out, so a form sent out and returned unchanged imports as unchanged."""
    sql = """SELECT s.urn, s.name, k.name, ps.name, r.route, r.received_on, r.term,
                 r.summary_of_need, r.evidence, r.setting_id
             FROM referral r
             JOIN setting s ON s.id = r.setting_id
             JOIN outreach_package k ON k.id = r.package_id
             JOIN outreach_provider p ON p.id = k.provider_id
             JOIN setting ps ON ps.id = p.setting_id
             ORDER BY s.name COLLATE NOCASE, r.received_on"""
    wanted = None if setting_ids is None else set(setting_ids)
    order = ("urn", "name", "package", "provider", "route", "received_on", "term",
             "summary_of_need", "evidence")  # fmt: skip
    out = []
    for row in db.query(sql):
        if wanted is not None and row[-1] not in wanted:
            continue
        values = dict(zip(order, row[:-1], strict=True))
        values["received_on"] = _as_date(values["received_on"])
        values["evidence"] = _ticked(values["evidence"])
        out.append(tuple(values[n] for n in names))
    return out


def _ticked(stored: str | None) -> str | None:
    import json

    try:
        ticks = json.loads(stored) if stored else {}
    except ValueError:
        return None
    return "; ".join(item for item, done in ticks.items() if done) or None


REFERRAL_FORM = register_template(
    ReturnTemplate(
        id="referral-form",
        version=1,
        kind="referrals",
        title="Outreach referral form",
        fields=(
            TemplateField("urn", note="Your setting's DfE URN (6 digits)."),
            TemplateField("name", note="Your setting's name."),
            TemplateField(
                "package", note="The package's name as printed in the outreach catalogue."
            ),
            TemplateField("provider", note="The special school offering the package."),
            TemplateField("route", choices=tuple(r.value for r in vocab.ReferralRoute)),
            TemplateField("received_on", "date", note="The date of the request, dd/mm/yyyy."),
            TemplateField("term", note="The term the support is wanted in, e.g. 2024 Autumn."),
            TemplateField(
                "summary_of_need",
                note="What your setting needs help with. Setting-level information only: "
                "do not write a child's name or anything that identifies a child.",
            ),
            TemplateField(
                "evidence",
                note="The evidence you can provide, as listed for the package, separated by ';'.",
            ),
        ),
        instructions=(
            "Use one row of the 'Return' sheet for each package you are asking for.",
            "Choose a package from the outreach catalogue (the 'offer to schools' PDF) and "
            "give its name and provider exactly as printed there.",
            "Summary of need: describe the need at the level of your setting (a class, a "
            "group, your staff). Do not write any child's name or anything that identifies "
            "a child: the council keeps setting-level information only.",
            "Evidence: list what you can provide from the package's 'Evidence required', "
            "separated by semicolons, for example: Two assess-plan-do-review cycles; "
            "Educational psychology advice.",
            "Rows already filled in are the requests we hold for your setting: please leave "
            "them as they are.",
            "Dates as dd/mm/yyyy. Route has a dropdown list.",
            "Do not rename, move or delete the columns, or the header row.",
            "Save the file as an Excel workbook (.xlsx) and send it back to the SEND team.",
        ),
        prefill=prefill_referrals,
    )
)

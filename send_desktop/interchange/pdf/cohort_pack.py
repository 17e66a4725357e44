"""The TIRP cohort pack: what a programme lead prints and takes to a session.

Laid out from plain data (``CohortPack``, filled by ``services.packs``), in this order:
cover; cohort summary; session schedule; settings and leaders with contacts; a sign-in
sheet per session (with a signature column and spare rows); attendance summary; feedback
quotes. The pack is given only quotes whose authors consented to publication: the service
filters them, and ``render`` refuses any other (a second lock on the same door).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak, Paragraph

from send_desktop.interchange.pdf import blocks as b
from send_desktop.interchange.pdf import style as st
from send_desktop.interchange.pdf.document import DocumentInfo, build_pdf

PROGRAMME = "Trauma-Informed Relational Practice (TIRP)"
MARKS = {"present": "\u2713", "late": "L", "apologies": "A", "absent": "\u2717"}
ATTENDED = ("present", "late")
SPARE_SIGN_IN_ROWS = 4


@dataclass(frozen=True)
class PackSetting:
    name: str
    urn: str | None = None
    phase: str | None = None
    town: str | None = None
    postcode: str | None = None
    email: str | None = None
    phone: str | None = None
    leaders: int = 0


@dataclass(frozen=True)
class PackLeader:
    name: str
    role: str | None
    setting: str
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class PackSession:
    seq: int
    title: str
    held_on: date | None = None
    venue: str | None = None
    facilitator: str | None = None


@dataclass(frozen=True)
class PackQuote:
    quote: str
    role: str | None
    consented: bool
    session: str | None = None


@dataclass
class CohortPack:
    cohort: str
    status: str
    produced_on: date
    produced_by: str
    start_date: date | None = None
    planned_end: date | None = None
    capacity: int | None = None
    venue: str | None = None
    facilitators: str | None = None
    programme: str = PROGRAMME
    settings: list[PackSetting] = field(default_factory=list)
    leaders: list[PackLeader] = field(default_factory=list)
    sessions: list[PackSession] = field(default_factory=list)
    # attendance[i][j]: leader i at session j (statuses as stored), None if not recorded
    attendance: list[list[str | None]] = field(default_factory=list)
    quotes: list[PackQuote] = field(default_factory=list)
    for_session: int | None = None  # a session's number: the pack for that one session


def _signed_sessions(pack: CohortPack) -> list[PackSession]:
    """The sessions that get a sign-in sheet: all, or the one the pack is for."""
    if pack.for_session is None:
        return list(pack.sessions)
    return [x for x in pack.sessions if x.seq == pack.for_session]


class ConsentError(ValueError):
    """A quote without consent to publish was handed to the pack."""


def _recorded(pack: CohortPack) -> list[bool]:
    return [any(row[j] is not None for row in pack.attendance) for j in range(len(pack.sessions))]


def _rate(marks: Sequence[str | None]) -> str:
    known = [m for m in marks if m is not None]
    if not known:
        return "\u2013"
    return f"{round(100 * sum(m in ATTENDED for m in known) / len(known))}%"


def _cover(pack: CohortPack) -> list[Flowable]:
    s = st.styles()
    held = sum(_recorded(pack))
    facts = [
        ("Programme", pack.programme),
        ("Status", pack.status.capitalize()),
        ("Starts", st.long_date(pack.start_date) or "Not set"),
        ("Planned end", st.long_date(pack.planned_end) or "Not set"),
        ("Venue", pack.venue or "Not set"),
        ("Facilitators", pack.facilitators or "Not set"),
        (
            "Settings",
            f"{len(pack.settings)}" + (f" of {pack.capacity} places" if pack.capacity else ""),
        ),
        ("Leaders", str(len(pack.leaders))),
        ("Sessions", f"{len(pack.sessions)} ({held} with attendance recorded)"),
    ]
    contents = [
        "Cohort summary",
        "Session schedule",
        "Settings and leaders",
        "Sign-in sheets (one per session)"
        if pack.for_session is None
        else "Sign-in sheet for this session",
        "Attendance summary",
        "Participant feedback",
    ]
    subtitle = "Cohort pack"
    for session in _signed_sessions(pack) if pack.for_session is not None else []:
        when = st.long_date(session.held_on)
        subtitle = f"Pack for {session.title}" + (f", {when}" if when else "")
    return [
        b.space(24),
        Paragraph(b.text(pack.cohort), s.title),
        Paragraph(b.text(subtitle), s.subtitle),
        b.key_facts(facts),
        b.space(8),
        *b.heading("Contents", 2),
        *[b.para(f"{i}.  {line}") for i, line in enumerate(contents, start=1)],
        b.space(10),
        b.para(
            f"Produced on {st.long_date(pack.produced_on)} by {pack.produced_by} with SEND "
            "Desktop. This pack holds the names and contact details of the cohort's leaders: "
            "keep it safe and share it only with those who need it.",
            muted=True,
        ),
    ]


def _summary(pack: CohortPack) -> list[Flowable]:
    recorded = _recorded(pack)
    all_marks = [
        row[j] for row in pack.attendance for j in range(len(pack.sessions)) if recorded[j]
    ]
    figures = [
        (len(pack.settings), "settings"),
        (len(pack.leaders), "leaders"),
        (f"{sum(recorded)} of {len(pack.sessions)}", "sessions with attendance"),
        (_rate(all_marks), "attendance at those sessions"),
    ]
    by_phase: Counter[str] = Counter()
    leaders_by_phase: Counter[str] = Counter()
    for setting in pack.settings:
        phase = setting.phase or "Not recorded"
        by_phase[phase] += 1
        leaders_by_phase[phase] += setting.leaders
    phase_rows = [(phase, by_phase[phase], leaders_by_phase[phase]) for phase in sorted(by_phase)]
    phase_rows.append(("Total", len(pack.settings), sum(leaders_by_phase.values())))
    out = [
        *b.section("Cohort summary"),
        b.figures(figures),
        b.space(6),
        *b.heading("Settings by phase", 2),
        b.data_table(
            ["Phase", "Settings", "Leaders"],
            phase_rows,
            [80, 30, 30],
            numeric=(1, 2),
            total_row=True,
        )
        if pack.settings
        else b.para("No settings have joined the cohort yet."),
    ]
    upcoming = [x for x in pack.sessions if x.held_on and x.held_on >= pack.produced_on]
    if upcoming:
        nxt = upcoming[0]
        out += [
            *b.heading("Next session", 2),
            b.para(
                f"{nxt.title} \u2014 {st.long_date(nxt.held_on)}"
                + (f", {nxt.venue}" if nxt.venue else "")
            ),
        ]
    return out


def _schedule(pack: CohortPack) -> list[Flowable]:
    rows = [
        (x.seq, st.long_date(x.held_on) or "To be arranged", x.title, x.venue, x.facilitator)
        for x in pack.sessions
    ]
    out = [*b.section("Session schedule", new_page=False)]
    if not rows:
        return [*out, b.para("No sessions have been planned yet.")]
    return [
        *out,
        b.data_table(["#", "Date", "Session", "Venue", "Facilitator"], rows, [8, 44, 60, 32, 30]),
    ]


def _people(pack: CohortPack) -> list[Flowable]:
    settings = [
        (
            b.name_with_detail(x.name, " \u00b7 ".join(v for v in (x.email, x.phone) if v)),
            x.urn,
            x.phase,
            x.town,
            x.postcode,
            x.leaders,
        )
        for x in pack.settings
    ]
    leaders = [(x.name, x.role, x.setting, x.email, x.phone) for x in pack.leaders]
    out = [*b.section("Settings and leaders")]
    if not settings:
        return [*out, b.para("No settings have joined the cohort yet.")]
    out.append(
        b.data_table(
            ["Setting and contact", "URN", "Phase", "Town", "Postcode", "Leaders"],
            settings,
            [72, 16, 22, 26, 22, 16],
            numeric=(5,),
        )
    )
    if not leaders:
        return [*out, *b.heading("Leaders", 2), b.para("No leaders have been named yet.")]
    table = b.data_table(
        ["Leader", "Role", "Setting", "Email", "Phone"],
        leaders,
        [32, 26, 38, 52, 26],
        drop_empty=True,
    )
    # On one page when it fits on one; split over pages (header repeated) when it cannot.
    out.append(b.KeepTogetherIfFits([*b.heading("Leaders", 2), table]))
    return out


def _sign_in(pack: CohortPack, session: PackSession) -> list[Flowable]:
    s = st.styles()
    when = st.long_date(session.held_on) or "Date to be arranged"
    where = f" \u00b7 {session.venue}" if session.venue else ""
    by = f" \u00b7 Facilitator: {session.facilitator}" if session.facilitator else ""
    rows = [(i, x.name, x.setting, x.role, "") for i, x in enumerate(pack.leaders, start=1)]
    start = len(rows) + 1
    rows += [(start + i, "", "", "", "") for i in range(SPARE_SIGN_IN_ROWS)]
    return [
        PageBreak(),
        b.RunningLabel(f"Sign-in sheet: {session.title}"),
        Paragraph(b.text(f"Sign-in sheet \u2014 {pack.cohort}"), s.h1),
        Paragraph(b.text(session.title), s.h2),
        b.para(when + where + by, muted=True),
        b.space(2),
        b.data_table(
            ["#", "Name", "Setting", "Role", "Signature"],
            rows,
            [8, 38, 48, 34, 46],
            row_height_mm=10,
            zebra=False,
        ),
    ]


def _attendance(pack: CohortPack) -> list[Flowable]:
    recorded = _recorded(pack)
    out = [*b.section("Attendance summary")]
    if not any(recorded):
        return [*out, b.para("No attendance has been recorded yet.")]
    per_session = []
    for j, x in enumerate(pack.sessions):
        if not recorded[j]:
            continue
        marks = [row[j] for row in pack.attendance]
        counts = Counter(marks)
        per_session.append(
            (
                x.seq,
                x.title,
                st.short_date(x.held_on),
                counts["present"],
                counts["late"],
                counts["apologies"],
                counts["absent"],
                counts[None],
                _rate(marks),
            )
        )
    out.append(
        b.data_table(
            [
                "#",
                "Session",
                "Date",
                "Present",
                "Late",
                "Apologies",
                "Absent",
                "Not recorded",
                "Attended",
            ],
            per_session,
            [7, 46, 22, 16, 11, 20, 15, 19, 18],
            numeric=(3, 4, 5, 6, 7, 8),
        )
    )
    held = [j for j, r in enumerate(recorded) if r]
    marks_rows = []
    for leader, row in zip(pack.leaders, pack.attendance, strict=True):
        cells = [MARKS.get(row[j] or "", "") for j in held]
        attended = sum(row[j] in ATTENDED for j in held)
        marks_rows.append((leader.name, leader.setting, *cells, f"{attended}/{len(held)}"))
    session_width = min(9.0, 84 / max(len(held), 1))
    name_width = (174 - 14 - session_width * len(held)) / 2
    out += [
        *b.heading("Each leader", 2),
        b.para(
            "\u2713 present \u00b7 L late \u00b7 A apologies \u00b7 \u2717 absent \u00b7 "
            "blank: not recorded. Columns are sessions with attendance recorded.",
            muted=True,
        ),
        b.data_table(
            ["Leader", "Setting", *[str(pack.sessions[j].seq) for j in held], "Attended"],
            marks_rows,
            [name_width, name_width, *[session_width] * len(held), 14],
            numeric=(len(held) + 2,),
            center=tuple(range(2, len(held) + 2)),
        ),
    ]
    return out


def _feedback(pack: CohortPack) -> list[Flowable]:
    out = [*b.section("Participant feedback")]
    if not pack.quotes:
        return [*out, b.para("No feedback has been agreed for publication yet.")]
    out.append(
        b.para(
            "Quotes from participants who agreed that their words may be shared. "
            "Each is attributed by role only.",
            muted=True,
        )
    )
    out.append(b.space(2))
    for q in pack.quotes:
        out.append(b.quote(q.quote, q.role))
    return out


def story(pack: CohortPack) -> list[Flowable]:
    """The pack's flowables in order (for ``build_pdf`` or a print preview)."""
    if any(not q.consented for q in pack.quotes):
        raise ConsentError("a quote without consent to publish cannot go in a pack")
    if len(pack.attendance) != len(pack.leaders):
        raise ValueError("one attendance row per leader")
    out = [*_cover(pack), *_summary(pack), *_schedule(pack), *_people(pack)]
    for session in _signed_sessions(pack):
        out += _sign_in(pack, session)
    out += _attendance(pack)
    out += _feedback(pack)
    return out


def render(
    pack: CohortPack,
    path: Path,
    *,
    password: str | None = None,
    before_save: Callable[[], None] | None = None,
) -> Path:
    """Write the pack as a PDF at ``path``."""
    info = DocumentInfo(
        title=f"{pack.cohort} \u2014 TIRP cohort pack",
        author=pack.produced_by,
        subject=f"{pack.programme}: {pack.cohort}",
        keywords=("TIRP", "cohort pack", pack.cohort),
        header_right=f"Produced {st.short_date(pack.produced_on)}",
        footer_left="Contains contact details \u2014 handle with care",
        cover_band=pack.programme,
    )
    return build_pdf(path, story(pack), info, password=password, before_save=before_save)

"""The TIRP kinds of import: expressions of interest onto the waitlist, the leaders each member
setting brings to a cohort, and a returned sign-in sheet (one session's attendance).

Declarations only, as in ``kinds.py``; their targets are in ``services/imports_targets_tirp.py``.
"""

from __future__ import annotations

from datetime import date

from send_desktop.domain.vocab import AttendanceStatus
from send_desktop.interchange import values as val
from send_desktop.interchange.kind import Field, Kind, RowCheck, register

# The setting a TIRP row is about: by URN, or by name (and postcode).
SETTING_URN = Field(
    "urn", "URN", val.as_urn, ("School URN", "Setting URN", "DfE URN", "Unique Reference Number")
)
SETTING_NAME = Field(
    "setting",
    "Setting",
    val.text(200),
    ("School", "School name", "Setting name", "Name of school", "Name of setting"),
)
SETTING_POSTCODE = Field("postcode", "Postcode", val.as_postcode, ("School postcode",))
COHORT = Field(
    "cohort", "Cohort", val.text(80), ("Cohort name", "TIRP cohort", "Programme"), required=True
)
LEADER = Field(
    "leader",
    "Leader",
    val.text(120),
    ("Leader name", "Participant", "Participant name", "Full name", "Name", "Attendee"),
    required=True,
)
LEADER_EMAIL = Field(
    "email", "Email", val.as_email, ("Email address", "E-mail", "Leader email", "Work email")
)


def _setting_given(urn: str | None, name: str | None) -> str | None:
    return None if urn or name else "give the setting's URN or its name"


_SETTING_GIVEN = RowCheck(("urn", "setting"), "urn", _setting_given, needs_values=False)

# Expressions of interest: a setting asks for a place in a future cohort.
WAITLIST = register(
    Kind(
        name="waitlist",
        label="TIRP waitlist (expressions of interest)",
        description="Settings asking for a TIRP place: one row each, with the date they asked.",
        target="waitlist_entry",
        match_key=("urn", "setting", "postcode"),
        row_checks=(_SETTING_GIVEN,),
        fields=(
            SETTING_URN,
            SETTING_NAME,
            SETTING_POSTCODE,
            Field(
                "added_on",
                "Date added",
                val.as_date,
                (
                    "Date of expression of interest",
                    "Date received",
                    "Date requested",
                    "Submitted",
                    "Completion time",
                    "Date",
                ),
                required=True,
            ),
            Field("priority", "Priority", val.whole_number(), ("Priority (0 = normal)",)),
            Field(
                "preferred_start",
                "Preferred start",
                val.text(40),
                ("Preferred cohort", "Preferred start date", "When would you like to start"),
            ),
            Field(
                "notes",
                "Notes",
                val.text(4000),
                ("Comments", "Anything else", "Anything else we should know", "Reason"),
            ),
        ),
    )
)

# Leaders (participants) each member setting brings to a cohort.
LEADERS = register(
    Kind(
        name="leaders",
        label="TIRP leaders (participants per setting)",
        description="The named leaders each enrolled setting brings to a cohort.",
        target="cohort_leader",
        match_key=("urn", "setting", "leader"),
        row_checks=(_SETTING_GIVEN,),
        fields=(
            COHORT,
            SETTING_URN,
            SETTING_NAME,
            SETTING_POSTCODE,
            LEADER,
            Field("role", "Role", val.text(120), ("Job title", "Position", "Role in school")),
            LEADER_EMAIL,
            Field("started_on", "Start date", val.as_date, ("Started", "Joined", "From")),
        ),
    )
)

_MARKS: dict[str, str | None] = {
    **{s.value: s.value for s in AttendanceStatus},
    "P": AttendanceStatus.PRESENT,
    "Attended": AttendanceStatus.PRESENT,
    "Yes": AttendanceStatus.PRESENT,
    "Y": AttendanceStatus.PRESENT,
    "In person": AttendanceStatus.PRESENT,
    "L": AttendanceStatus.LATE,
    "Arrived late": AttendanceStatus.LATE,
    "A": AttendanceStatus.APOLOGIES,
    "Apols": AttendanceStatus.APOLOGIES,
    "Sent apologies": AttendanceStatus.APOLOGIES,
    "Excused": AttendanceStatus.APOLOGIES,
    "X": AttendanceStatus.ABSENT,
    "No": AttendanceStatus.ABSENT,
    "N": AttendanceStatus.ABSENT,
    "DNA": AttendanceStatus.ABSENT,
    "Did not attend": AttendanceStatus.ABSENT,
    "No show": AttendanceStatus.ABSENT,
}


_mark_word = val.choice(_MARKS, max_length=20, keep_unknown=False)


def _mark(value: object) -> str | None:
    try:
        return _mark_word(value)
    except val.BadValueError:
        raise val.BadValueError(
            "is not a mark: use P, L, A or X (present, late, apologies, absent)"
        ) from None


def _session_given(number: int | None, held_on: date | None) -> str | None:
    return None if number or held_on else "give the session number or its date"


# A returned sign-in sheet: one row per leader for one session, marked P/L/A/X or in words.
ATTENDANCE = register(
    Kind(
        name="attendance",
        label="TIRP attendance (a returned sign-in sheet)",
        description="One session's sign-in sheet: each leader marked P, L, A or X (or in words).",
        target="attendance",
        match_key=("urn", "setting", "leader"),
        skip_when_empty="status",
        row_checks=(
            _SETTING_GIVEN,
            RowCheck(("session", "held_on"), "session", _session_given, needs_values=False),
        ),
        fields=(
            COHORT,
            Field(
                "session",
                "Session",
                val.whole_number(minimum=1),
                ("Session number", "Session no", "Session #"),
            ),
            Field("held_on", "Session date", val.as_date, ("Date of session", "Date")),
            SETTING_URN,
            SETTING_NAME,
            LEADER,
            LEADER_EMAIL,
            Field(
                "status",
                "Attendance",
                _mark,
                ("Mark", "Attended?", "Present?", "Status", "P/L/A/X", "Sign in"),
                required=True,
            ),
        ),
    )
)

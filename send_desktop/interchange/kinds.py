"""The built-in kinds of import. Each is a declaration; later programmes add theirs here.

Synonyms are compared ignoring case, spaces and punctuation, so 'School URN', 'school_urn'
and 'SCHOOL-URN' are one spelling.

Adding a kind: ``register(Kind(name=..., target=..., fields=(Field(...), ...),
match_key=...))``. If its target table already has a writer in
``services/imports_targets.TARGETS`` that is all; for a new table, add a small ``Target``
there (the table, how an audit row labels a record, and ``resolve``: which existing record
each row is about). Parsing, previews, writing, audit, re-import and undo are shared.
"""

from __future__ import annotations

from datetime import date

from send_desktop.domain.vocab import Phase, ReferralRoute, ReferralStatus, SettingType
from send_desktop.interchange import values as val
from send_desktop.interchange.kind import Field, Kind, RowCheck, register

_PHASES: dict[str, str | None] = {
    **{p.value: p.value for p in Phase},
    "EY": Phase.EARLY_YEARS,
    "Nursery": Phase.EARLY_YEARS,
    "Early years setting": Phase.EARLY_YEARS,
    "Pre-school": Phase.EARLY_YEARS,
    "Infant": Phase.PRIMARY,
    "Junior": Phase.PRIMARY,
    "First": Phase.PRIMARY,
    "Middle deemed primary": Phase.PRIMARY,
    "Middle deemed secondary": Phase.SECONDARY,
    "All through": Phase.ALL_THROUGH,
    "Through school": Phase.ALL_THROUGH,
    "AP": Phase.ALTERNATIVE,
    "PRU": Phase.ALTERNATIVE,
    "Pupil referral unit": Phase.ALTERNATIVE,
    "16 plus": Phase.POST_16,
    "Sixth form": Phase.POST_16,
    "Further education": Phase.POST_16,
    "Not applicable": None,
}

# GIAS establishment types and type groups onto the register's types.
_TYPES: dict[str, str | None] = {
    **{t.value: t.value for t in SettingType},
    "Local authority maintained schools": SettingType.MAINTAINED,
    "Community school": SettingType.MAINTAINED,
    "Voluntary aided school": SettingType.MAINTAINED,
    "Voluntary controlled school": SettingType.MAINTAINED,
    "Foundation school": SettingType.MAINTAINED,
    "Local authority nursery school": SettingType.MAINTAINED,
    "Pupil referral unit": SettingType.MAINTAINED,
    "Academies": SettingType.ACADEMY,
    "Academy converter": SettingType.ACADEMY,
    "Academy sponsor led": SettingType.ACADEMY,
    "Academy 16-19 converter": SettingType.ACADEMY,
    "Academy 16 to 19 sponsor led": SettingType.ACADEMY,
    "Academy alternative provision converter": SettingType.ACADEMY,
    "Academy alternative provision sponsor led": SettingType.ACADEMY,
    "Academy secure 16 to 19": SettingType.ACADEMY,
    "Academy special converter": SettingType.SPECIAL,
    "Academy special sponsor led": SettingType.SPECIAL,
    "Free Schools": SettingType.FREE_SCHOOL,
    "Free schools": SettingType.FREE_SCHOOL,
    "Free schools 16 to 19": SettingType.FREE_SCHOOL,
    "Free schools alternative provision": SettingType.FREE_SCHOOL,
    "University technical college": SettingType.FREE_SCHOOL,
    "Studio schools": SettingType.FREE_SCHOOL,
    "Free schools special": SettingType.SPECIAL,
    "Special schools": SettingType.SPECIAL,
    "Community special school": SettingType.SPECIAL,
    "Foundation special school": SettingType.SPECIAL,
    "Non-maintained special school": SettingType.SPECIAL,
    "Independent schools": SettingType.INDEPENDENT,
    "Other independent school": SettingType.INDEPENDENT,
    "Other independent special school": SettingType.INDEPENDENT,
    "City technology college": SettingType.INDEPENDENT,
    "Nursery": SettingType.NURSERY,
    "Early years": SettingType.NURSERY,
    "Colleges": SettingType.OTHER,
    "Further education": SettingType.OTHER,
    "Sixth form centres": SettingType.OTHER,
    "Universities": SettingType.OTHER,
    "Higher education institutions": SettingType.OTHER,
    "Other types": SettingType.OTHER,
    "Special post 16 institution": SettingType.OTHER,
    "Miscellaneous": SettingType.OTHER,
    "Welsh schools": SettingType.OTHER,
    "Online provider": SettingType.OTHER,
}


def _closes_after_opening(opened: date | None, closed: date | None) -> str | None:
    if opened and closed and closed < opened:
        return "the closing date is before the opening date"
    return None


_DATES_IN_ORDER = RowCheck(("open_date", "close_date"), "close_date", _closes_after_opening)

URN = Field(
    "urn",
    "URN",
    val.as_urn,
    ("Unique Reference Number", "School URN", "Setting URN", "DfE URN", "URN number"),
)
NAME = Field(
    "name",
    "Name",
    val.text(200),
    (
        "School",
        "School name",
        "Setting",
        "Setting name",
        "Establishment name",
        "EstablishmentName",
        "Academy name",
        "Provider name",
    ),
    required=True,
)
POSTCODE = Field("postcode", "Postcode", val.as_postcode, ("Post code", "School postcode"))
LA_CODE = Field(
    "la_code",
    "LA code",
    val.code(width=3, max_length=3),
    ("LA", "LA (code)", "Local authority code", "LA number", "old_la_code", "LEA code"),
)

SETTINGS = register(
    Kind(
        name="settings",
        label="Settings register",
        description="The register's own template: one row per school or setting.",
        target="setting",
        match_key=("urn", "name", "postcode"),
        filter_field="la_code",
        filter_default=None,
        row_checks=(_DATES_IN_ORDER,),
        fields=(
            URN,
            NAME,
            Field(
                "phase",
                "Phase",
                val.choice(_PHASES, max_length=40),
                ("Phase of education", "School phase", "PhaseOfEducation (name)"),
            ),
            Field(
                "type",
                "Type",
                val.choice(_TYPES, max_length=40),
                (
                    "School type",
                    "Setting type",
                    "Type of establishment",
                    "Establishment type",
                    "TypeOfEstablishment (name)",
                ),
            ),
            Field(
                "trust",
                "Trust",
                val.text(200),
                ("Trust name", "Trusts (name)", "Academy trust", "Multi-academy trust", "MAT"),
            ),
            Field(
                "locality",
                "Locality",
                val.text(80),
                ("Area", "District", "District council", "Local area partnership", "LAP"),
            ),
            Field("town", "Town", val.text(80), ("Town/City", "City", "Post town")),
            POSTCODE,
            LA_CODE,
            Field(
                "pupils",
                "Pupils",
                val.whole_number(),
                (
                    "Number of pupils",
                    "NumberOfPupils",
                    "Pupil count",
                    "Pupils on roll",
                    "Number on roll",
                    "NOR",
                    "Total pupils",
                ),
            ),
            Field("email", "Email", val.as_email, ("Email address", "E-mail", "School email")),
            Field(
                "phone",
                "Phone",
                val.as_phone,
                ("Telephone", "TelephoneNum", "Telephone number", "Phone number", "Tel"),
            ),
            Field("open_date", "Open date", val.as_date, ("OpenDate", "Opened", "Opening date")),
            Field("close_date", "Close date", val.as_date, ("CloseDate", "Closed", "Closing date")),
            Field("notes", "Notes", val.text(4000), ("Comments", "Comment")),
        ),
    )
)

# The GIAS edubasealldata layout (one CSV for all England), kept to one local authority.
GIAS = register(
    Kind(
        name="gias",
        label="GIAS establishments (edubasealldata)",
        description="Get Information About Schools download, filtered to one local authority.",
        target="setting",
        match_key=("urn", "name", "postcode"),
        filter_field="la_code",
        filter_default="931",
        row_checks=(_DATES_IN_ORDER,),
        fields=(
            Field("urn", "URN", val.as_urn, required=True),
            Field("name", "Name", val.text(200), ("EstablishmentName",), required=True),
            Field("la_code", "LA code", val.code(width=3, max_length=3), ("LA (code)",)),
            Field(
                "phase",
                "Phase",
                val.choice(_PHASES, max_length=40),
                ("PhaseOfEducation (name)",),
            ),
            Field(
                "type",
                "Type",
                val.choice(_TYPES, max_length=40),
                ("EstablishmentTypeGroup (name)",),
            ),
            Field("trust", "Trust", val.text(200), ("Trusts (name)",)),
            Field(
                "locality",
                "Locality",
                val.text(80),
                ("DistrictAdministrative (name)",),
                synonyms_only=True,
            ),
            Field("town", "Town", val.text(80), ("Town",)),
            Field("postcode", "Postcode", val.as_postcode, ("Postcode",)),
            Field("pupils", "Pupils", val.whole_number(), ("NumberOfPupils",)),
            Field("phone", "Phone", val.as_phone, ("TelephoneNum",)),
            Field("open_date", "Open date", val.as_date, ("OpenDate",)),
            Field("close_date", "Close date", val.as_date, ("CloseDate",)),
        ),
    )
)

# GIAS links_edubasealldata: predecessor/successor URNs (academy conversions, mergers).
GIAS_LINKS = register(
    Kind(
        name="gias-links",
        label="GIAS establishment links",
        description="Predecessor and successor URNs, used to match returns that use an old URN.",
        target="setting_link",
        match_key=("urn", "linked_urn", "link_type"),
        row_checks=(
            RowCheck(
                ("urn", "linked_urn"),
                "linked_urn",
                lambda a, b: "links a URN to itself" if a and a == b else None,
            ),
        ),
        fields=(
            Field("urn", "URN", val.as_urn, required=True),
            Field("linked_urn", "Linked URN", val.as_urn, ("LinkURN",), required=True),
            Field("link_type", "Link type", val.text(100), ("LinkType",), required=True),
            Field("link_date", "Link date", val.as_date, ("LinkEstablishedDate", "Date of link")),
        ),
    )
)

# DfE "Special educational needs in England", school level (sen_school_level_ud).
SEN_SCHOOL_LEVEL = register(
    Kind(
        name="sen-school-level",
        label="DfE school-level SEN counts",
        description="Pupils with SEN support and with EHC plans per school, for one year.",
        target="sen_count",
        match_key=("urn", "name", "postcode"),
        filter_field="la_code",
        filter_default="931",
        constants={"source": "DfE SEN in England (school level)"},
        fields=(
            Field("urn", "URN", val.as_urn, ("School URN",)),
            Field("name", "School name", val.text(200), ("school_name", "School")),
            Field("postcode", "Postcode", val.as_postcode, ("school_postcode",)),
            Field(
                "la_code",
                "LA code",
                val.code(width=3, max_length=3),
                ("old_la_code", "LA (code)", "LA code"),
            ),
            Field(
                "year",
                "Year",
                val.as_academic_year,
                ("time_period", "Academic year", "Year"),
                required=True,
            ),
            Field("pupils", "Total pupils", val.whole_number(allow_suppressed=True), ("Pupils",)),
            Field(
                "sen_support",
                "SEN support",
                val.whole_number(allow_suppressed=True),
                ("SEN support", "SEN_support", "Number of pupils with SEN support"),
                required=True,
            ),
            Field(
                "ehc_plans",
                "EHC plan",
                val.whole_number(allow_suppressed=True),
                ("EHC plan", "EHC plans", "EHCP", "Statement or EHC plan"),
                required=True,
            ),
        ),
    )
)

# An action plan: objectives with their actions (the columns of the seed's SEN support action
# plan). RAG is not read: the app rates each action from its dates, and a lead overrides it
# with a reason in the app. A row whose objective is new adds that objective.
ACTIONS = register(
    Kind(
        name="actions",
        label="Action plan (objectives and actions)",
        description="One row per action: objective, action, by whom, by when, how we will know, "
        "resource, monitored by, evaluated by, roadmap quarter.",
        target="action",
        match_key=("objective", "description"),
        fields=(
            Field(
                "objective",
                "Objective",
                val.text(300),
                ("Objective title", "Aim", "Priority", "Outcome"),
                required=True,
            ),
            Field(
                "description", "Action", val.text(4000), ("Actions", "Task", "What"), required=True
            ),
            Field("owner", "By whom", val.text(200), ("Owner", "Lead", "Responsible", "Who")),
            Field("due_on", "By when", val.as_due_date, ("Due", "Due date", "Deadline", "When")),
            Field(
                "success_measure",
                "How we will know",
                val.text(4000),
                (
                    "How will we know we have been successful",
                    "Success measure",
                    "Success criteria",
                    "Measure of success",
                ),
            ),
            Field("resource", "Resource", val.text(4000), ("Resources", "Resource needed")),
            Field("monitored_by", "Monitored by", val.text(200), ("Monitoring",)),
            Field("evaluated_by", "Evaluated by", val.text(200), ("Evaluation",)),
            Field("quarter", "Quarter", val.text(7), ("Roadmap quarter",)),
            Field("completed_on", "Completed", val.as_date, ("Completed on", "Date completed")),
        ),
    )
)

# Enhanced pathways: pupils with an EHCP in each school's September Year 7 intake, from a
# DfE/LA file or the intake return. Suppressed figures ('x', 'c', '*', '<5') are kept as
# suppressed (unknown), never as zero.
INTAKE = register(
    Kind(
        name="intake",
        label="Year 7 EHCP intake counts",
        description="Pupils with an EHC plan in each school's Year 7 intake, per intake year.",
        target="intake_count",
        match_key=("urn", "name", "postcode"),
        filter_field="la_code",
        filter_default=None,
        fields=(
            Field("urn", "URN", val.as_urn, ("School URN", "Setting URN", "DfE URN")),
            Field(
                "name",
                "School name",
                val.text(200),
                ("school_name", "School", "Name", "Establishment name", "EstablishmentName"),
            ),
            Field("postcode", "Postcode", val.as_postcode, ("school_postcode",)),
            LA_CODE,
            Field(
                "intake_year",
                "Intake year",
                val.as_intake_year,
                ("Intake", "September intake", "Year of intake", "time_period", "Year"),
                required=True,
            ),
            Field(
                "count",
                "Year 7 EHCP count",
                val.whole_number(allow_suppressed=True),
                (
                    "Year 7 EHCPs",
                    "Year 7 EHCP",
                    "Y7 EHCP",
                    "Y7 EHCPs",
                    "EHCP intake",
                    "Year 7 pupils with an EHCP",
                    "Year 7 pupils with EHC plans",
                    "EHC plans in Year 7",
                ),
                required=True,
            ),
            Field("source", "Source", val.text(200), ("Data source", "Source of figure")),
            Field(
                "as_of", "As of", val.as_date, ("Date", "As at", "Date of figure", "Census date")
            ),
        ),
    )
)

# --- Special-school outreach ----------------------------------------------------------------

_ROUTES: dict[str, str | None] = {
    **{r.value: r.value for r in ReferralRoute},
    "School": ReferralRoute.SCHOOL,
    "Application": ReferralRoute.SCHOOL,
    "Self referral": ReferralRoute.SCHOOL,
    "LA": ReferralRoute.LA,
    "LA referral": ReferralRoute.LA,
    "Local authority": ReferralRoute.LA,
    "Council": ReferralRoute.LA,
    "NHS": ReferralRoute.HEALTH,
    "Health referral": ReferralRoute.HEALTH,
}
_REFERRAL_STATUSES: dict[str, str | None] = {
    **{s.value: s.value for s in ReferralStatus},
    "New": ReferralStatus.RECEIVED,
    "Triaged": ReferralStatus.TRIAGE,
    "Waiting list": ReferralStatus.WAITLISTED,
    "Waiting": ReferralStatus.WAITLISTED,
    "Delivering": ReferralStatus.IN_DELIVERY,
    "In progress": ReferralStatus.IN_DELIVERY,
    "Complete": ReferralStatus.COMPLETED,
}

# Referrals or applications to outreach packages: one row per referral. A referral is matched
# by setting, package and date received. Capacity holds: a row accepted when the package is
# full that term is imported as waitlisted (services/imports_targets.ReferralTarget).
REFERRALS = register(
    Kind(
        name="referrals",
        label="Outreach referrals",
        description="Referrals and applications to special-school outreach packages "
        "(setting-level information only: no child's name).",
        target="referral",
        match_key=("urn", "name", "package", "received_on"),
        fields=(
            Field(
                "urn", "Setting URN", val.as_urn, ("URN", "School URN", "Unique Reference Number")
            ),
            Field(
                "name",
                "Setting name",
                val.text(200),
                ("Setting", "School", "School name", "Requesting setting", "Referring school"),
            ),
            POSTCODE,
            Field(
                "package",
                "Package",
                val.text(200),
                ("Package name", "Outreach package", "Support package"),
                required=True,
            ),
            Field(
                "provider",
                "Provider",
                val.text(200),
                ("Special school", "Provider school", "Delivered by"),
            ),
            Field(
                "route",
                "Route",
                val.choice(_ROUTES, max_length=40, keep_unknown=False),
                ("Referral route", "Referred by"),
                required=True,
            ),
            Field(
                "received_on",
                "Received",
                val.as_date,
                ("Date received", "Received on", "Referral date", "Date of referral"),
                required=True,
            ),
            Field("term", "Term", val.text(20), ("Term requested", "For term")),
            Field(
                "status",
                "Status",
                val.choice(_REFERRAL_STATUSES, max_length=20, keep_unknown=False),
                ("Referral status",),
            ),
            Field(
                "summary_of_need",
                "Summary of need",
                val.text(4000),
                ("Need", "Needs", "Summary", "Description of need", "Reason for referral"),
            ),
            Field(
                "evidence",
                "Evidence received",
                val.text(4000),
                ("Evidence", "Evidence attached", "Evidence provided"),
            ),
        ),
    )
)

# What Microsoft Forms and Google Forms add about the person answering: never answers.
FORM_PERSONAL_COLUMNS = (
    "Name",
    "Email",
    "Email address",
    "Your name",
    "Full name",
    "Phone",
    "Telephone",
    "ID",
    "Start time",
    "Completion time",
    "Last modified time",
    "Timestamp",
)

# Questionnaire returns from mainstream and special schools: one row per school, one column per
# question (free text or a scale). The school is found by URN (or name and postcode); every
# other column is a question. The questionnaire is named by a column, else by the sheet.
QUESTIONNAIRE = register(
    Kind(
        name="questionnaire",
        label="Questionnaire returns",
        description="One row per school, one column per question (free text and scales).",
        target="questionnaire_return",
        match_key=("urn", "name", "postcode"),
        rest="answers",
        rest_skips=FORM_PERSONAL_COLUMNS,
        fields=(
            Field(
                "urn", "URN", val.as_urn, ("School URN", "Setting URN", "Unique Reference Number")
            ),
            Field(
                "name",
                "School",
                val.text(200),
                ("School name", "Setting", "Setting name", "Name of school", "Your school"),
            ),
            POSTCODE,
            Field(
                "questionnaire",
                "Questionnaire",
                val.text(200),
                ("Survey", "Questionnaire name", "Survey name"),
            ),
            Field(
                "respondent",
                "Respondent",
                val.text(120),
                ("Role", "Your role", "Job title", "Completed by (role)"),
            ),
            Field("answers", "Answers", val.text(), synonyms_only=True),
        ),
    )
)

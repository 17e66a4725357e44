"""What each list page shows: its columns, how its rows load, its words and empty state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from send_desktop.services import listing
from send_desktop.services.rowindex import Column, Table
from send_desktop.storage.database import Database

_DEMO_HINT = "To look around first, create the demo database:<br><code>send-desktop demo</code>"


@dataclass(frozen=True)
class TableSpec:
    key: str  # also the name its layout is remembered under
    columns: list[Column]
    load: Callable[[Database], Table]
    singular: str
    plural: str
    empty_title: str
    empty_detail: str  # rich text
    empty_action: str | None = None  # button on the empty state (editable pages)
    search_what: str = ""  # "Search <this>"; default: the plural

    @property
    def search_hint(self) -> str:
        return f"Search {self.search_what or self.plural}"

    def count_text(self, shown: int, total: int) -> str:
        noun = self.singular if total == 1 else self.plural
        if shown == total:
            return f"{total:,} {noun}"
        return f"Showing {shown:,} of {total:,} {noun}"


SETTINGS = TableSpec(
    "settings",
    listing.SETTINGS_COLUMNS,
    listing.list_settings,
    "setting",
    "settings",
    "No settings yet.",
    f"Add one with New (Ctrl+N). {_DEMO_HINT}",
    "New setting",
)
PEOPLE = TableSpec(
    "people",
    listing.PEOPLE_COLUMNS,
    listing.list_people,
    "person",
    "people",
    "No people yet.",
    f"Add one with New (Ctrl+N). {_DEMO_HINT}",
    "New person",
)
COHORTS = TableSpec(
    "cohorts",
    listing.COHORT_COLUMNS,
    listing.list_cohorts,
    "cohort",
    "cohorts",
    "No TIRP cohorts yet.",
    f"Plan one with New cohort… above; it appears here. {_DEMO_HINT}",
)
WAITLIST = TableSpec(
    "waitlist",
    listing.WAITLIST_COLUMNS,
    listing.list_waitlist,
    "setting waiting",
    "settings waiting",
    "Nobody is on the waitlist.",
    f"Settings waiting for a TIRP place appear here. {_DEMO_HINT}",
    search_what="the waitlist",
)
PATHWAYS = TableSpec(
    "pathways",
    listing.PATHWAY_COLUMNS,
    listing.list_pathways,
    "bid",
    "bids",
    "No enhanced-pathway bids yet.",
    f"Bids of every funding round appear here. {_DEMO_HINT}",
)
OUTREACH = TableSpec(
    "outreach",
    listing.OUTREACH_COLUMNS,
    listing.list_outreach,
    "package",
    "packages",
    "No outreach packages yet.",
    f"Packages offered by special schools appear here. {_DEMO_HINT}",
    "New package",
    search_what="packages",
)
REFERRALS = TableSpec(
    "referrals",
    listing.REFERRAL_COLUMNS,
    listing.list_referrals,
    "referral",
    "referrals",
    "No referrals yet.",
    "Referrals and applications to outreach packages appear here. Record one with "
    f"New referral (Ctrl+Shift+R). {_DEMO_HINT}",
    search_what="referrals",
)
ACTIONS = TableSpec(
    "actions",
    listing.ACTION_COLUMNS,
    listing.list_actions,
    "action",
    "actions",
    "No actions in the action plan yet.",
    "Add one with New (Ctrl+N), or import an action-plan spreadsheet (File → Import…). "
    f"{_DEMO_HINT}",
    "New action",
)
MILESTONES = TableSpec(
    "milestones",
    listing.MILESTONE_COLUMNS,
    listing.list_milestones,
    "milestone",
    "milestones",
    "No roadmap milestones yet.",
    f"Milestones of the transformation roadmap appear here. {_DEMO_HINT}",
)
RESOURCE_BASES = TableSpec(
    "resource_bases",
    listing.RESOURCE_BASE_COLUMNS,
    listing.list_resource_bases,
    "resource base",
    "resource bases",
    "No resource bases yet.",
    f"Specialist units in mainstream schools and their places appear here. {_DEMO_HINT}",
)

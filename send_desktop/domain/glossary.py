"""The words of the SEND world the app uses, explained for a new colleague (Help → Glossary).

Plain data: the Help window shows it; the README and the board report can quote it.
"""

from __future__ import annotations

# (term, what it stands for or ``None``, what it means here)
TERMS: tuple[tuple[str, str | None, str], ...] = (
    (
        "SEND",
        "Special educational needs and disabilities",
        "The children and young people this work is for, and the council service that supports "
        "them.",
    ),
    (
        "SEN support",
        None,
        "Extra help a school gives a pupil from its own resources, without a statutory plan.",
    ),
    (
        "EHCP",
        "Education, Health and Care Plan",
        "A legal document, issued by the council, naming a child's needs and the support they "
        "must get. The council has 20 weeks from a request to issue one.",
    ),
    (
        "SENCo",
        "Special educational needs co-ordinator",
        "The teacher in a school or setting who organises its SEN support and works with families "
        "and the council.",
    ),
    (
        "Graduated response",
        None,
        "Rounds of assess, plan, do and review: a school tries, checks and adjusts support before "
        "asking for more specialist help or an EHCP.",
    ),
    (
        "Setting",
        None,
        "Anywhere a child is educated: an early-years setting, a primary, secondary or all-through "
        "school, a special school, alternative provision or a post-16 college.",
    ),
    (
        "URN",
        "Unique reference number",
        "The six-digit number the Department for Education gives each school (listed in GIAS). It "
        "changes when a school becomes an academy; GIAS links the old and the new number.",
    ),
    ("GIAS", "Get Information About Schools", "The DfE's public register of schools."),
    (
        "TIRP",
        "Trauma-Informed Relational Practice",
        "The council's 18-month leadership programme that helps settings become trauma-informed, "
        "relational and restorative communities. Settings join in cohorts and send leaders to its "
        "sessions; settings not yet placed wait on the waitlist.",
    ),
    ("Cohort", None, "A group of settings that go through the TIRP programme together."),
    ("KS3", "Key Stage 3", "School years 7, 8 and 9 (ages 11 to 14)."),
    (
        "Enhanced pathway",
        None,
        "Extra support across KS3 that a secondary school designs for pupils arriving with an "
        "EHCP. Schools with the largest Year 7 intake of such pupils are invited first (phase 1); "
        "schools with 7 or more may bid for part of the remaining grant (phase 2).",
    ),
    (
        "Outreach and in-reach",
        None,
        "Support from special schools to mainstream settings: in outreach their staff visit the "
        "mainstream school; in in-reach, staff come to learn at the special school. Schools ask "
        "for a package through a referral.",
    ),
    (
        "Resource base",
        None,
        "A specialist unit inside a mainstream school with a fixed number of places, for pupils "
        "who need more than the ordinary classroom but can stay in their local school.",
    ),
    (
        "Four areas of need",
        None,
        "The SEND Code of Practice groups needs as: communication and interaction; cognition and "
        "learning; social, emotional and mental health; sensory and/or physical.",
    ),
    (
        "RAG",
        "Red, amber, green",
        "An action's status. Here: green until its date; amber once past it; red when more than "
        "four weeks past it; complete when done. A lead may set a different rating with a reason. "
        "The app always shows a shape with the word (● green, ▲ amber, ◆ red, ✓ complete).",
    ),
    (
        "KPI",
        "Key performance indicator",
        "A figure the board follows over time, such as the waitlist length or attendance. The "
        "dashboard keeps a snapshot of each every month.",
    ),
    (
        "EY",
        "Early years",
        "Education before school age; early-years settings may have an "
        "Ofsted reference (EY and digits) instead of a URN.",
    ),
    ("LA", "Local authority", "The council (Oxfordshire's code is 931)."),
    (
        "LAP",
        "Local area partnership",
        "The council, health services and partners who share responsibility for SEND locally.",
    ),
    ("PCF", "Parent carer forum", "The group that speaks for families of children with SEND."),
    ("CYP", "Children and young people", "Everyone from birth to 25 that SEND covers."),
    (
        "Suppressed figure",
        None,
        "A small count that published statistics hide (shown as x, c or z). It is unknown, "
        "never zero, and the app keeps it apart from real numbers.",
    ),
)

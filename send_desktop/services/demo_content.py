"""Fixed content of the demo database, taken from the seed documents (Oxfordshire briefings,
the 2024-25 transformation roadmap, and the shape of Cambridgeshire's SEN support action plan).

Schools are real (resources/demo/oxfordshire_schools.csv); every person is fictional.
"""

from __future__ import annotations

from datetime import date

COHORT_1_SETTINGS = (
    ("Slade Nursery School", 1),
    ("Grandpont Nursery School", 1),
    ("Cherry Fields Primary School", 1),
    ("Rose Hill Primary School", 2),
    ("Windale Primary School", 1),
    ("Five Acres Primary School", 1),
    ("Larkrise Primary School", 2),
    ("Orchard Meadow Primary School", 1),
    ("Barley Hill Primary School", 1),
    ("The Oxford Academy", 2),
    ("Icknield Community College", 1),
    ("Wood Green School", 2),
)  # (school, number of leaders): 12 settings, 16 leaders

COHORTS = (
    # name, start, status, venue
    ("Cohort 1", date(2023, 7, 11), "running", "County Hall, Oxford"),
    ("Cohort 2", date(2024, 3, 5), "open for allocation", "Didcot Civic Hall"),
    ("Cohort 3", date(2024, 9, 17), "planned", "Banbury Town Hall"),
)

COHORT_1_SESSIONS = (
    (date(2023, 7, 11), "Launch day: becoming a relational school"),
    (date(2023, 10, 10), "Session 2: trauma and attachment awareness"),
    (date(2024, 1, 16), "Session 3: regulation before learning"),
    (date(2024, 4, 23), "Session 4: restorative conversations"),
    (date(2024, 7, 9), "Session 5: relational policies"),
    (date(2024, 10, 8), "Session 6: supporting staff wellbeing"),
    (date(2025, 1, 14), "Session 7: sharing practice and next steps"),
)

FEEDBACK = (
    (
        "I came away feeling motivated and energised. It was such a positive day, and I cannot "
        "wait to start this work.",
        "Primary Headteacher",
    ),
    (
        "Thank you so much for yesterday, a real joy to be part of something so exciting.",
        "Secondary Senior Leader i/c Behaviour and Personal Development",
    ),
    (
        "Great to spend time with everybody and feel the energy – thank you for inviting me "
        "to be a part.",
        "OCC Head of Service",
    ),
)

LEADER_ROLES = {
    "Early years": ("Nursery Headteacher", "Early Years Lead"),
    "Primary": ("Primary Headteacher", "SENCo", "Deputy Headteacher"),
    "Secondary": ("Senior Leader i/c Behaviour", "SENCo", "Assistant Headteacher (Inclusion)"),
}

FIRST_NAMES = (
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Eleanor",
    "Farid",
    "Grace",
    "Harvey",
    "Isla",
    "Jonah",
    "Kiran",
    "Lena",
    "Marcus",
    "Nadia",
    "Owen",
    "Priya",
    "Quentin",
    "Rosa",
    "Samir",
    "Tessa",
    "Umar",
    "Vera",
    "Wes",
    "Yasmin",
    "Zach",
    "Aoife",
    "Bartek",
    "Carys",
    "Dominika",
    "Ewan",
)
SURNAMES = (
    "Ashdown",
    "Brightwell",
    "Corbett",
    "Dunmore",
    "Elsfield",
    "Fairholme",
    "Garside",
    "Hollins",
    "Ingleby",
    "Jessop",
    "Kettering",
    "Lowther",
    "Marchant",
    "Northcott",
    "Oakes",
    "Pemberton",
    "Quarrie",
    "Rowntree",
    "Stanway",
    "Thursby",
    "Underhill",
    "Varley",
    "Wickham",
    "Yardley",
    "Ziegler",
)

FACILITATORS = (
    ("Helen Marchbank", "TIRP Programme Lead"),
    ("Tom Ashgrove", "Educational Psychologist"),
    ("Ruth Kellaway", "SEND Early Intervention Officer"),
)

PATHWAY_ROUND = {
    "name": "Enhanced pathways 2023",
    "intake_label": "September 2023 Year 7",
    "intake_year": 2023,
    "total_grant_pence": 250_000_00,
    "phase1_allocation_pence": 30_000_00,
}

PHASE2_STATUSES = (
    "submitted",
    "under review",
    "approved",
    "application sent",
    "invited",
    "approved",
    "declined",
    "submitted",
    "under review",
    "withdrawn",
    "invited",
    "application sent",
)

PROVIDERS = (
    "Bardwell School",
    "Fitzwaryn School",
    "Frank Wise School",
    "Kingfisher School",
    "Mabel Prichard School",
    "Northern House Academy",
    "Orion Academy",
    "Springfield School",
)  # real Oxfordshire special schools; the packages they offer here are illustrative

APR_TWICE = "Two assess-plan-do-review cycles"
PACKAGES = (
    # provider, name, area of need, mode, level, sessions, hours, places per term,
    # evidence required (';' separates checklist items), description
    (
        "Northern House Academy",
        "Relational behaviour consultation",
        "Social, emotional and mental health",
        "consultation",
        1,
        2,
        3,
        6,
        f"{APR_TWICE} with SEMH targets",
        "Two consultations with a senior leader and the SENCo on whole-class relational "
        "approaches, de-escalation and restorative conversations.",
    ),
    (
        "Northern House Academy",
        "SEMH outreach: regulation in the classroom",
        "Social, emotional and mental health",
        "outreach",
        2,
        6,
        9,
        4,
        f"{APR_TWICE}; Boxall profile or SDQ; Senior leader agrees to release staff",
        "A specialist teacher works alongside class staff for six half-day visits: "
        "regulation routines, co-regulation scripts and a calm space plan.",
    ),
    (
        "Mabel Prichard School",
        "Sensory and physical needs in-reach",
        "Sensory and/or physical",
        "in-reach",
        2,
        4,
        8,
        3,
        "Occupational therapy or physiotherapy advice on file; Moving and handling plan",
        "Therapists and specialist staff review the setting's environment, equipment and "
        "routines for pupils with physical and sensory needs.",
    ),
    (
        "Mabel Prichard School",
        "Communication-friendly classrooms training",
        "Communication and interaction",
        "training",
        1,
        1,
        3,
        10,
        "None: open to all settings",
        "A twilight training session on visual timetables, symbols and "
        "total-communication approaches for whole staff teams.",
    ),
    (
        "Springfield School",
        "Autism outreach for mainstream staff",
        "Communication and interaction",
        "outreach",
        2,
        6,
        12,
        4,
        f"{APR_TWICE}; Speech and language advice",
        "An autism specialist teacher models structured teaching, sensory audits and "
        "transition planning over six visits.",
    ),
    (
        "Bardwell School",
        "Complex learning needs outreach",
        "Cognition and learning",
        "outreach",
        3,
        8,
        16,
        2,
        f"{APR_TWICE}; Educational psychology advice",
        "Intensive support for settings meeting complex cognition and learning needs: "
        "small-steps curriculum mapping and adult deployment.",
    ),
    (
        "Orion Academy",
        "Early communication in-reach (EYFS and KS1)",
        "Communication and interaction",
        "in-reach",
        2,
        6,
        9,
        3,
        "Early years SEN support plan reviewed twice",
        "Early communication specialists work in the setting alongside key workers: "
        "attention-building, intensive interaction and language-rich play.",
    ),
    (
        "Orion Academy",
        "Precision teaching and small-steps planning",
        "Cognition and learning",
        "training",
        1,
        2,
        4,
        8,
        "None: open to all settings",
        "Two training sessions on precision teaching, fluency practice and planning in "
        "small steps, with resources to take away.",
    ),
    (
        "Fitzwaryn School",
        "Inclusive practice network",
        "Cognition and learning",
        "consultation",
        1,
        3,
        4,
        12,
        "SENCo attends all sessions",
        "A termly network for mainstream SENCos: case consultation without naming pupils, "
        "shared resources and peer support.",
    ),
    (
        "Frank Wise School",
        "Profound and multiple learning difficulties outreach",
        "Cognition and learning",
        "outreach",
        3,
        6,
        12,
        2,
        f"{APR_TWICE}; Health professionals' advice on file",
        "Specialist staff share sensory curriculum, communication and care planning "
        "approaches for settings welcoming pupils with PMLD.",
    ),
    (
        "Kingfisher School",
        "Transition to secondary consultation",
        "Communication and interaction",
        "consultation",
        2,
        2,
        3,
        5,
        "Transition plan drafted",
        "Advice for primary and secondary settings planning Year 6 to Year 7 transition "
        "for pupils with complex needs.",
    ),
)

CLOSED_PACKAGES = ("Transition to secondary consultation",)  # not taking applications now

OFFICERS = ("SEND Early Intervention Officer", "Outreach Coordinator", "SEND Programme Lead")

REFERRALS = (
    # package index, school, route, received, term, path after 'received', outcome
    # A full package with a waitlist: Complex learning needs outreach (2 places)
    (5, "Larkmead School", "health", date(2023, 9, 4), "2023 Autumn",
     ("triage", "accepted", "in delivery"), None),
    (5, "Windale Primary School", "local authority referral", date(2023, 9, 11), "2023 Autumn",
     ("triage", "accepted", "in delivery"), None),
    (5, "Rose Hill Primary School", "school application", date(2023, 9, 25), "2023 Autumn",
     ("triage", "waitlisted"), None),
    (5, "Barton Park Primary School", "school application", date(2023, 10, 9), "2023 Autumn",
     ("triage", "waitlisted"), None),
    (5, "Wood Farm Primary School", "local authority referral", date(2023, 10, 30),
     "2023 Autumn", ("triage", "waitlisted"), None),
    # SEMH outreach (4 places)
    (1, "Botley School", "local authority referral", date(2023, 9, 18), "2023 Autumn",
     ("triage", "accepted"), None),
    (1, "Queensway School", "school application", date(2023, 9, 11), "2023 Autumn",
     ("triage", "accepted", "in delivery", "completed"),
     (5, "Staff use the co-regulation scripts daily; calm space in every KS2 class.")),
    (1, "Larkrise Primary School", "school application", date(2023, 10, 2), "2023 Autumn",
     ("triage", "accepted", "withdrawn"), None),
    (1, "Cherry Fields Primary School", "school application", date(2023, 11, 13),
     "2024 Spring", ("triage",), None),
    # others
    (0, "The Cooper School", "school application", date(2023, 9, 20), "2023 Autumn",
     ("triage", "accepted", "in delivery", "completed"),
     (4, "Restorative conversations used by heads of year; fewer internal exclusions.")),
    (4, "Carterton Primary School", "school application", date(2023, 11, 6), "2024 Spring",
     ("triage",), None),
    (4, "Fitzharrys School", "health", date(2023, 11, 20), "2024 Spring", (), None),
    (2, "Tower Hill Community Primary School", "local authority referral", date(2023, 10, 16),
     "2023 Autumn", ("triage", "accepted", "in delivery"), None),
    (6, "Hill View Primary School", "school application", date(2023, 10, 9), "2023 Autumn",
     ("triage", "declined"), None),
    (6, "Grandpont Nursery School", "school application", date(2023, 11, 27), "2024 Spring",
     (), None),
    (7, "Caldecott Primary School", "school application", date(2023, 10, 4), "2023 Autumn",
     ("triage", "accepted", "in delivery", "completed"),
     (3, "Useful resources; staff asked for a follow-up on fluency practice.")),
    (9, "Aureus Primary School", "local authority referral", date(2023, 11, 1), "2024 Spring",
     ("triage", "accepted"), None),
)  # fmt: skip

STEP_REASONS = {
    "triage": "Application complete; evidence checked",
    "accepted": "Meets the eligibility criteria",
    "waitlisted": "Eligible; the package is full this term",
    "declined": "Needs are better met by the early years SEN inclusion team",
    "in delivery": "First visit booked",
    "completed": "All sessions delivered",
    "withdrawn": "Setting withdrew: staffing changes this term",
}

SUMMARIES = (
    "Staff in Key Stage 2 want strategies to support a group of pupils with regulation "
    "after transitions in the day.",
    "The setting is welcoming several pupils with complex learning needs and wants help "
    "planning a small-steps curriculum.",
    "Teaching assistants ask for training in structured teaching and sensory audits.",
    "Leaders want to review the environment and routines for pupils with physical needs.",
)

RESOURCE_BASES = (
    ("Cherry Fields Primary School", 8, "open", date(2024, 1, 8)),
    ("Windrush Church of England Primary School", 8, "planned", date(2025, 1, 6)),
    ("St Frideswide Church of England Primary School", 8, "planned", date(2025, 4, 22)),
)

MILESTONES = (
    ("2024-Q1", "Partnership definition of co-production agreed", "done", "Co-production"),
    (
        "2024-Q1",
        "Communications and engagement strategy agreed; events began",
        "done",
        "Engagement",
    ),
    (
        "2024-Q1",
        "Partnership governance in place for the transformation programme",
        "done",
        "Governance",
    ),
    ("2024-Q1", "Bloxham special school opened", "done", "Sufficiency"),
    (
        "2024-Q1",
        "Cherry Fields Primary School resource base opened with eight places",
        "done",
        "Sufficiency",
    ),
    ("2024-Q2", "Parent carer and practitioner baseline surveys", "done", "Voice"),
    ("2024-Q2", "Enhanced pathways pilot ongoing", "in progress", "Right support"),
    (
        "2024-Q2",
        "Special school in-reach and outreach pilot ongoing",
        "in progress",
        "Right support",
    ),
    ("2024-Q2", "KPIs and data dashboard developed", "in progress", "Data"),
    (
        "2024-Q2",
        "Schools relational practice programme (TIRP) rollout",
        "in progress",
        "Right support",
    ),
    (
        "2024-Q3",
        "Early help and prevention strategy, including early years, developed",
        "planned",
        "Right support",
    ),
    ("2024-Q3", "Improved EHCP processes and timeliness", "planned", "Right plan"),
    (
        "2024-Q3",
        "Graduated response and pathways mapped, improved and published",
        "planned",
        "Right support",
    ),
    (
        "2024-Q4",
        "Consultation with schools on three-year SEND financial strategy",
        "planned",
        "Funding",
    ),
    ("2025-Q1", "Parent carer and practitioner follow-up surveys", "planned", "Voice"),
    (
        "2025-Q1",
        "Planned opening of Windrush Primary School resource base (eight places)",
        "planned",
        "Sufficiency",
    ),
    (
        "2025-Q2",
        "Phase one transfer of resource bases to school leadership",
        "planned",
        "Sufficiency",
    ),
    (
        "2025-Q2",
        "Planned opening of St Frideswide Primary School resource base (eight places)",
        "planned",
        "Sufficiency",
    ),
)

# Action plan: (action, by whom, days from the day the demo is built to its due date,
# how we will know it worked, resource, monitored by, evaluated by, completed days after due
# (None: not yet), the lead's override (rag, reason) or None). Dates are relative so the
# plan looks current whenever the demo is made: some done, some due, some overdue.
OBJECTIVES = (
    (
        "Right support at the right time in mainstream settings",
        (
            (
                "Allocate the next TIRP cohort's places from the waitlist",
                "TIRP Programme Lead",
                -12,
                "All places filled; waitlist falls below 10 settings",
                "Programme lead time",
                "Early Intervention Strategic Group",
                "SEND Board",
                None,
                None,
            ),
            (
                "Publish the outreach package catalogue and referral routes to all schools",
                "SEND Early Intervention Officer",
                -150,
                "Catalogue sent; first referrals in a month",
                "Design and print budget",
                "Early Intervention Strategic Group",
                "SEND Board",
                -6,
                None,
            ),
            (
                "Track TIRP attendance and flag settings at risk of dropping out",
                "TIRP Programme Lead",
                45,
                "Attendance above 85% in every running cohort",
                "None",
                "Programme board",
                "Early Intervention Strategic Group",
                None,
                None,
            ),
            (
                "Offer SENCo briefings on the graduated response each term",
                "SEND Advisory Team",
                -70,
                "Nine in ten SENCos attend at least one briefing a year",
                "Advisory team time",
                "SEN subgroup",
                "SEND Board",
                None,
                ("amber", "Venue moved; the briefing is now booked for next month"),
            ),
            (
                "Sample school websites: is the SEN information report up to date?",
                "School Improvement Service",
                20,
                "Eight in ten sampled reports current",
                "Business support",
                "SEN subgroup",
                "SEND Board",
                None,
                None,
            ),
        ),
    ),
    (
        "Enhanced pathways for Year 7 pupils with EHCPs",
        (
            (
                "Invite the three schools with the largest Year 7 EHCP intake",
                "Head of SEND",
                -240,
                "Three pathway agreements signed",
                "Phase 1 grant",
                "Pathways subgroup",
                "SEND Board",
                -2,
                None,
            ),
            (
                "Send grant applications to schools receiving 7 or more Year 7 EHCPs",
                "Pathways subgroup",
                -200,
                "Applications returned by half term",
                "Remaining grant",
                "Pathways subgroup",
                "SEND Board",
                0,
                None,
            ),
            (
                "Decide phase 2 awards and publish the allocation",
                "Head of SEND",
                -45,
                "All phase 2 bids decided within budget",
                "Remaining grant",
                "Pathways subgroup",
                "SEND Board",
                None,
                None,
            ),
            (
                "Visit each funded school to review its KS3 provision",
                "SEND Advisory Team",
                60,
                "A visit note per school, shared with the school",
                "Advisory team time",
                "Pathways subgroup",
                "SEND Board",
                None,
                None,
            ),
        ),
    ),
    (
        "Data benchmarks the board can measure success against",
        (
            (
                "Agree KPI definitions with the parent carer forum",
                "Performance team",
                -20,
                "KPI set signed off by the board",
                "Analyst time",
                "SEND Board",
                "SEND Board",
                None,
                None,
            ),
            (
                "Build the monthly KPI dashboard",
                "Performance team",
                -90,
                "Dashboard reviewed at each board meeting",
                "Analyst time",
                "SEND Board",
                "SEND Board",
                -10,
                None,
            ),
            (
                "Report waiting times for outreach to the board each quarter",
                "Performance team",
                30,
                "Median wait reported with its trend",
                "Analyst time",
                "SEND Board",
                "SEND Board",
                None,
                None,
            ),
        ),
    ),
    (
        "Specialist places close to home",
        (
            (
                "Open the planned resource bases with their first pupils",
                "Sufficiency lead",
                120,
                "Places filled within a term of opening",
                "Capital programme",
                "Sufficiency board",
                "SEND Board",
                None,
                None,
            ),
            (
                "Agree admissions guidance for resource bases with headteachers",
                "Sufficiency lead",
                -35,
                "Guidance published on the Local Offer",
                "Officer time",
                "Sufficiency board",
                "SEND Board",
                None,
                ("green", "Draft agreed; waiting for the headteachers' forum to publish"),
            ),
        ),
    ),
)

QUESTIONNAIRE = "Outreach and in-reach questionnaire 2023"
QUESTIONS = (
    "How confident are staff in meeting SEMH needs? (1 = not at all, 5 = very)",
    "Have you used special-school outreach before?",
    "Which area of need do you most want support with?",
    "What would make outreach support most useful to your setting?",
)
QUESTIONNAIRE_RETURNS = (
    # school, respondent (a role), answers in question order (None: left blank)
    ("Windale Primary School", "SENCo", (2, "Yes", "Social, emotional and mental health",
     "Regular visits to the same classes so that strategies are followed up.")),
    ("Rose Hill Primary School", "SENCo", (3, "No", "Social, emotional and mental health",
     "Modelling in class rather than training after school.")),
    ("Larkrise Primary School", "Headteacher", (2, "Yes", "Communication and interaction",
     None)),
    ("Barton Park Primary School", "SENCo", (1, "No", "Cognition and learning",
     "Help planning small steps for a mixed Year 1 and 2 class.")),
    ("The Cooper School", "Assistant headteacher", (3, "Yes",
     "Social, emotional and mental health", "Advice on transition from Year 6 to Year 7.")),
    ("Fitzharrys School", "SENCo", (4, "No", "Communication and interaction",
     "Short, practical training that teaching assistants can attend.")),
    ("Carterton Primary School", "SENCo", (2, "No", "Communication and interaction",
     "A named contact at the special school we can ring for advice.")),
    ("Cherry Fields Primary School", "Headteacher", (3, "Yes", "Sensory and/or physical",
     "Support setting up the new resource base.")),
    ("Caldecott Primary School", "SENCo", (3, "Yes", "Cognition and learning", None)),
    ("Grandpont Nursery School", "Head of centre", (4, "No", "Communication and interaction",
     "Early communication strategies for key workers.")),
    ("Northern House Academy", "Outreach lead", (None, None, None,
     "Release time for our staff; we can offer more places with a second outreach teacher.")),
    ("Springfield School", "Deputy headteacher", (None, None, None,
     "Referrals with the evidence attached, so that the first visit can start straight away.")),
)  # fmt: skip

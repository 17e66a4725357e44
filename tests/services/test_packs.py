"""The cohort pack: built from the database, read back with pypdf."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader

from send_desktop.interchange.pdf.cohort_pack import ConsentError, PackQuote, render
from send_desktop.services import packs
from send_desktop.services.demo import build_demo
from send_desktop.storage.models import (
    Attendance,
    Cohort,
    CohortLeader,
    CohortMember,
    CohortSession,
    Feedback,
    Person,
    Setting,
)

SECRET = "This quote was never agreed for publication"


@pytest.fixture
def cohort_db(db):
    """A small cohort with Welsh and French letters, a withdrawn setting, a replaced
    leader, mixed attendance, and one quote without consent."""
    with db.transaction() as s:
        cohort = Cohort(
            name="Cohort 9", start_date=date(2024, 9, 17), status="running", venue="Banbury"
        )
        becket = Setting(urn="123456", name="St Thomas à Becket", phase="Primary", town="Wakefield")
        mor = Setting(urn="654321", name="Awel Y Môr", phase="Special", town="Port Talbot")
        gone = Setting(urn="111111", name="Withdrawn Academy", phase="Secondary")
        s.add_all([cohort, becket, mor, gone])
        s.flush()
        members = [CohortMember(cohort_id=cohort.id, setting_id=x.id) for x in (becket, mor)]
        members.append(
            CohortMember(cohort_id=cohort.id, setting_id=gone.id, withdrawn_on=date(2024, 10, 1))
        )
        people = [
            Person(full_name=n, email=f"{n.split()[0].lower()}@example.org")
            for n in ("Siân Llewelyn", "Zoë Marchant", "Old Leader", "Gone Person")
        ]
        s.add_all(members + people)
        s.flush()
        leaders = [
            CohortLeader(member_id=members[0].id, person_id=people[0].id, role="Headteacher"),
            CohortLeader(member_id=members[1].id, person_id=people[1].id, role="SENCo"),
            CohortLeader(
                member_id=members[0].id, person_id=people[2].id, ended_on=date(2024, 10, 1)
            ),
            CohortLeader(member_id=members[2].id, person_id=people[3].id),
        ]
        sessions = [
            CohortSession(cohort_id=cohort.id, seq=i, title=t, held_on=d, venue="Banbury")
            for i, (t, d) in enumerate(
                [
                    ("Launch: Croeso", date(2024, 9, 17)),
                    ("Session 2", date(2024, 11, 12)),
                    ("Session 3", date(2025, 1, 21)),
                ],
                start=1,
            )
        ]
        s.add_all(leaders + sessions)
        s.flush()
        s.add_all(
            [
                Attendance(session_id=sessions[0].id, leader_id=leaders[0].id, status="present"),
                Attendance(session_id=sessions[0].id, leader_id=leaders[1].id, status="late"),
                Attendance(session_id=sessions[1].id, leader_id=leaders[0].id, status="apologies"),
                Attendance(session_id=sessions[1].id, leader_id=leaders[1].id, status="present"),
                Feedback(
                    cohort_id=cohort.id,
                    session_id=sessions[0].id,
                    quote="Diolch — a day I will remember",
                    role="Primary Headteacher",
                    consent_to_publish=True,
                ),
                Feedback(cohort_id=cohort.id, quote=SECRET, role="SENCo", consent_to_publish=False),
            ]
        )
    return db


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pack_data_holds_current_members_and_leaders(cohort_db):
    data = packs.cohort_pack_data(cohort_db, cohort="Cohort 9", today=date(2024, 12, 1))
    assert [s.name for s in data.settings] == ["Awel Y Môr", "St Thomas à Becket"]
    assert [x.name for x in data.leaders] == ["Zoë Marchant", "Siân Llewelyn"]
    assert [s.leaders for s in data.settings] == [1, 1]
    assert data.attendance == [["late", "present", None], ["present", "apologies", None]]
    assert [q.quote for q in data.quotes] == ["Diolch — a day I will remember"]


def test_the_pack_contents(cohort_db, tmp_path):
    path = packs.make_cohort_pack(
        cohort_db,
        cohort="cohort 9",  # case is forgiven
        path=tmp_path / "pack.pdf",
        today=date(2024, 12, 1),
        produced_by="Programme Lead",
    )
    reader = PdfReader(path)
    text = pdf_text(path)
    for expected in (
        "St Thomas à Becket",
        "Awel Y Môr",
        "Siân Llewelyn",
        "Zoë Marchant",
        "Cohort summary",
        "Session schedule",
        "Settings and leaders",
        "Sign-in sheet",
        "Attendance summary",
        "Participant feedback",
        "Diolch — a day I will remember",
        "Primary Headteacher",
        "Launch: Croeso",
        "Tuesday 17 September 2024",
    ):
        assert expected in text, expected
    assert SECRET not in text  # no consent, never printed
    assert "Withdrawn Academy" not in text and "Old Leader" not in text
    assert text.count("Signature") == 3  # a sign-in sheet per session
    pages = reader.pages
    numbers = [re.search(r"Page (\d+) of (\d+)", p.extract_text()) for p in pages[1:]]
    assert [int(m.group(1)) for m in numbers] == list(range(1, len(pages)))
    assert all(int(m.group(2)) == len(pages) - 1 for m in numbers)
    assert reader.metadata.title == "Cohort 9 — TIRP cohort pack"
    assert reader.metadata.author == "Programme Lead"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_the_pack_for_one_session_has_its_sign_in_sheet_only(cohort_db, tmp_path):
    path = packs.make_cohort_pack(
        cohort_db, cohort="Cohort 9", session=2, path=tmp_path / "s2.pdf", today=date(2024, 12, 1)
    )
    text = pdf_text(path)
    assert text.count("Signature") == 1
    assert "Pack for Session 2, Tuesday 12 November 2024" in text
    assert "Sign-in sheet for this session" in text
    assert "Launch: Croeso" in text  # the schedule still lists every session
    assert packs.cohort_sessions(cohort_db, cohort="Cohort 9") == [
        (1, "Session 1 · 17/09/2024 · Launch: Croeso"),
        (2, "Session 2 · 12/11/2024 · Session 2"),
        (3, "Session 3 · 21/01/2025 · Session 3"),
    ]


def test_a_session_the_cohort_does_not_have_is_named(cohort_db, tmp_path):
    with pytest.raises(
        packs.UnknownSessionError, match=r"Cohort 9 has no session 7 \(sessions: 1, 2, 3\)"
    ):
        packs.make_cohort_pack(cohort_db, cohort="Cohort 9", session=7, path=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_attendance_summary_counts(cohort_db, tmp_path):
    path = packs.make_cohort_pack(
        cohort_db, cohort="Cohort 9", path=tmp_path / "pack.pdf", today=date(2024, 12, 1)
    )
    text = pdf_text(path)
    assert "2 of 3" in text  # sessions with attendance
    assert "75%" in text  # 3 of 4 marks present or late
    assert "2/2" in text and "1/2" in text  # each leader's attended sessions


def test_password_protected_pack(cohort_db, tmp_path):
    path = packs.make_cohort_pack(
        cohort_db, cohort="Cohort 9", path=tmp_path / "pack.pdf", password="letmein"
    )
    reader = PdfReader(path)
    assert reader.is_encrypted and reader.decrypt("letmein")
    assert "Awel Y Môr" in reader.pages[0].extract_text() + reader.pages[2].extract_text()


def test_unknown_cohort_names_the_cohorts(cohort_db, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(packs.UnknownCohortError, match="'Cohort 9'"):
        packs.make_cohort_pack(cohort_db, cohort="Cohort 99", path=out / "x.pdf")
    assert list(out.iterdir()) == []


def test_the_layout_refuses_a_quote_without_consent(cohort_db, tmp_path):
    data = packs.cohort_pack_data(cohort_db, cohort="Cohort 9")
    data.quotes.append(PackQuote(SECRET, "SENCo", consented=False))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ConsentError):
        render(data, out / "pack.pdf")
    assert list(out.iterdir()) == []


def test_the_demo_cohort_1_pack(tmp_path, monkeypatch):
    monkeypatch.setenv("SEND_DESKTOP_HOME", str(tmp_path / "home"))
    db = build_demo(tmp_path / "demo.sqlite")
    try:
        path = packs.make_cohort_pack(db, cohort="Cohort 1", path=tmp_path / "pack.pdf")
    finally:
        db.close()
    text = pdf_text(path)
    assert text.count("Signature") == 7  # seven sessions
    assert "I came away feeling motivated and energised" in text
    assert "16" in text and "12 of 12 places" in text

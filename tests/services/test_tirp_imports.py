"""TIRP imports on the demo: expressions of interest onto the waitlist, leaders per setting,
and a returned sign-in sheet (P/L/A/X or words) as one session's attendance."""

from __future__ import annotations

from pathlib import Path

import pytest
from db_dump import dump, rows

from send_desktop.services import imports, tirp
from send_desktop.services.demo import build_demo

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.setenv("SEND_DESKTOP_HOME", str(tmp_path / "home"))
    db = build_demo(tmp_path / "demo.sqlite")
    yield db
    db.close()


def reasons(result) -> list[tuple[int, str]]:  # noqa: ANN001
    return [(r.row, "; ".join(p.reason for p in r.problems)) for r in result.rejected]


def test_expressions_of_interest_join_the_waitlist(demo):
    result = imports.run_import(
        demo, path=FIXTURES / "tirp_expressions_of_interest.csv", kind="waitlist", user="Tester"
    )
    assert result.summary_line() == "imported: 4 new, 1 updated, 0 unchanged, 2 rejected"
    assert reasons(result) == [
        (6, "Barley Hill Primary School is in Cohort 1, which is running"),
        (8, "no setting in the register has URN 999999; add the setting first"),
    ]
    new = rows(
        demo,
        "SELECT s.name, w.added_on, w.priority, w.status, w.preferred_start FROM waitlist_entry w"
        " JOIN setting s ON s.id = w.setting_id WHERE s.urn IN ('123076', '122974')"
        " ORDER BY s.urn",
    )
    assert new == [
        ("The Ace Centre Nursery School", "2024-10-11", 0, "waiting", "Autumn 2025"),
        ("John Hampden Primary School", "2024-10-03", 0, "waiting", "Spring 2025"),
    ]
    # A setting already waiting asks again: its place (the earlier date) is kept.
    (tackley,) = rows(
        demo,
        "SELECT w.added_on, w.preferred_start, w.notes FROM waitlist_entry w JOIN setting s"
        " ON s.id = w.setting_id WHERE s.urn = '143889'",
    )
    assert tackley == ("2023-01-09", "Spring 2025", "Checking we are still on the list")
    assert any("already waiting since 09/01/2023" in note for _r, _l, note in result.review)
    # Found by name when the school did not know its URN.
    assert rows(
        demo,
        "SELECT count(*) FROM waitlist_entry w JOIN setting s ON s.id = w.setting_id"
        " WHERE s.name = 'The Bicester School' AND w.status = 'waiting'",
    ) == [(1,)]
    again = imports.run_import(
        demo, path=FIXTURES / "tirp_expressions_of_interest.csv", kind="waitlist", user="Tester"
    )
    assert (again.new, again.updated, again.unchanged) == (0, 0, 5)


def test_leaders_import_adds_new_people_and_updates_roles_and_undoes_cleanly(demo):
    before = dump(demo)
    path = FIXTURES / "tirp_leaders_cohort1.csv"
    result = imports.run_import(demo, path=path, kind="leaders", user="Tester")
    assert result.summary_line() == "imported: 1 new, 1 updated, 3 unchanged, 2 rejected"
    assert reasons(result) == [
        (7, "Cholsey Primary School is not enrolled in Cohort 1; enrol it first"),
        (8, "there is no cohort named 'Cohort 9' (cohorts: Cohort 1, Cohort 2, Cohort 3)"),
    ]
    cohort_id = tirp.cohort_id_by_name(demo, "Cohort 1")
    leaders = {(r[2], r[3]): r[4] for r in tirp.cohort_leaders(demo, cohort_id)}
    assert leaders[("Orchard Meadow Primary School", "Imogen Faulkner")] == "SENCo"
    assert leaders[("Rose Hill Primary School", "Rosa Kettering")] == (
        "Deputy Headteacher and SENCo"
    )
    imogen = "SELECT email, job_title FROM person WHERE full_name = 'Imogen Faulkner'"
    assert rows(demo, imogen) == [("imogen.faulkner@orchardmeadowprimary.example.org", "SENCo")]
    imports.undo_import(demo, batch_id=result.batch_id, user="Tester")
    after = dump(demo)
    assert after["person"] == before["person"]  # the person it added went with it
    assert len(after["cohort_leader"]) == len(before["cohort_leader"])
    assert rows(demo, "SELECT role FROM cohort_leader WHERE role LIKE 'Deputy%'") == []


def test_a_returned_sign_in_sheet_records_one_session(demo):
    path = FIXTURES / "tirp_signin_cohort1_session2.csv"
    preview = imports.run_import(demo, path=path, kind="attendance", dry_run=True)
    assert rows(demo, "SELECT count(*) FROM attendance") == [(16,)]  # the dry run wrote nothing
    result = imports.run_import(demo, path=path, kind="attendance", user="Tester")
    assert result.summary_line() == preview.summary_line()
    assert result.summary_line() == "imported: 14 new, 0 updated, 0 unchanged, 2 rejected"
    assert reasons(result) == [
        (15, "Attendance is not a mark: use P, L, A or X (present, late, apologies, absent)"),
        (19, "Wood Green School has no leader named Supply Teacher"),
    ]
    assert (result.blank, result.totals) == (1, 1)  # Carys Ziegler unmarked; the totals row
    marks = dict(
        rows(
            demo,
            "SELECT p.full_name, a.status FROM attendance a JOIN cohort_session s"
            " ON s.id = a.session_id JOIN cohort_leader l ON l.id = a.leader_id"
            " JOIN person p ON p.id = l.person_id WHERE s.seq = 2",
        )
    )
    assert marks["Jonah Marchant"] == "present"  # 'p'
    assert marks["Lena Marchant"] == "late"  # 'L'
    assert marks["Owen Hollins"] == "present"  # 'Present'
    assert marks["Samir Garside"] == "apologies"  # 'A'
    assert marks["Nadia Corbett"] == "apologies"  # 'apols'
    assert marks["Yasmin Northcott"] == "absent"  # 'X'
    assert marks["Harvey Jessop"] == "absent"  # 'DNA'
    assert "Carys Ziegler" not in marks and "Tessa Corbett" not in marks
    again = imports.run_import(demo, path=path, kind="attendance", user="Tester")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 14)


def test_a_sign_in_row_for_a_session_that_does_not_exist_is_refused_in_words(demo, tmp_path):
    path = tmp_path / "signin.csv"
    path.write_text(
        "Cohort,Session,Session date,URN,Leader,Attendance\n"
        "Cohort 1,9,,123034,Farid Oakes,P\n"
        "Cohort 1,2,11/10/2023,123034,Farid Oakes,P\n"
        "Cohort 1,,10/10/2023,123034,Farid Oakes,present\n",
        encoding="utf-8",
    )
    result = imports.run_import(demo, path=path, kind="attendance", user="Tester")
    assert reasons(result) == [
        (2, "Cohort 1 has no session 9"),
        (3, "session 2 of Cohort 1 is on 10/10/2023"),
    ]
    assert result.new == 1

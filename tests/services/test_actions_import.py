"""Import kind 'actions': the seed's SEN support action plan (tests/fixtures), objectives
added as needed, re-import unchanged, and the app's own export read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from send_desktop.services import exports, imports
from send_desktop.services.demo import build_demo
from send_desktop.storage.database import create_database
from send_desktop.storage.models import Objective

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sen_support_action_plan.xlsx"


def run(db, path: Path):  # noqa: ANN001, ANN201
    return imports.run_import(db, path=path, kind="actions", options=imports.ImportOptions())


def plan(db) -> list[tuple]:  # noqa: ANN001
    return db.query(
        "SELECT o.seq, o.title, a.description, a.owner, a.due_on, a.success_measure,"
        " a.resource, a.monitored_by, a.evaluated_by"
        " FROM action a JOIN objective o ON o.id = a.objective_id ORDER BY o.seq, a.rowid"
    )


def test_the_seed_action_plan_imports_with_its_objectives(db):
    result = run(db, FIXTURE)
    assert (result.new, result.updated, result.unchanged) == (9, 0, 0)
    [rejected] = result.rejected
    assert "row 10" in rejected.describe() and '"June"' in rejected.describe()
    assert "month without a year" in rejected.describe()
    rows = plan(db)
    assert [r[0] for r in rows] == [1, 1, 1, 1, 2, 2, 2, 3, 3]
    assert rows[4][1] == "Improve and develop the capacity to support SEN"
    first = rows[0]
    assert first[2].startswith("Coproduce, publish and publicise a broad definition")
    assert first[3].startswith("SEN Task & Finish Group (LA facilitated")
    assert first[4] == "2017-07-31"  # 'July 2017': the end of the month
    assert first[5].startswith("SEN Audit / KIT information")
    assert first[6:] == (
        "Business",
        "SEN Task & Finish Group",
        "Cambridgeshire School Improvement Board (CSIB) / SEN CSIB Subgroup",
    )
    created = db.query(
        "SELECT table_name, count(*) FROM audit_log WHERE action = 'create'"
        " AND table_name IN ('objective', 'action') GROUP BY table_name"
    )
    assert dict(created) == {"action": 9, "objective": 3}
    again = run(db, FIXTURE)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 9)
    assert db.query("SELECT count(*) FROM objective")[0][0] == 3


def test_rows_go_under_an_objective_already_in_the_plan(db):
    with db.transaction() as s:
        s.add(Objective(title="improve and develop the capacity to support SEN.", seq=7))
    run(db, FIXTURE)
    seqs = [r[0] for r in plan(db)]
    assert seqs.count(7) == 3  # matched ignoring case and punctuation
    assert db.query("SELECT count(*) FROM objective")[0][0] == 3


def test_the_actions_export_reads_back_as_the_same_plan(tmp_path):
    demo = build_demo(tmp_path / "demo.sqlite")
    try:
        path = exports.export(demo, kind="actions", path=tmp_path / "actions.xlsx")
        before = plan(demo)
    finally:
        demo.close()
    fresh = create_database(tmp_path / "fresh.sqlite")
    try:
        result = run(fresh, path)
        assert result.rejected == [] and result.new == len(before)
        after = plan(fresh)
        assert sorted(r[1:] for r in after) == sorted(r[1:] for r in before)
        completed = fresh.query("SELECT count(*) FROM action WHERE completed_on IS NOT NULL")
        assert completed[0][0] == 4
        assert date.fromisoformat(after[0][4]) > date(2020, 1, 1)
    finally:
        fresh.close()


def test_undoing_the_import_removes_the_objectives_it_added(db):
    """Objectives the import made belong to it: undo takes them away with their actions,
    and leaves an objective that was there before."""
    with db.transaction() as session:
        objective = Objective(title="Already in the plan", seq=1)
        session.add(objective)
        session.flush()
        kept = objective.id
    result = run(db, FIXTURE)
    assert db.query("SELECT count(*) FROM objective")[0][0] == 4
    undone = imports.undo_import(db, batch_id=result.batch_id)
    assert undone.deleted == 9 + 3
    assert db.query("SELECT id, title FROM objective") == [(kept, "Already in the plan")]
    assert db.query("SELECT count(*) FROM action")[0][0] == 0

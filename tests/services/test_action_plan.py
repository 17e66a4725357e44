"""RAG kept in step with the rule, a lead's override with a reason, history and snapshots."""

from __future__ import annotations

from datetime import date

import pytest

from send_desktop.services import action_plan, kpi_snapshots, listing
from send_desktop.services.errors import ValidationError
from send_desktop.storage.models import Action


def add(db, **values) -> str:  # noqa: ANN003
    with db.transaction() as s:
        action = Action(description="Publish the catalogue", **values)
        s.add(action)
        s.flush()
        return action.id


def test_refresh_turns_overdue_amber_then_red_and_keeps_history(db):
    aid = add(db, due_on=date(2024, 3, 1))
    assert action_plan.refresh_rags(db, today=date(2024, 3, 1)) == 0  # due today: green
    assert action_plan.refresh_rags(db, today=date(2024, 3, 2)) == 1
    assert action_plan.refresh_rags(db, today=date(2024, 3, 20)) == 0  # still amber
    assert action_plan.refresh_rags(db, today=date(2024, 4, 1)) == 1
    history = listing.action_rag_history(db, aid)
    assert [(on, rag) for on, rag, _ in history] == [
        (date(2024, 3, 2), "amber"),
        (date(2024, 4, 1), "red"),
    ]
    assert history[-1][2] == "31 days overdue"
    audited = db.query("SELECT count(*) FROM audit_log WHERE table_name = 'action'")[0][0]
    assert audited >= 3  # created, then two RAG changes


def test_override_needs_a_reason_and_stands_until_cleared(db):
    aid = add(db, due_on=date(2024, 1, 1))
    with pytest.raises(ValidationError, match="Say why"):
        action_plan.override_rag(db, action_id=aid, rag="green", reason="  ")
    action_plan.override_rag(
        db, action_id=aid, rag="green", reason="Board agreed a new date", today=date(2024, 3, 1)
    )
    assert action_plan.refresh_rags(db, today=date(2024, 6, 1)) == 0
    rag, reason = db.query("SELECT rag, rag_override_reason FROM action")[0]
    assert (rag, reason) == ("green", "Board agreed a new date")
    action_plan.clear_override(db, action_id=aid, today=date(2024, 6, 1))
    assert db.query("SELECT rag, rag_override_reason FROM action")[0] == ("red", None)
    reasons = [r for _, _, r in listing.action_rag_history(db, aid)]
    assert reasons == ["set by lead: Board agreed a new date", "override cleared; 152 days overdue"]


def test_completing_ends_the_override_and_refuses_a_new_one(db):
    aid = add(db, due_on=date(2024, 1, 1))
    action_plan.override_rag(db, action_id=aid, rag="amber", reason="waiting on partner")
    action_plan.complete_action(db, action_id=aid, on=date(2024, 2, 1))
    assert db.query("SELECT rag, rag_override_reason FROM action")[0] == ("complete", None)
    with pytest.raises(ValidationError, match="complete"):
        action_plan.override_rag(db, action_id=aid, rag="red", reason="x")


def test_snapshot_keeps_one_row_per_figure_and_month_and_follows_this_month(db):
    assert kpi_snapshots.take_snapshot(db, today=date(2024, 5, 3)) > 0
    assert kpi_snapshots.take_snapshot(db, today=date(2024, 5, 20)) == 0  # nothing changed
    add(db, due_on=date(2024, 5, 1))
    assert kpi_snapshots.take_snapshot(db, today=date(2024, 5, 21)) == 1  # actions_overdue
    kpi_snapshots.take_snapshot(db, today=date(2024, 6, 2))
    rows = dict(db.query("SELECT month, value FROM kpi_snapshot WHERE name = 'actions_overdue'"))
    assert rows == {"2024-05": 1.0, "2024-06": 1.0}
    assert db.query("SELECT count(DISTINCT name) FROM kpi_snapshot")[0][0] >= 7


def test_add_action_checks_its_words_and_finds_its_objective(db):
    from send_desktop.services.action_plan import ActionData

    with pytest.raises(ValidationError, match="Say what"):
        action_plan.add_action(db, data=ActionData("Right support", "  "))
    with pytest.raises(ValidationError, match="2024-Q3"):
        action_plan.add_action(db, data=ActionData("Right support", "Do it", quarter="Q3"))
    a = action_plan.add_action(db, data=ActionData("Right support", "One", due_on=date(2025, 8, 1)))
    b = action_plan.add_action(db, data=ActionData("  right SUPPORT ", "Two", quarter="2025-q4"))
    rows = db.query("SELECT id, objective_id, quarter FROM action ORDER BY description")
    assert {r[0] for r in rows} == {a, b}
    assert rows[0][1] == rows[1][1]  # one objective, matched ignoring case and spaces
    assert [r[2] for r in rows] == ["2025-Q3", "2025-Q4"]  # from the date; typed, tidied
    assert db.query("SELECT count(*) FROM objective")[0][0] == 1

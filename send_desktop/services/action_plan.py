"""Action-plan use cases: keep each action's RAG in step with the rule (with its history),
a lead's override with a reason, completing an action.

    refresh_rags(db, today=)                                   -> int (actions changed)
    override_rag(db, action_id=, rag=, reason=, today=)        -> None
    clear_override(db, action_id=, today=)                     -> None
    complete_action(db, action_id=, on=)                       -> None

Every change of RAG writes an ``ActionRagChange`` row (the history) in the same transaction;
the audit log records the change itself.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from send_desktop.domain import actions as rules
from send_desktop.services.errors import ValidationError
from send_desktop.storage.database import Database
from send_desktop.storage.models import Action, ActionRagChange


def _action(session: Session, action_id: str) -> Action:
    action = session.get(Action, action_id)
    if action is None:
        raise ValidationError("action", "That action no longer exists (deleted elsewhere?).")
    return action


def _set(session: Session, action: Action, rag: str, on: date, reason: str | None) -> bool:
    if action.rag == rag:
        return False
    action.rag = rag
    session.add(ActionRagChange(action_id=action.id, on=on, rag=rag, reason=reason))
    return True


def _rule_reason(action: Action, today: date) -> str:
    return rules.rule_reason(action.due_on, action.completed_on, today)


def refresh_rags(db: Database, *, today: date | None = None) -> int:
    """Bring every action without an override to the rule's RAG for ``today``."""
    today = today or date.today()
    changed = 0
    with db.transaction() as session:
        for action in session.scalars(select(Action)):
            state = rules.effective_rag(
                due_on=action.due_on,
                completed_on=action.completed_on,
                override_rag=action.rag,
                override_reason=action.rag_override_reason,
                today=today,
            )
            if state.overridden:
                continue
            if action.rag_override_reason and action.completed_on is not None:
                action.rag_override_reason = None  # completing ends an override
            changed += _set(session, action, state.rag, today, _rule_reason(action, today))
    return changed


def override_rag(
    db: Database, *, action_id: str, rag: str, reason: str, today: date | None = None
) -> None:
    today = today or date.today()
    try:
        cleaned = rules.check_override(rag, reason)
    except rules.ActionRuleError as exc:
        raise ValidationError(exc.field, exc.message) from None
    with db.transaction() as session:
        action = _action(session, action_id)
        if action.completed_on is not None:
            raise ValidationError("rag", "This action is complete; its RAG cannot be overridden.")
        action.rag_override_reason = cleaned
        if not _set(session, action, rag, today, f"set by lead: {cleaned}"):
            session.add(
                ActionRagChange(
                    action_id=action.id, on=today, rag=rag, reason=f"set by lead: {cleaned}"
                )
            )


def clear_override(db: Database, *, action_id: str, today: date | None = None) -> None:
    today = today or date.today()
    with db.transaction() as session:
        action = _action(session, action_id)
        action.rag_override_reason = None
        rag = rules.rule_rag(action.due_on, action.completed_on, today)
        reason = f"override cleared; {_rule_reason(action, today)}"
        if not _set(session, action, rag, today, reason):
            session.add(ActionRagChange(action_id=action.id, on=today, rag=rag, reason=reason))


def complete_action(db: Database, *, action_id: str, on: date | None = None) -> None:
    on = on or date.today()
    with db.transaction() as session:
        action = _action(session, action_id)
        action.completed_on = on
        action.rag_override_reason = None
        _set(session, action, "complete", on, "completed")

"""Action-plan use cases: keep each action's RAG in step with the rule (with its history),
a lead's override with a reason, completing an action.

    refresh_rags(db, today=)                                   -> int (actions changed)
    override_rag(db, action_id=, rag=, reason=, today=)        -> None
    clear_override(db, action_id=, today=)                     -> None
    complete_action(db, action_id=, on=)                       -> None
    add_action(db, data=ActionData, today=) -> id; update_action; delete_action -> DeletedAction;
    restore_action(db, deleted=); get_action; objective_titles

Every change of RAG writes an ``ActionRagChange`` row (the history) in the same transaction;
the audit log records the change itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from send_desktop.domain import actions as rules
from send_desktop.services.errors import NotFoundError, ValidationError
from send_desktop.storage.database import Database
from send_desktop.storage.models import Action, ActionRagChange, Objective


def _action(session: Session, action_id: str) -> Action:
    action = session.get(Action, action_id)
    if action is None:
        raise NotFoundError("This action")
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


# --- adding, editing and deleting actions ------------------------------------------------

_QUARTER = re.compile(r"\d{4}-Q[1-4]")


@dataclass(frozen=True)
class ActionData:
    """An action as the form edits it; ``objective`` is a title (a new one is added)."""

    objective: str
    description: str
    owner: str | None = None
    due_on: date | None = None
    success_measure: str | None = None
    resource: str | None = None
    monitored_by: str | None = None
    evaluated_by: str | None = None
    quarter: str | None = None  # '2024-Q3'; blank: the quarter of the due date


@dataclass(frozen=True)
class DeletedAction:
    action_id: str
    data: ActionData
    rag: str
    override_reason: str | None
    completed_on: date | None
    history: tuple[tuple[date, str, str | None], ...]


def _clean(data: ActionData) -> ActionData:
    def text(value: str | None, field: str, label: str, limit: int) -> str | None:
        value = (value or "").strip() or None
        if value is not None and len(value) > limit:
            raise ValidationError(field, f"{label} is too long (at most {limit} characters).")
        return value

    objective = text(data.objective, "objective", "The objective", 300)
    description = text(data.description, "description", "The action", 4000)
    if objective is None:
        raise ValidationError("objective", "Choose an objective or type a new one.")
    if description is None:
        raise ValidationError("description", "Say what the action is.")
    quarter = text(data.quarter, "quarter", "The quarter", 7)
    if quarter is not None and not _QUARTER.fullmatch(quarter.upper()):
        raise ValidationError("quarter", "Write the quarter as year and quarter, e.g. 2024-Q3.")
    return ActionData(
        objective,
        description,
        text(data.owner, "owner", "By whom", 200),
        data.due_on,
        text(data.success_measure, "success_measure", "How we will know", 4000),
        text(data.resource, "resource", "The resource", 4000),
        text(data.monitored_by, "monitored_by", "Monitored by", 200),
        text(data.evaluated_by, "evaluated_by", "Evaluated by", 200),
        quarter.upper() if quarter else rules.quarter_of(data.due_on),
    )


def _objective(session: Session, title: str) -> Objective:
    key = " ".join(title.casefold().split())
    for objective in session.scalars(select(Objective)):
        if " ".join(objective.title.casefold().split()) == key:
            return objective
    seq = max((o.seq or 0 for o in session.scalars(select(Objective))), default=0) + 1
    objective = Objective(title=title, seq=seq)
    session.add(objective)
    session.flush()
    return objective


def _fill(session: Session, action: Action, data: ActionData) -> None:
    action.objective_id = _objective(session, data.objective).id
    for name in (
        "description",
        "owner",
        "due_on",
        "success_measure",
        "resource",
        "monitored_by",
        "evaluated_by",
        "quarter",
    ):
        setattr(action, name, getattr(data, name))


def get_action(db: Database, action_id: str) -> ActionData:
    with db.reader() as session:
        action = session.get(Action, action_id)
        if action is None:
            raise NotFoundError("This action")
        return ActionData(
            action.objective.title if action.objective else "",
            action.description,
            action.owner,
            action.due_on,
            action.success_measure,
            action.resource,
            action.monitored_by,
            action.evaluated_by,
            action.quarter,
        )


def objective_titles(db: Database) -> list[str]:
    return [r[0] for r in db.query("SELECT title FROM objective ORDER BY seq, title")]


def add_action(
    db: Database, *, data: ActionData, action_id: str | None = None, today: date | None = None
) -> str:
    """Add an action (under its objective, added if new), rated by the rule."""
    data, today = _clean(data), today or date.today()
    with db.transaction() as session:
        action = Action(description=data.description)
        if action_id:
            action.id = action_id
        _fill(session, action, data)
        action.rag = rules.rule_rag(action.due_on, None, today)
        session.add(action)
        session.flush()
        session.add(
            ActionRagChange(
                action_id=action.id,
                on=today,
                rag=action.rag,
                reason="added; " + _rule_reason(action, today),
            )
        )
        return action.id


def update_action(
    db: Database, *, action_id: str, data: ActionData, today: date | None = None
) -> None:
    """Change an action; a new due date re-rates it by the rule (a lead's override stays)."""
    data, today = _clean(data), today or date.today()
    with db.transaction() as session:
        action = _action(session, action_id)
        _fill(session, action, data)
        if not action.rag_override_reason:
            rag = rules.rule_rag(action.due_on, action.completed_on, today)
            _set(session, action, rag, today, _rule_reason(action, today))


def delete_action(db: Database, *, action_id: str) -> DeletedAction:
    """Delete an action and its RAG history; returns what went (for undo)."""
    with db.transaction() as session:
        action = _action(session, action_id)
        changes = list(
            session.scalars(select(ActionRagChange).where(ActionRagChange.action_id == action_id))
        )
        history = tuple(sorted(((c.on, c.rag, c.reason) for c in changes), key=lambda h: h[0]))
        data = ActionData(
            action.objective.title if action.objective else "",
            action.description,
            action.owner,
            action.due_on,
            action.success_measure,
            action.resource,
            action.monitored_by,
            action.evaluated_by,
            action.quarter,
        )
        deleted = DeletedAction(
            action_id, data, action.rag, action.rag_override_reason, action.completed_on, history
        )
        for change in changes:
            session.delete(change)
        session.flush()
        session.delete(action)
        return deleted


def restore_action(db: Database, *, deleted: DeletedAction) -> None:
    """Put a deleted action back under its id, with its RAG, override and history."""
    with db.transaction() as session:
        action = Action(description=deleted.data.description)
        action.id = deleted.action_id
        _fill(session, action, deleted.data)
        action.rag = deleted.rag
        action.rag_override_reason = deleted.override_reason
        action.completed_on = deleted.completed_on
        session.add(action)
        session.flush()
        for on, rag, reason in deleted.history:
            session.add(ActionRagChange(action_id=action.id, on=on, rag=rag, reason=reason))

"""Action-plan rules: the RAG an action should have on a day, and how it is shown.

Plain Python: no Qt, no SQL.

The rule (``rule_rag``): a completed action is complete; one with no due date, or not yet
past it, is green; once past its due date it turns amber, and red when it is more than
``RED_AFTER_DAYS`` days overdue. A lead may override the rule with a reason
(``effective_rag``): the override stands until it is cleared or the action is completed.
RAG is never shown by colour alone: ``rag_text`` gives a shape and a word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

RED_AFTER_DAYS = 28
RAGS = ("red", "amber", "green", "complete")
# Shape and word: readable without colour, in print and by a screen reader.
_SHAPES = {"red": "◆", "amber": "▲", "green": "●", "complete": "✓"}


class ActionRuleError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def days_overdue(due_on: date | None, completed_on: date | None, today: date) -> int:
    """Days past the due date (0 when not due yet, completed, or without a date)."""
    if completed_on is not None or due_on is None or today <= due_on:
        return 0
    return (today - due_on).days


def rule_rag(
    due_on: date | None,
    completed_on: date | None,
    today: date,
    *,
    red_after_days: int = RED_AFTER_DAYS,
) -> str:
    if completed_on is not None:
        return "complete"
    late = days_overdue(due_on, completed_on, today)
    if late == 0:
        return "green"
    return "red" if late > red_after_days else "amber"


def overdue_words(days: int) -> str:
    return "1 day overdue" if days == 1 else f"{days} days overdue"


def rule_reason(due_on: date | None, completed_on: date | None, today: date) -> str:
    """Why the rule gives its RAG, in words (kept in the RAG history)."""
    if completed_on is not None:
        return "completed"
    late = days_overdue(due_on, completed_on, today)
    return overdue_words(late) if late else "on track (not yet due)"


@dataclass(frozen=True)
class RagState:
    rag: str
    overridden: bool
    reason: str | None
    overdue_days: int

    @property
    def text(self) -> str:
        return shown_texts(self.rag)[1 if self.overridden else 0]


def effective_rag(
    *,
    due_on: date | None,
    completed_on: date | None,
    override_rag: str | None,
    override_reason: str | None,
    today: date,
) -> RagState:
    """The RAG shown: the lead's override when one is recorded (with its reason) and the
    action is not complete; otherwise the rule's."""
    late = days_overdue(due_on, completed_on, today)
    if completed_on is None and override_reason and override_rag in RAGS:
        return RagState(override_rag, True, override_reason, late)
    return RagState(rule_rag(due_on, completed_on, today), False, None, late)


def check_override(rag: str, reason: str | None) -> str:
    """A lead's override needs a known RAG and a reason in words; returns the reason."""
    if rag not in ("red", "amber", "green"):
        raise ActionRuleError("rag", "A RAG override must be red, amber or green.")
    cleaned = (reason or "").strip()
    if not cleaned:
        raise ActionRuleError("reason", "Say why the RAG is being overridden (the reason is kept).")
    if len(cleaned) > 300:
        raise ActionRuleError("reason", "Keep the reason to 300 characters.")
    return cleaned


def rag_text(rag: str) -> str:
    """'▲ Amber': a shape and a word, never a colour alone."""
    return f"{_SHAPES.get(rag, '?')} {rag.capitalize()}"


def shown_texts(rag: str) -> tuple[str, str]:
    """How a RAG shows in lists: by the rule, and when a lead set it."""
    return rag_text(rag), f"{rag_text(rag)} (set by lead)"


def quarter_of(day: date | None) -> str | None:
    """The roadmap quarter of a date: '2024-Q1' (calendar quarters, as the roadmap)."""
    if day is None:
        return None
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"

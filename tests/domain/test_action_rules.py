"""The RAG rule: overdue turns amber, then red; complete stays complete; overrides need words."""

from __future__ import annotations

from datetime import date

import pytest

from send_desktop.domain import actions as rules

DUE = date(2024, 3, 1)


@pytest.mark.parametrize(
    "today,completed,expected",
    [
        (date(2024, 2, 1), None, "green"),
        (DUE, None, "green"),
        (date(2024, 3, 2), None, "amber"),
        (date(2024, 3, 29), None, "amber"),  # 28 days overdue
        (date(2024, 3, 30), None, "red"),  # 29 days overdue
        (date(2025, 1, 1), date(2024, 2, 1), "complete"),
        (date(2025, 1, 1), date(2024, 6, 1), "complete"),  # completed late: still complete
    ],
)
def test_rule(today, completed, expected):
    assert rules.rule_rag(DUE, completed, today) == expected


def test_no_due_date_is_never_overdue():
    assert rules.rule_rag(None, None, date(2030, 1, 1)) == "green"
    assert rules.days_overdue(None, None, date(2030, 1, 1)) == 0


def test_override_stands_with_a_reason_until_completed():
    state = rules.effective_rag(
        due_on=DUE,
        completed_on=None,
        override_rag="green",
        override_reason="new date agreed",
        today=date(2024, 6, 1),
    )
    assert (state.rag, state.overridden, state.overdue_days) == ("green", True, 92)
    assert state.text == "● Green (set by lead)"
    no_reason = rules.effective_rag(
        due_on=DUE,
        completed_on=None,
        override_rag="green",
        override_reason=None,
        today=date(2024, 6, 1),
    )
    assert no_reason.rag == "red" and not no_reason.overridden
    done = rules.effective_rag(
        due_on=DUE,
        completed_on=DUE,
        override_rag="red",
        override_reason="x",
        today=date(2024, 6, 1),
    )
    assert done.rag == "complete"


def test_rag_text_has_a_shape_and_a_word():
    assert [rules.rag_text(r) for r in rules.RAGS] == ["◆ Red", "▲ Amber", "● Green", "✓ Complete"]


def test_override_needs_a_known_rag_and_a_reason():
    with pytest.raises(rules.ActionRuleError, match="red, amber or green"):
        rules.check_override("complete", "why")
    with pytest.raises(rules.ActionRuleError, match="Say why"):
        rules.check_override("red", "")
    assert rules.check_override("red", "  partner pulled out ") == "partner pulled out"


def test_quarter():
    assert rules.quarter_of(date(2024, 11, 3)) == "2024-Q4"
    assert rules.quarter_of(None) is None

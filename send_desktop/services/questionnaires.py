"""Questionnaire returns (imported as kind ``questionnaire``): a summary per question and its
export to .xlsx.

A question is summarised by what its answers look like:
    scale      every answer is a number and there are at most 11 different ones: the count
               of each value (in order) and the mean;
    choice     at most 8 different short answers (40 characters or fewer), most of them given
               more than once: the count of each (most given first);
    free text  anything else: the answers grouped by school (school name order).
Blank answers are counted, never shown as a value. Returns from special schools (phase
'Special') and from mainstream settings are counted apart.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from send_desktop.storage.database import Database

SCALE_MAX_VALUES, CHOICE_MAX_VALUES, CHOICE_MAX_LENGTH = 11, 8, 40


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    kind: str  # scale | choice | free text
    answered: int
    blank: int
    distribution: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    free_text: list[tuple[str, str]] = field(default_factory=list)  # (school, answer)

    def share(self, count: int) -> float:
        return count / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class QuestionnaireSummary:
    name: str
    returns: int
    special: int
    mainstream: int
    questions: list[QuestionSummary]


def questionnaire_names(db: Database) -> list[str]:
    rows = db.query(
        "SELECT questionnaire, max(created_at) FROM questionnaire_return "
        "GROUP BY questionnaire ORDER BY 2 DESC, 1"
    )
    return [r[0] for r in rows]


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _show(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def summarise_question(
    question: str, answers: Sequence[tuple[str, object]], total: int
) -> QuestionSummary:
    """``answers``: (school, answer) for the returns that answered it; ``total`` returns."""
    given = [(school, value) for school, value in answers if str(value).strip()]
    blank = total - len(given)
    values = [v for _s, v in given]
    numbers = [_number(v) for v in values]
    if values and None not in numbers and len(set(numbers)) <= SCALE_MAX_VALUES:
        counts = Counter(numbers)
        mean = sum(numbers) / len(numbers)  # type: ignore[arg-type]
        return QuestionSummary(
            question,
            "scale",
            len(given),
            blank,
            [(_show(v), counts[v]) for v in sorted(counts)],  # type: ignore[arg-type]
            round(mean, 2),
        )
    texts = [str(v).strip() for v in values]
    counts = Counter(texts)
    short = all(len(t) <= CHOICE_MAX_LENGTH for t in texts)
    if texts and short and len(counts) <= CHOICE_MAX_VALUES and len(counts) * 2 <= len(texts):
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        return QuestionSummary(question, "choice", len(given), blank, ordered)
    grouped = sorted(((s, str(v).strip()) for s, v in given), key=lambda x: x[0].casefold())
    return QuestionSummary(question, "free text", len(given), blank, free_text=grouped)


def summarise(db: Database, *, questionnaire: str) -> QuestionnaireSummary:
    """Every question of one questionnaire, in the order the questions first came."""
    rows = db.query(
        """SELECT s.name, s.phase, q.answers FROM questionnaire_return q
           JOIN setting s ON s.id = q.setting_id
           WHERE q.questionnaire = ? ORDER BY s.name COLLATE NOCASE""",
        (questionnaire,),
    )
    by_question: dict[str, list[tuple[str, object]]] = {}
    special = 0
    for school, phase, answers in rows:
        special += phase == "Special"
        try:
            parsed = json.loads(answers)
        except ValueError:
            parsed = {}
        for question, value in parsed.items():
            by_question.setdefault(question, []).append((school, value))
    questions = [summarise_question(q, a, len(rows)) for q, a in by_question.items()]
    return QuestionnaireSummary(questionnaire, len(rows), special, len(rows) - special, questions)


def export_summary(db: Database, *, questionnaire: str, path: Path) -> Path:
    """The summary as an .xlsx (through the one writer): a sheet of questions, one of the
    counts of each answer, and one of the free-text answers by school."""
    from send_desktop.interchange.xlsx_out import XlsxColumn, XlsxSheet, write_xlsx
    from send_desktop.storage.audit import current_user

    summary = summarise(db, questionnaire=questionnaire)
    overview = [(q.question, q.kind, q.answered, q.blank, q.mean) for q in summary.questions]
    counts = [
        (q.question, value, count, round(100 * q.share(count)))
        for q in summary.questions
        for value, count in q.distribution
    ]
    free = [(q.question, school, text) for q in summary.questions for school, text in q.free_text]
    sheets = [
        XlsxSheet(
            "Questions",
            [
                XlsxColumn("Question", width=60),
                XlsxColumn("Type"),
                XlsxColumn("Answered", "int"),
                XlsxColumn("Blank", "int"),
                XlsxColumn("Mean (scales)", "number"),
            ],
            overview,
        ),
        XlsxSheet(
            "Counts",
            [
                XlsxColumn("Question", width=60),
                XlsxColumn("Answer"),
                XlsxColumn("Count", "int"),
                XlsxColumn("% of answers", "int"),
            ],
            counts,
        ),
        XlsxSheet(
            "Free text",
            [
                XlsxColumn("Question", width=50),
                XlsxColumn("School", width=36),
                XlsxColumn("Answer", width=90),
            ],
            free,
        ),
    ]
    return write_xlsx(
        Path(path),
        sheets,
        title=f"{questionnaire}: summary of {summary.returns} returns "
        f"({summary.mainstream} mainstream, {summary.special} special)",
        author=current_user(),
        comments="Exported from SEND Desktop",
    )

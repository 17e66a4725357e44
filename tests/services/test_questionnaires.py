"""Questionnaire returns: one row per school, one column per question; summary and export."""

from __future__ import annotations

import openpyxl
from db_dump import rows
from openpyxl import Workbook
from outreach_helpers import make_catalogue

from send_desktop.services import imports, questionnaires

Q_SCALE = "How confident are staff with regulation strategies? (1-5)"
Q_CHOICE = "Would you use outreach support?"
Q_FREE = "What support would help most?"


def returns(path, *extra):  # noqa: ANN001, ANN002, ANN201
    book = Workbook()
    sheet = book.active
    sheet.title = "Outreach survey 2024"
    sheet.append(["URN", "School", "Your role", Q_SCALE, Q_CHOICE, Q_FREE])
    sheet.append(["200001", "Ash Primary School", "SENCo", 2, "Yes", "Training for TAs"])
    sheet.append(["200002", "Beech Primary School", "Headteacher", 4, "Yes", None])
    sheet.append(["200003", "Chestnut Academy", "SENCo", 2, "No", "Help with transition"])
    sheet.append(["209999", "Hawthorn Special School", "Deputy head", 5, "Yes",
                  "Time to visit mainstream colleagues"])  # fmt: skip
    for row in extra:
        sheet.append(row)
    book.save(path)
    return path


def test_returns_import_one_row_per_school_with_every_question(db, tmp_path):
    make_catalogue(db)
    path = returns(tmp_path / "survey.xlsx")
    inspection = imports.inspect_file(db, path=path, kind="questionnaire")
    assert inspection.unplaced == [] and inspection.missing == []
    result = imports.run_import(db, path=path, kind="questionnaire")
    assert (result.new, result.rejected) == (4, [])
    stored = dict(rows(db, "SELECT respondent, answers FROM questionnaire_return "
                           "WHERE respondent = 'Headteacher'"))  # fmt: skip
    assert stored["Headteacher"] == f'{{"{Q_SCALE}": 4, "{Q_CHOICE}": "Yes"}}'
    assert rows(db, "SELECT DISTINCT questionnaire FROM questionnaire_return") == [
        ("Outreach survey 2024",)
    ]
    again = imports.run_import(db, path=path, kind="questionnaire")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 4)


def test_an_unknown_school_or_an_empty_row_is_refused(db, tmp_path):
    make_catalogue(db)
    path = returns(
        tmp_path / "survey.xlsx", ["299999", "Nowhere School", "SENCo", 3, "No", "x"],
        ["200004", "Dogwood Infant School", "SENCo", None, None, None],
    )  # fmt: skip
    result = imports.run_import(db, path=path, kind="questionnaire")
    assert [r.describe() for r in result.rejected] == [
        'sheet "Outreach survey 2024", row 6, column A (URN), value "299999": no setting in '
        "the register has URN 299999; import the setting first",
        'sheet "Outreach survey 2024", row 7, column A (URN), value "200004": the row answers '
        "no question",
    ]
    assert result.new == 4


def test_summary_per_question_and_its_export(db, tmp_path):
    make_catalogue(db)
    imports.run_import(db, path=returns(tmp_path / "survey.xlsx"), kind="questionnaire")
    assert questionnaires.questionnaire_names(db) == ["Outreach survey 2024"]
    summary = questionnaires.summarise(db, questionnaire="Outreach survey 2024")
    assert (summary.returns, summary.mainstream, summary.special) == (4, 3, 1)
    scale, choice, free = summary.questions
    assert (scale.question, scale.kind, scale.answered, scale.blank) == (Q_SCALE, "scale", 4, 0)
    assert scale.distribution == [("2", 2), ("4", 1), ("5", 1)] and scale.mean == 3.25
    assert (choice.kind, choice.distribution) == ("choice", [("Yes", 3), ("No", 1)])
    assert (free.kind, free.answered, free.blank) == ("free text", 3, 1)
    assert free.free_text == [
        ("Ash Primary School", "Training for TAs"),
        ("Chestnut Academy", "Help with transition"),
        ("Hawthorn Special School", "Time to visit mainstream colleagues"),
    ]
    out = questionnaires.export_summary(
        db, questionnaire="Outreach survey 2024", path=tmp_path / "summary.xlsx"
    )
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Questions", "Counts", "Free text"]
    assert list(book["Questions"].iter_rows(min_row=2, values_only=True))[0] == (
        Q_SCALE, "scale", 4, 0, 3.25,
    )  # fmt: skip
    assert (Q_CHOICE, "Yes", 3, 75) in list(book["Counts"].iter_rows(values_only=True))
    assert (Q_FREE, "Chestnut Academy", "Help with transition") in list(
        book["Free text"].iter_rows(values_only=True)
    )


def test_an_online_forms_name_and_email_are_never_taken_as_answers(db, tmp_path):
    """Microsoft Forms adds who answered (Name, Email) and when: not answers, not kept."""
    make_catalogue(db)
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "URN", Q_CHOICE])
    sheet.append([1, "2024-03-01 10:00", "2024-03-01 10:05", "pat.fictional@example.org",
                  "Pat Fictional", "200001", "Yes"])  # fmt: skip
    path = tmp_path / "forms.xlsx"
    book.save(path)
    inspection = imports.inspect_file(db, path=path, kind="questionnaire")
    assert [inspection.headers[c][1] for c in inspection.unplaced] == [
        "ID", "Start time", "Completion time", "Email", "Name"
    ]  # fmt: skip
    result = imports.run_import(db, path=path, kind="questionnaire")
    assert (result.new, result.rejected) == (1, [])
    assert rows(db, "SELECT answers FROM questionnaire_return") == [(f'{{"{Q_CHOICE}": "Yes"}}',)]
    everything = repr(rows(db, "SELECT * FROM questionnaire_return"))
    assert "Pat Fictional" not in everything and "example.org" not in everything


def test_a_remembered_mapping_never_brings_a_forms_name_back(db, tmp_path):
    """A profile remembered before personal columns were left out still cannot place them."""
    from send_desktop.storage.models import ImportProfile

    make_catalogue(db)
    with db.transaction() as s:
        s.add(ImportProfile(kind="questionnaire", signature="x" * 64, name="old.xlsx",
                            headers="[]", mapping='{"name": "name", "urn": "urn"}'))  # fmt: skip
    book = Workbook()
    sheet = book.active
    sheet.append(["Email", "Name", "URN", Q_CHOICE])
    sheet.append(["pat.fictional@example.org", "Pat Fictional", "200001", "Yes"])
    path = tmp_path / "forms.xlsx"
    book.save(path)
    inspection = imports.inspect_file(db, path=path, kind="questionnaire")
    assert "name" not in inspection.columns.values()
    assert [inspection.headers[c][1] for c in inspection.unplaced] == ["Email", "Name"]
    result = imports.run_import(db, path=path, kind="questionnaire")
    assert (result.new, result.rejected) == (1, [])
    assert "Pat Fictional" not in repr(rows(db, "SELECT * FROM questionnaire_return"))

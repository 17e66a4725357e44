"""Tools ▸ Erase the selected person… and Tools ▸ Retention review…"""

from __future__ import annotations

from datetime import date

from db_dump import rows

from send_desktop.gui.tasks import ImmediatePool
from send_desktop.storage.models import Cohort, CohortLeader, CohortMember


def test_erase_the_person_selected_on_the_people_page(window, db, seeded, messages):
    window.tasks.pool = ImmediatePool()
    window.safety.erase.trigger()
    assert messages.texts("warning") == ["Select the person to erase on the People page first."]
    window.switch_to("people")
    table = window.current_table()
    table.ensure_loaded()
    table.select_id(seeded["ada"])
    window.safety.update_actions()
    assert window.safety.erase.isEnabled()
    window.safety.erase.trigger()
    (question,) = messages.texts("question")
    assert question.startswith("Erase Ada Test?") and "cannot be undone" in question
    assert rows(db, "SELECT full_name FROM person") == [("Erased person",)]
    assert window.undo_stack.count() == 0
    assert "Erased 1 person" in window.statusBar().currentMessage()


def test_retention_review_lists_and_erases(window, db, seeded, messages):
    window.tasks.pool = ImmediatePool()
    with db.transaction() as s:
        old = Cohort(name="Cohort 2010", planned_end=date(2011, 7, 1), status="completed")
        s.add(old)
        s.flush()
        member = CohortMember(cohort_id=old.id, setting_id=seeded["abbey"])
        s.add(member)
        s.flush()
        s.add(CohortLeader(member_id=member.id, person_id=seeded["ada"]))
    window.safety.retention.trigger()
    dialog = window.safety.retention_dialog
    assert dialog.years.value() == 6 and dialog.years.accessibleName()
    assert dialog.table.topLevelItemCount() == 1
    item = dialog.table.topLevelItem(0)
    assert [item.text(c) for c in range(3)] == ["Ada Test", "Cohort 2010", "01/07/2011"]
    dialog.years.setValue(20)
    dialog.years.editingFinished.emit()
    assert dialog.empty.isVisibleTo(dialog) and not dialog.erase_button.isEnabled()
    dialog.years.setValue(6)
    dialog.years.editingFinished.emit()
    dialog.table.topLevelItem(0).setSelected(True)
    dialog.erase_button.click()
    assert rows(db, "SELECT full_name FROM person") == [("Erased person",)]
    assert dialog.table.topLevelItemCount() == 0
    assert rows(db, "SELECT value FROM app_meta WHERE key='retention_years'") == [("6",)]

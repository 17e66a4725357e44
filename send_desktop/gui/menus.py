"""The window's actions and menus. Shortcuts live here, in one table-like place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow

Key = QKeySequence.StandardKey


@dataclass
class Actions:
    open_db: QAction
    import_file: QAction
    import_history: QAction
    export: QAction
    export_protected: QAction
    print_table: QAction
    cohort_pack: QAction
    return_template: QAction
    board_report: QAction
    sync: QAction
    sync_conflicts: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    new: QAction
    edit: QAction
    delete: QAction
    find: QAction
    columns: QAction
    pages: list[QAction]
    high_contrast: QAction
    larger_text: QAction
    smaller_text: QAction
    normal_text: QAction
    shortcuts: QAction
    about: QAction
    glossary: QAction


def _action(window: QMainWindow, text: str, *shortcuts: QKeySequence | str) -> QAction:
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    window.addAction(action)  # shortcuts work even while menus are hidden
    return action


def build_menus(window: QMainWindow, undo_stack: QUndoStack, titles: list[str]) -> Actions:
    undo = undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    undo.setProperty("listedAs", "Undo")  # its text names the edit it would undo
    redo.setProperty("listedAs", "Redo")
    window.addActions([undo, redo])
    actions = Actions(
        open_db=_action(window, "&Open database…", "Ctrl+O"),
        import_file=_action(window, "&Import…", "Ctrl+I"),
        import_history=_action(window, "Import &history…", "Ctrl+Shift+I"),
        export=_action(window, "&Export…", "Ctrl+E"),
        export_protected=_action(window, "Export with pass&word…", "Ctrl+Shift+E"),
        print_table=_action(window, "&Print preview…", "Ctrl+P"),
        cohort_pack=_action(window, "&Cohort pack…"),
        return_template=_action(window, "&Return template…"),
        board_report=_action(window, "&Board report…"),
        sync=_action(window, "&Sync with shared folder…", "Ctrl+Shift+S"),
        sync_conflicts=_action(window, "Sync co&nflicts…"),
        quit=_action(window, "&Quit", "Ctrl+Q"),
        undo=undo,
        redo=redo,
        new=_action(window, "&New…", "Ctrl+N"),
        edit=_action(window, "&Edit…", "F2"),
        delete=_action(window, "&Delete…", "Del"),
        find=_action(window, "&Find", "Ctrl+F"),
        columns=_action(window, "Choose &columns…"),
        pages=[
            _action(window, f"&{n} {title}", f"Ctrl+{n}") for n, title in enumerate(titles, start=1)
        ],
        high_contrast=_action(window, "&High contrast", "Ctrl+Shift+H"),
        larger_text=_action(window, "&Larger text", "Ctrl++", "Ctrl+="),
        smaller_text=_action(window, "&Smaller text", "Ctrl+-"),
        normal_text=_action(window, "&Normal text size", "Ctrl+0"),
        shortcuts=_action(window, "&Keyboard shortcuts…", "Ctrl+/"),
        about=_action(window, "&About SEND Desktop"),
        glossary=_action(window, "&Glossary", "F1"),
    )
    for title, action in zip(titles, actions.pages, strict=True):
        action.setProperty("listedAs", f"Go to {title}")
    actions.edit.setToolTip("Edit the selected record (Enter or F2)")
    actions.export.setToolTip("Save this table as shown (filter, sort, columns) to Excel or PDF")
    actions.export_protected.setToolTip("Export this table encrypted with a password")
    actions.print_table.setToolTip(
        "Open this table as shown in your PDF viewer, to check and print"
    )
    actions.import_file.setToolTip("Import a spreadsheet (or drop the file on the window)")
    actions.sync.setToolTip("Exchange changes with the other laptops through a shared folder")
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(actions.open_db)
    file_menu.addSeparator()
    file_menu.addActions([actions.import_file, actions.import_history])
    file_menu.addSeparator()
    file_menu.addActions([actions.export, actions.export_protected, actions.print_table])
    file_menu.addSeparator()
    file_menu.addActions([actions.cohort_pack, actions.return_template, actions.board_report])
    file_menu.addSeparator()
    file_menu.addActions([actions.sync, actions.sync_conflicts])
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([undo, redo])
    edit_menu.addSeparator()
    edit_menu.addActions([actions.new, actions.edit, actions.delete])
    edit_menu.addSeparator()
    edit_menu.addAction(actions.find)
    view_menu = bar.addMenu("&View")
    view_menu.addAction(actions.columns)
    view_menu.addSeparator()
    actions.high_contrast.setCheckable(True)
    view_menu.addActions(
        [actions.high_contrast, actions.larger_text, actions.smaller_text, actions.normal_text]
    )
    view_menu.addSeparator()
    view_menu.addActions(actions.pages)
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([actions.glossary, actions.shortcuts, actions.about])
    return actions

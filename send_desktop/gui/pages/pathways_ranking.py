"""The Ranking tab of the Enhanced pathways page: a round's ranking (ties as 'tie', or
'tie → phase N' once the lead chose when inviting; suppressed counts as 'x'), what moved
since the saved ranking, and setting a round up: New round…, Edit round…, Type count…,
Invite selected…, Export ranking….

A mixin of ``PathwaysPage`` (it uses the page's ``db``, ``runner``, ``written``, ``folder``,
``bids``); services are imported when used.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

RANK_HEADERS = ("Rank", "URN", "School", "Year 7 EHCPs", "Phase", "Source", "Note")


def _source(source: str | None, as_of: date | None) -> str:
    """'LA census, 01/10/2024': where a count comes from and when it was true."""
    day = f"{as_of.day:02d}/{as_of.month:02d}/{as_of.year}" if as_of else ""
    return ", ".join(part for part in (source or "", day) if part)


class RankingTab:
    def _ranking_tab(self) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        top = QHBoxLayout()
        self.round_combo = QComboBox()
        self.round_combo.setAccessibleName("Funding round")
        self.round_combo.currentTextChanged.connect(self._show_ranking)
        round_label = QLabel("R&ound:")
        round_label.setBuddy(self.round_combo)
        top.addWidget(round_label)
        top.addWidget(self.round_combo, 1)
        self.ranking_summary = QLabel("")
        top.addWidget(self.ranking_summary)
        self.new_round_button = QPushButton("&New round…")
        self.new_round_button.setToolTip("Add a funding round: intake, grant and phase rules")
        self.new_round_button.clicked.connect(lambda: self.open_round_dialog(None))
        self.edit_round_button = QPushButton("&Edit round…")
        self.edit_round_button.clicked.connect(
            lambda: self.open_round_dialog(self.round_combo.currentText() or None)
        )
        top.addWidget(self.new_round_button)
        top.addWidget(self.edit_round_button)
        self.save_button = QPushButton("&Save ranking")
        self.save_button.setToolTip("Keep this ranking with the data it was built on")
        self.save_button.clicked.connect(self._save_ranking)
        top.addWidget(self.save_button)
        self.export_ranking_button = QPushButton("E&xport ranking…")
        self.export_ranking_button.setToolTip("Write this ranking to an Excel workbook")
        self.export_ranking_button.clicked.connect(self.export_ranking)
        top.addWidget(self.export_ranking_button)
        layout.addLayout(top)
        self.moves = QLabel("")
        self.moves.setWordWrap(True)
        self.moves.setAccessibleName("What moved since the saved ranking")
        layout.addWidget(self.moves)
        self.ranking = QTableWidget(0, len(RANK_HEADERS))
        self.ranking.setHorizontalHeaderLabels(list(RANK_HEADERS))
        self.ranking.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.ranking.verticalHeader().setVisible(False)
        self.ranking.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ranking.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.ranking.setAccessibleName("Ranking")
        self.ranking.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves
        self.ranking.itemSelectionChanged.connect(self._update_ranking_buttons)
        layout.addWidget(self.ranking)
        bottom = QHBoxLayout()
        self.invite_ranked_button = QPushButton("&Invite selected…")
        self.invite_ranked_button.setToolTip(
            "Make an invited bid for each selected school (a tie needs the phase chosen)"
        )
        self.invite_ranked_button.clicked.connect(self.invite_selected)
        self.count_button = QPushButton("&Type count…")
        self.count_button.setToolTip(
            "Type the selected school's Year 7 EHCP count (nothing selected: choose a school)"
        )
        self.count_button.clicked.connect(self.open_count_dialog)
        self.ranking_message = QLabel("Select schools (Ctrl+click for several).")
        self.ranking_message.setWordWrap(True)
        self.ranking_message.setAccessibleName("Ranking message")
        bottom.addWidget(self.invite_ranked_button)
        bottom.addWidget(self.count_button)
        bottom.addWidget(self.ranking_message, 1)
        layout.addLayout(bottom)
        self._update_ranking_buttons()
        return holder

    def _selected_ranked(self) -> list[tuple[str, str, str]]:
        """(setting id, school, phase) of the selected ranking rows."""
        rows = sorted({i.row() for i in self.ranking.selectedIndexes()})
        out = []
        for r in rows:
            first = self.ranking.item(r, 0)
            if first is not None:
                out.append(
                    (first.data(Qt.ItemDataRole.UserRole), self.ranking.item(r, 2).text(),
                     self.ranking.item(r, 4).text())
                )  # fmt: skip
        return out

    def _update_ranking_buttons(self) -> None:
        chosen = self._selected_ranked()
        self.invite_ranked_button.setEnabled(bool(chosen))
        self.count_button.setEnabled(len(chosen) <= 1 and bool(self.round_combo.currentText()))

    def open_round_dialog(self, round_name: str | None) -> None:
        from send_desktop.gui.dialogs.pathway_setup import RoundDialog

        dialog = RoundDialog(self.db, round_name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            self.load_rounds()
            self.round_combo.setCurrentText(dialog.saved_name)
            self.bids.reload()
            self.ranking_message.setText(f"Saved the round {dialog.saved_name}.")

        dialog.accepted.connect(saved)
        dialog.finished.connect(lambda _r: setattr(self, "round_dialog", None))
        self.round_dialog = dialog
        dialog.open()

    def open_count_dialog(self) -> None:
        from send_desktop.gui.dialogs.pathway_setup import IntakeCountDialog
        from send_desktop.services import pathway_rounds

        chosen = self._selected_ranked()
        round_name = self.round_combo.currentText()
        if len(chosen) > 1 or not round_name:
            return
        _id, data = pathway_rounds.round_data(self.db, name=round_name)
        if not chosen:  # a school not in the ranking yet: the lead picks it
            choices = pathway_rounds.schools_without_count(self.db, intake_year=data.intake_year)
            dialog = IntakeCountDialog(
                self.db,
                setting_id=None,
                school="a school not ranked yet",
                intake_year=data.intake_year,
                choices=choices,
                parent=self,
            )
            self._show_count_dialog(dialog, round_name)
            return
        setting_id, school, _phase = chosen[0]
        held = self.db.query(
            "SELECT count, suppressed FROM intake_count WHERE setting_id = ? AND intake_year = ?",
            (setting_id, data.intake_year),
        )
        count, suppressed = held[0] if held else (None, False)
        dialog = IntakeCountDialog(
            self.db,
            setting_id=setting_id,
            school=school,
            intake_year=data.intake_year,
            count=count,
            suppressed=bool(suppressed),
            parent=self,
        )
        self._show_count_dialog(dialog, round_name)

    def _show_count_dialog(self, dialog: QWidget, round_name: str) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._show_ranking(round_name))
        dialog.finished.connect(lambda _r: setattr(self, "count_dialog", None))
        self.count_dialog = dialog
        dialog.open()

    def invite_selected(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from send_desktop.services import pathway_rounds, pathways

        chosen = self._selected_ranked()
        round_name = self.round_combo.currentText()
        if not chosen or not round_name:
            return
        decided = [c for c in chosen if c[2] in ("1", "2")]
        open_ = [c for c in chosen if c[2] not in ("1", "2")]
        phase = None
        if open_:
            names = ", ".join(c[1] for c in open_)
            choice, ok = QInputDialog.getItem(
                self,
                "Choose the phase",
                f"{names}: tied at the cut-off or below the threshold. Invite to:",
                ["Phase 1", "Phase 2"],
                0,
                False,
            )
            if not ok:
                return
            phase = 1 if choice == "Phase 1" else 2
        try:
            made = pathway_rounds.invite(
                self.db, round_name=round_name, setting_ids=[c[0] for c in decided]
            )
            if open_:
                made += pathway_rounds.invite(
                    self.db, round_name=round_name, setting_ids=[c[0] for c in open_], phase=phase
                )
        except pathways.PathwaysError as exc:
            self.ranking_message.setText(exc.message)
            return
        already = len(chosen) - made
        more = f"; {already} had a bid already" if already else ""
        self.ranking_message.setText(
            f"Invited {made} school{'s' if made != 1 else ''}{more}. The bids are on the Bids tab."
        )
        self.bids.reload()

    def load_rounds(self) -> None:
        from send_desktop.services import pathways

        current = self.round_combo.currentText()
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        self.round_combo.addItems(pathways.round_names(self.db))
        if current:
            self.round_combo.setCurrentText(current)
        self.round_combo.blockSignals(False)
        self._show_ranking(self.round_combo.currentText())

    def _show_ranking(self, round_name: str) -> None:
        from send_desktop.services import pathways

        self.ranking.setRowCount(0)
        self.save_button.setEnabled(bool(round_name))
        self.export_ranking_button.setEnabled(bool(round_name))
        self.edit_round_button.setEnabled(bool(round_name))
        self._update_ranking_buttons()
        if not round_name:
            self.ranking_summary.setText("")
            self.moves.setText(
                "No funding rounds yet: New round… adds one. Its ranking appears here once "
                "the Year 7 EHCP intake counts are in (File → Import…, 'Year 7 EHCP intake "
                "counts', or Type count… for a school)."
            )
            return
        _, ranking = pathways.rank_round(self.db, round_name=round_name)
        chosen = pathways.chosen_phases(self.db, round_name=round_name)
        self.ranking.setRowCount(len(ranking.schools))
        for r, school in enumerate(ranking.schools):
            phase = school.phase
            if phase == "tie" and school.row.key in chosen:  # settled when it was invited
                phase = f"tie → phase {chosen[school.row.key]}"
            values = (
                school.rank_text,
                school.row.urn,
                school.row.name,
                school.count_text,
                phase,
                _source(school.row.source, school.row.as_of),
                school.note,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, school.row.key)
                self.ranking.setItem(r, c, item)
        self.ranking.resizeColumnsToContents()
        self.ranking.horizontalHeader().setStretchLastSection(True)
        self.ranking_summary.setText(ranking.summary())
        self._show_moves(round_name)

    def _show_moves(self, round_name: str) -> None:
        from send_desktop.services import pathways

        changes = pathways.ranking_changes(self.db, round_name=round_name)
        if changes is None:
            self.moves.setText("No saved ranking yet: Save ranking keeps this one to compare.")
            return
        day = changes.saved_on
        since = f"Since the ranking saved on {day.day:02d}/{day.month:02d}/{day.year}"
        if not changes.moves:
            self.moves.setText(f"{since}: nothing moved.")
            return
        lines = [f"{m.name} ({m.urn}): {m.change}" for m in changes.moves]
        self.moves.setText(f"{since}:\n" + "\n".join(lines))

    def _save_ranking(self) -> None:
        from send_desktop.services import pathways

        round_name = self.round_combo.currentText()
        if round_name:
            pathways.save_ranking(self.db, round_name=round_name)
            self._show_moves(round_name)

    def export_ranking(self) -> None:
        round_name = self.round_combo.currentText()
        if not round_name:
            self.moves.setText("There is no round to export.")
            return
        safe = "-".join("".join(c if c.isalnum() else " " for c in round_name.lower()).split())
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            f"Export the ranking of {round_name}",
            str(self.folder / f"ranking-{safe}-{date.today().isoformat()}.xlsx"),
            "Excel workbooks (*.xlsx)",
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self.folder = path.parent
        db = self.db

        def job(progress, cancel):  # noqa: ANN001, ANN202
            from send_desktop.services.exports import export_table
            from send_desktop.services.pathway_exports import ranking_table

            progress(0.0, "Ranking the schools")
            table = ranking_table(db, round_name=round_name)
            return export_table(
                table,
                path=path,
                kind="ranking",
                title="Ranking",
                progress=progress,
                cancel=cancel,
            )

        def done(written: object) -> None:
            message = f"Exported the ranking of {round_name} to {written}"
            self.moves.setText(message)
            if self.written is not None:
                self.written(Path(str(written)), message, "Open")

        self.runner.run(
            job,
            parent=self,
            title="Exporting the ranking",
            on_done=done,
            on_error=lambda err: self.moves.setText(
                f"The ranking could not be written to {path}: "
                + (getattr(err, "reason", None) or getattr(err, "message", None) or str(err))
            ),
            on_cancelled=lambda _m: self.moves.setText("Export cancelled."),
        )

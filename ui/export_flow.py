"""Export a report, an agenda or data, and import a session: dialogs, a worker, progress,
the result.

The slow part (laying out the PDF, writing files, checking an import file) runs on a worker
(ui/workers.py); reading the session and writing an import to the database stay on the GUI
thread. The last folder and paper size are remembered in QSettings.

Signals (ExportFlow):
    import_did_finish(str, str): an import was written (the session's id, and what to say
        of it); it has been broadcast.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from facilitator import planning, session_time
from facilitator.errors import FacilitatorError
from facilitator.store.database import Database
from ui import file_dialogs, ops, workers

if TYPE_CHECKING:
    from facilitator.record import SessionRecord
    from facilitator.report.team_summary import TeamReportData
    from facilitator.session_format import Bundle

EXPORTS, IMPORTS = "export", "import"  # each remembers the folder it last used
FOLDER_KEY = f"{EXPORTS}/last_folder"
PAPER_KEY = "export/paper"
FORMAT_KEY = "export/data_format"
log = logging.getLogger(__name__)
PDF_FILTERS = {"a4": "PDF on A4 paper (*.pdf)", "letter": "PDF on US Letter paper (*.pdf)"}
DATA_FILTERS = {
    "json": "Session data to import elsewhere (*.json)",
    "md": "Markdown summary for a wiki (*.md)",
    "csv": "Actions, experiments and decisions for a spreadsheet (*.csv)",
    "csv;": "The same with ; between columns, for German, French, Polish… Excel (*.csv)",
}
CSV_SEPARATOR = {"csv": ",", "csv;": ";"}  # the data filters that write a CSV, and its separator


class ExportFlow(QObject):
    """Exports and imports for the window; the slow part on a worker."""

    import_did_finish = Signal(str, str)

    def __init__(self, database: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.window = parent
        self.settings = QSettings()
        self.task: workers.ProgressTask | None = None
        self.progress: QProgressDialog | None = None

    # ------------------------------------------------------------ settings
    def last_folder(self) -> Path:
        """The folder last exported to, else Documents; never the database's folder."""
        return file_dialogs.start_folder(EXPORTS, self.database.path)

    def import_folder(self) -> Path:
        """The folder last imported from, else Documents; never the database's folder."""
        return file_dialogs.start_folder(IMPORTS, self.database.path)

    def paper(self) -> str:
        value = self.settings.value(PAPER_KEY, "a4", str)
        return value if value in PDF_FILTERS else "a4"

    def busy(self) -> bool:
        return self.task is not None

    # ------------------------------------------------------------ report
    def export_report(self, session_id: str) -> None:
        """Ask where, then build the session's PDF off the GUI thread."""
        from facilitator.report import default_file_name, session_data

        if self.busy():
            return
        try:
            data = session_data(self.database, session_id)
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot export the report", exc)
            return
        s = data.record.session
        name = default_file_name(s.title, session_time.session_day_text(s))
        chosen = self._ask_for_pdf("Export report", name)
        if chosen is not None:
            self.write_report(data, *chosen)

    def write_report(self, data: object, target: Path, paper: str) -> None:
        """Build and write the PDF on a worker; offer to open it when done."""
        from facilitator.report import render_session

        self._write_pdf(
            target,
            lambda fh, progress: render_session(data, fh, paper=paper, progress=progress),  # type: ignore[arg-type]
            ("Cannot export the report", "Exporting the report…", "The report is ready"),
        )

    # ------------------------------------------------------------ agenda
    def export_agenda(self, session_id: str | None) -> None:
        """File → Print agenda…: ask where, then lay out the session's agenda sheet (a PDF
        to print or hand out) off the GUI thread."""
        from facilitator import record
        from facilitator.report import default_file_name

        if self.busy():
            return
        if not session_id:
            ops.show_error(self.window, "Print agenda", "Select a session first.")
            return
        try:
            rec = record.load(self.database, session_id)
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot print the agenda", exc)
            return
        s = rec.session
        name = default_file_name(s.title, s.planned_date, " agenda.pdf")
        chosen = self._ask_for_pdf("Print agenda", name)
        if chosen is not None:
            self.write_agenda(rec, *chosen)

    def write_agenda(self, rec: SessionRecord, target: Path, paper: str) -> None:
        """Lay out and write the agenda sheet on a worker; offer to open it when done."""
        from facilitator.report.agenda_sheet import render_agenda

        self._write_pdf(
            target,
            lambda fh, progress: render_agenda(rec, fh, paper=paper, progress=progress),
            ("Cannot print the agenda", "Laying out the agenda…", "The agenda is ready"),
        )

    # ------------------------------------------------------------ team report
    def export_team_report(self, team_id: str, today: date | None = None) -> None:
        """Ask for the period and where, then build the team's PDF off the GUI thread."""
        from facilitator.clock import SystemClock
        from facilitator.report import default_file_name, team_data
        from facilitator.report.team_summary import day_of, narrowed
        from ui.team_report_dialog import TeamReportDialog

        if self.busy():
            return
        day = today or SystemClock().now().astimezone().date()
        try:
            data = team_data(self.database, team_id)
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot export the team report", exc)
            return
        days = [d for d in (day_of(r) for r in data.records) if d]
        span = (days[0], days[-1]) if days else None
        dialog = TeamReportDialog(data.team.name, span, day, self.window)
        if dialog.exec() != TeamReportDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        try:
            data = narrowed(data, choice.start, choice.end, every=choice.every)
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot export the team report", exc)
            return
        name = default_file_name(f"{data.team.name} team report", day.isoformat())
        chosen = self._ask_for_pdf("Export team report", name)
        if chosen is not None:
            self.write_team_report(data, *chosen, day)

    def write_team_report(
        self, data: TeamReportData, target: Path, paper: str, today: date
    ) -> None:
        """Build and write the team's PDF on a worker; offer to open it when done."""
        from facilitator.report import render_team

        self._write_pdf(
            target,
            lambda fh, progress: render_team(data, fh, paper=paper, today=today, progress=progress),
            (
                "Cannot export the team report",
                "Exporting the team report…",
                "The report is ready",
            ),
        )

    # ------------------------------------------------------------ PDFs
    def _ask_for_pdf(self, title: str, name: str) -> tuple[Path, str] | None:
        """The save dialog for a PDF (the paper chosen by its file type); the file and the
        paper, both remembered for next time, or None when cancelled."""
        path, selected = file_dialogs.get_save_file_name(
            self.window,
            title,
            str(self.last_folder() / name),
            ";;".join(PDF_FILTERS.values()),
            PDF_FILTERS[self.paper()],
        )
        if not path:
            return None
        paper = next((k for k, v in PDF_FILTERS.items() if v == selected), self.paper())
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
        file_dialogs.remember_folder(EXPORTS, target.parent)
        self.settings.setValue(PAPER_KEY, paper)
        return target, paper

    def _write_pdf(
        self,
        target: Path,
        render: Callable[[BinaryIO, Callable[[int, str], None]], None],
        words: tuple[str, str, str],
    ) -> None:
        """Lay out ``render(file, progress)`` into ``target`` on a worker, written whole or
        not at all; ``words``: the refusal's title, the progress text, the done title."""
        from facilitator.outfile import check_target, write_atomically

        refused, working, ready = words
        try:
            check_target(target, protected=self.database.path)
        except FacilitatorError as exc:
            ops.show_error(self.window, refused, exc)
            return

        def job(progress):  # noqa: ANN001, ANN202 - runs on the worker
            return write_atomically(
                target, lambda fh: render(fh, progress), protected=self.database.path
            )

        self._run(job, working, lambda path: self._offer_to_open(Path(str(path)), ready))

    # ------------------------------------------------------------ data
    def export_data(self, session_id: str) -> None:
        """JSON, Markdown or CSV: the format follows the chosen file type."""
        from facilitator import interchange
        from facilitator.report import default_file_name

        if self.busy():
            return
        try:
            s = planning.get_session(self.database, session_id)
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot export", exc)
            return
        fmt = self.settings.value(FORMAT_KEY, "json", str)
        fmt = fmt if fmt in DATA_FILTERS else "json"
        suffix = ".csv" if fmt in CSV_SEPARATOR else f".{fmt}"
        name = default_file_name(s.title, session_time.session_day_text(s), suffix)
        path, selected = file_dialogs.get_save_file_name(
            self.window,
            "Export data",
            str(self.last_folder() / name),
            ";;".join(DATA_FILTERS.values()),
            DATA_FILTERS[fmt],
        )
        if not path:
            return
        choice = next((k for k, v in DATA_FILTERS.items() if v == selected), fmt)
        fmt = "csv" if choice in CSV_SEPARATOR else choice
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_name(target.name + f".{fmt}")
        file_dialogs.remember_folder(EXPORTS, target.parent)
        self.settings.setValue(FORMAT_KEY, choice)
        try:
            text = interchange.export_text(
                self.database, session_id, fmt, csv_sep=CSV_SEPARATOR.get(choice, ",")
            )
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot export", exc)
            return
        self.write_data(text, fmt, target)

    def write_data(self, text: str, fmt: str, target: Path) -> None:
        from facilitator.outfile import check_target, write_atomically

        try:
            check_target(target, protected=self.database.path)
        except FacilitatorError as exc:
            ops.show_error(self.window, "Cannot export", exc)
            return
        data = text.encode("utf-8-sig" if fmt == "csv" else "utf-8")

        def write(fh: BinaryIO) -> None:
            fh.write(data)

        def job(progress):  # noqa: ANN001, ANN202 - runs on the worker
            progress(50, "Writing")
            return write_atomically(target, write, protected=self.database.path)

        self._run(job, "Exporting…", self._on_task_data_written)

    def _on_task_data_written(self, path: object) -> None:
        self._offer_to_open(Path(str(path)), "The export is ready")

    # ------------------------------------------------------------ import
    def import_session(self) -> None:
        """Pick a JSON export; check it off the GUI thread, then write it in one step."""
        if self.busy():
            return
        path, _ = file_dialogs.get_open_file_name(
            self.window,
            "Import a session",
            str(self.import_folder()),
            "Facilitator session exports (*.json);;All files (*)",
        )
        if not path:
            return
        file_dialogs.remember_folder(IMPORTS, Path(path).parent)
        self.check_import(Path(path))

    def check_import(self, path: Path) -> None:
        from facilitator import interchange

        def job(progress):  # noqa: ANN001, ANN202 - runs on the worker; no database here
            progress(30, "Reading the file")
            bundle = interchange.check_bytes(interchange.read_file(path), path.name)
            return path, bundle

        self._run(job, "Checking the file…", self._on_task_import_checked)

    def _on_task_import_checked(self, result: object) -> None:
        from facilitator import interchange

        path, bundle = cast("tuple[Path, Bundle]", result)
        done = ops.run_op(
            self.window,
            "Cannot import",
            lambda: interchange.import_session(self.database, bundle, path.name),
        )
        if done is not None:
            self.import_did_finish.emit(done.value.session_id, done.value.message)

    # ------------------------------------------------------------ running a task
    def _run(self, job, label: str, on_done) -> None:  # noqa: ANN001
        self.progress = QProgressDialog(label, "", 0, 100, self.window)
        self.progress.setWindowTitle("Facilitator")
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setValue(0)

        def done(result: object) -> None:
            self._on_task_finished()
            on_done(result)

        self.task = workers.run_progress_task(
            job, on_progress=self._on_task_progress, on_done=done, on_failed=self._on_task_failed
        )

    def _on_task_progress(self, percent: int, text: str) -> None:
        if self.progress is not None:
            self.progress.setLabelText(text)
            self.progress.setValue(percent)

    def _on_task_finished(self, _result: object = None) -> None:
        self.task = None
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _on_task_failed(self, error: BaseException) -> None:
        self._on_task_finished()
        if isinstance(error, FacilitatorError):
            message = str(error)
        else:  # a bug: say so plainly and keep its trace in the log
            log.error("Export or import failed", exc_info=error)
            message = f"Unexpected error: {type(error).__name__}: {error}"
        ops.show_error(self.window, "Nothing was written", message)

    def _offer_to_open(self, path: Path, title: str) -> None:
        answer = QMessageBox.question(
            self.window,
            title,
            f"Saved {path.name} in {path.parent}.\n\nOpen it now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

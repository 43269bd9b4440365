"""The team folder's syncs while the app runs: at start, when a session ends, when the app
comes back to the front (at most once a minute) and on demand (File → Sync now).

One sync of a linked team is ``team_folder.sync_team`` in pieces, so the window never
waits on a slow or sleeping folder: the folder is read on a worker (``read_folder``: files
only), what is new there is taken in on the GUI thread (``take_in``, one transaction, its
changes broadcast so every screen reloads), this laptop's files are laid out there too
(``documents``) and written on a worker (``write_documents``), then remembered
(``mark_published``). Teams are synced one after the other.

While a session runs on the run screen nothing is taken in or written: the sync waits and
happens as soon as the run ends. A folder that is not there (a stick unplugged, the sync
app not running) or cannot be written is one calm line on the home screen and in the
status bar, never a message box; nothing is changed and the next sync catches up.

Sync now (F9) always answers where the facilitator looks: on the run screen, whose room
layout hides the status bar, what it did or why it waits is the run screen's notice for a
while (``RunScreen.show_notice``), never a dialog in front of the room.

Signals (SyncFlow):
    status_did_change(): the home screen's lines changed (``status_lines()``).
    sync_did_finish(str, str): a team's sync ended (the team's id, its line).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from facilitator import roster, team_folder_status
from facilitator.clock import Clock, SystemClock
from facilitator.errors import FacilitatorError
from facilitator.opening import Integrity
from facilitator.store.database import Database
from ui import ops, workers

if TYPE_CHECKING:
    from facilitator.team_folder import SyncResult

log = logging.getLogger(__name__)

FOCUS_GAP_S = 60.0  # coming back to the app syncs again only after this long
CHECK_AGAIN_MS = 250  # while the database's integrity check runs, syncs wait this long

SYNCED, MISSING, PROBLEM, WAITING, SYNCING = "synced", "missing", "problem", "waiting", "syncing"


def missing_line(team: str, where: str = "(File → Team folder…)") -> str:
    """A folder that is not there, said calmly; ``where``: how to link its new place, as
    seen from where the line is shown."""
    return (
        f"{team}: team folder not found — plug in the stick or start your sync app; if it "
        f"moved, link its new place {where}. Nothing is lost."
    )


def took_in(result: Any) -> str:
    """What a sync brought from other laptops, said after its line: " — 1 session added,
    2 updated"; nothing when it brought nothing."""
    parts = []
    if result.added:
        n = len(result.added)
        parts.append(f"{n} session{'' if n == 1 else 's'} added")
    if result.updated:
        parts.append(f"{len(result.updated)} updated")
    if result.team_added or result.team_updated:
        parts.append("the team's roster or plans changed")
    return f" — {', '.join(parts)}" if parts else ""


def waiting_line(team: str, *, missing: bool = False) -> str:
    """Why a sync asked for during a session has not happened yet."""
    line = f"{team}: the sync waits until the session ends."
    if missing:
        line += (
            " Its team folder was not found last time: plug in the stick or start your sync app."
        )
    return line


def clock_text(moment: datetime, today: datetime) -> str:
    """10:42 today, else 2 Mar 10:42 (in this computer's time zone)."""
    here, now = moment.astimezone(), today.astimezone()
    if here.date() == now.date():
        return here.strftime("%H:%M")
    return f"{here.day} {here.strftime('%b %H:%M')}"


@dataclass
class TeamStatus:
    """What the last sync of one team in this run of the app said."""

    state: str
    line: str
    result: SyncResult | None = None


@dataclass
class _Job:
    team_id: str
    name: str
    folder: Path
    own_id: str
    result: SyncResult | None = None


class SyncFlow(QObject):
    """Syncs the open database's linked teams with their folders; the slow part on workers."""

    status_did_change = Signal()
    sync_did_finish = Signal(str, str)

    def __init__(
        self,
        database: Database,
        *,
        clock: Clock | None = None,
        is_running: Callable[[], bool] = lambda: False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.clock: Clock = clock or SystemClock()
        self.is_running = is_running  # a session runs on the run screen: wait for its end
        self.statuses: dict[str, TeamStatus] = {}
        self._queue: list[str] = []
        self._job: _Job | None = None
        self._waiting = False  # a sync was asked for during a run
        self._asked: set[str] = set()  # teams Sync now asked for: their line is said
        self._last_started: float | None = None
        self.task: workers.Task | None = None
        self._window: QWidget | None = None  # the window whose first paint starts it
        self.started = False  # the start's sync has been asked for
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._on_application_state_changed)

    # ------------------------------------------------------------ what there is
    @property
    def can_sync(self) -> bool:
        """Taking in writes to the database: not on a read-only one."""
        return not self.database.read_only

    def linked_teams(self) -> list[tuple[str, str, Path]]:
        """(team id, name, folder) of every team linked to a folder, in the roster's order."""
        out = []
        try:
            for team in roster.list_teams(self.database):
                folder = team_folder_status.folder_for(self.database, team.id)
                if folder is not None:
                    out.append((team.id, team.name, folder))
        except (FacilitatorError, sqlite3.ProgrammingError) as exc:
            # A read for a status line: logged, not raised; a window whose database was
            # closed before its first paint (a script, a test) has no team folders.
            log.info("Could not list the team folders: %s", exc)
        return out

    def busy(self) -> bool:
        return self._job is not None

    def status_lines(self) -> list[str]:
        """One calm line per linked team, for the home screen."""
        lines = []
        for team_id, name, folder in self.linked_teams():
            status = self.statuses.get(team_id)
            lines.append(status.line if status else self._stored_line(team_id, name, folder))
            note = self._conflicts_note(team_id)
            if note:
                lines.append(f"{name}: {note}")
        return lines

    def _stored_line(self, team_id: str, name: str, folder: Path) -> str:
        stamp = team_folder_status.last_sync(self.database, team_id)
        if not stamp:
            return f"{name}: shared through the team folder {folder.name}; not synced yet."
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            return f"{name}: shared through the team folder {folder.name}."
        return f"{name}: last synced {clock_text(moment, self.clock.now())} with {folder.name}"

    def _conflicts_note(self, team_id: str) -> str:
        try:
            n = team_folder_status.conflict_count(self.database, team_id)
        except FacilitatorError:
            return ""
        if not n:
            return ""
        items = "1 item" if n == 1 else f"{n} items"
        return f"{items} changed on two laptops to look at (File → Team folder…)."

    # ------------------------------------------------------------ when
    def start_after_paint(self, window: QWidget) -> None:
        """At start: ``start`` once ``window`` has painted (the first paint never waits)."""
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and watched is self._window:
            watched.removeEventFilter(self)
            self._window = None
            QTimer.singleShot(0, self, self.start)  # once this paint is done
        return False

    def start(self) -> None:
        """The lines as the last syncs left them, then a sync of every linked team."""
        self.started = True
        self.status_did_change.emit()
        self.sync_all()

    def sync_now(self) -> bool:
        """On demand: every linked team; False (and a line saying so) when none is linked.
        While a session runs, the run screen says the sync waits for its end."""
        linked = self.linked_teams()
        if not linked:
            line = "No team is shared through a team folder yet: File → Team folder… links one."
            self.sync_did_finish.emit("", line)
            self._tell(line)
            return False
        missing = {t for t, status in self.statuses.items() if status.state == MISSING}
        self._asked.update(team_id for team_id, _name, _folder in linked)
        self.sync_all()
        if self.waiting:
            self._asked.clear()  # what it did once the session ends is for the home screen
            self._tell(
                " ".join(
                    waiting_line(name, missing=team_id in missing)
                    for team_id, name, _folder in linked
                    if team_id in self._queue
                )
            )
        return True

    def _tell(self, line: str) -> None:
        """Said on the run screen while it shows (its room layout hides the status bar)."""
        from ui.screens.run.screen import RunScreen  # the window's, built when first run

        window = self.parent()
        if not line or not isinstance(window, QWidget):
            return
        for screen in window.findChildren(RunScreen):
            if screen.isVisible():
                screen.show_notice(line)

    def session_did_end(self, _session_id: str = "") -> None:
        """A session just ended: what it holds goes to the folder, what waited is taken in."""
        self.sync_all()

    def sync_all(self) -> None:
        """Sync every linked team, one after the other (a team already queued is not
        queued twice)."""
        if not self.can_sync:
            return
        for team_id, _name, _folder in self.linked_teams():
            self.sync_team(team_id)

    def sync_team(self, team_id: str) -> None:
        if not self.can_sync:
            return
        if team_id not in self._queue and (self._job is None or self._job.team_id != team_id):
            self._queue.append(team_id)
        self._next()

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive or self._gone():
            return  # a window closed (its database with it) is not synced
        last = self._last_started
        if last is not None and self.clock.monotonic() - last < FOCUS_GAP_S:
            return
        self.sync_all()

    # ------------------------------------------------------------ one team, in pieces
    def _checked(self) -> bool:
        """Writes wait for the open's integrity check (run after the first paint): until
        it is done, look again in a moment rather than hold the window."""
        if self.database.integrity is not Integrity.UNCHECKED:
            return True
        QTimer.singleShot(CHECK_AGAIN_MS, self, self._next)
        return False

    def _next(self) -> None:
        if self._job is not None or not self._queue:
            return
        if not self._checked():
            return
        if self.is_running():
            self._wait()
            return
        team_id = self._queue.pop(0)
        from facilitator import team_folder  # the sync itself: loaded with the first one
        from facilitator.team_folder_files import read_folder

        try:
            folder = team_folder.folder_for(self.database, team_id)
            name = self._team_name(team_id)
            own = team_folder.laptop_id(self.database)
        except FacilitatorError as exc:
            log.info("Could not start a sync: %s", exc)
            self._next()
            return
        if folder is None:  # unlinked meanwhile
            self.statuses.pop(team_id, None)
            self._next()
            return
        self._last_started = self.clock.monotonic()
        self._job = job = _Job(team_id, name, folder, own)
        self._set(team_id, TeamStatus(SYNCING, f"{name}: syncing with {folder.name}…"))
        self.task = workers.run_task(
            read_folder,
            folder,
            own,
            on_done=lambda contents: self._on_read(job, contents),
            on_failed=lambda error: self._on_read_failed(job, error),
        )

    def _wait(self) -> None:
        """A session is running: nothing is read or written until it ends."""
        self._waiting = True
        for team_id in self._queue:
            self._set(team_id, TeamStatus(WAITING, waiting_line(self._team_name(team_id))))

    @property
    def waiting(self) -> bool:
        """Whether a sync waits for the session on the run screen to end."""
        return self._waiting and bool(self._queue)

    def _team_name(self, team_id: str) -> str:
        try:
            return roster.get_team(self.database, team_id).name
        except FacilitatorError:
            return "The team"

    def _gone(self) -> bool:
        """The window was closed while the folder was read or written: its database is
        closed too, so what came back is dropped (the folder's files are whole anyway)."""
        window = self.parent()
        return isinstance(window, QWidget) and not window.isVisible()

    def _on_read(self, job: _Job, contents: Any) -> None:
        if self._gone():
            self._job = None
            return
        if self.is_running():  # a run began while the folder was read: take it in after
            self._job = None
            self._queue.insert(0, job.team_id)
            self._wait()
            return
        self._waiting = False
        now = self.clock.now()
        from facilitator import team_folder

        try:
            done = team_folder.take_in(self.database, job.team_id, contents, now=now)
            ops.broadcast(done.changes)
            job.result = done.value
            publication = team_folder.documents(
                self.database, job.team_id, now=now, written=done.value.written
            )
        except FacilitatorError as exc:
            self._finish(job, TeamStatus(PROBLEM, f"{job.name}: could not sync ({exc})."))
            return
        self.task = workers.run_task(
            team_folder.write_documents,
            job.folder,
            job.own_id,
            publication.docs,
            on_done=lambda written: self._on_written(job, publication, written),
            on_failed=lambda error: self._on_write_failed(job, error),
        )

    def _on_read_failed(self, job: _Job, error: BaseException) -> None:
        from facilitator.team_folder import SyncResult
        from facilitator.team_folder_files import FolderMissing

        if isinstance(error, FolderMissing):
            result = SyncResult(str(job.folder), missing=True)
            self._finish(job, TeamStatus(MISSING, missing_line(job.name), result))
        else:
            log.warning("Reading the team folder %s failed", job.folder, exc_info=error)
            self._finish(job, TeamStatus(PROBLEM, self._unexpected(job, error)))

    def _on_written(self, job: _Job, publication: Any, written: object) -> None:
        if self._gone():
            self._job = None
            return
        result = job.result
        assert result is not None
        result.published = int(written) if isinstance(written, int) else 0
        from facilitator import team_folder

        try:
            team_folder.mark_published(self.database, job.team_id, publication)
        except FacilitatorError as exc:  # remembered at the next sync
            log.info("Could not remember what was published: %s", exc)
        at = clock_text(self.clock.now(), self.clock.now())
        self._finish(
            job,
            TeamStatus(
                SYNCED, f"{job.name}: synced {at} with {job.folder.name}{took_in(result)}", result
            ),
        )

    def _on_write_failed(self, job: _Job, error: BaseException) -> None:
        from facilitator import team_folder
        from facilitator.team_folder_files import is_folder

        result = job.result
        assert result is not None
        if not isinstance(error, OSError):
            log.warning("Writing the team folder %s failed", job.folder, exc_info=error)
            self._finish(job, TeamStatus(PROBLEM, self._unexpected(job, error), result))
        elif not is_folder(job.folder):
            result.problem = team_folder.missing_message(str(job.folder))
            self._finish(job, TeamStatus(MISSING, missing_line(job.name), result))
        else:
            result.problem = (
                f"This laptop's files could not be written to {job.folder} "
                f"({error.strerror or error}); they will be written at the next sync."
            )
            self._finish(job, TeamStatus(PROBLEM, f"{job.name}: {result.problem}", result))

    @staticmethod
    def _unexpected(job: _Job, error: BaseException) -> str:
        return (
            f"{job.name}: the team folder could not be synced ({type(error).__name__}: "
            f"{error}); nothing is lost, the next sync tries again."
        )

    def _finish(self, job: _Job, status: TeamStatus) -> None:
        self._job = None
        self.task = None
        self._set(job.team_id, status)
        line = status.line
        if status.result is not None and status.result.conflicts:  # the status bar says it too
            line += f". {self._conflicts_note(job.team_id)}"
        self.sync_did_finish.emit(job.team_id, line)
        if job.team_id in self._asked:
            self._asked.discard(job.team_id)
            self._tell(line)
        self._next()

    def _set(self, team_id: str, status: TeamStatus) -> None:
        self.statuses[team_id] = status
        self.status_did_change.emit()

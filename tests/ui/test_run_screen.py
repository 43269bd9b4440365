"""The run screen driven by keyboard and mouse, with a fake clock; the projector mirrors it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel

from facilitator import planning
from facilitator.changes import Changes, Topic
from facilitator.clock import FakeClock
from facilitator.model import (
    AttendanceStatus,
    PhaseMode,
    RoleAssignment,
    SessionStatus,
    TimerEventKind,
)
from facilitator.store import assignments, runs, sessions, teams
from facilitator.timer import TimerState
from tests.facilitator.run_fixtures import make_session
from ui import ops
from ui.screens.run import RunScreen
from ui.screens.run.keys import RUN_KEYS, help_rows, projector_action
from ui.screens.session_roles import SessionRolesDialog
from ui.sound import CuePlayer

RR, OPEN = PhaseMode.ROUND_ROBIN, PhaseMode.OPEN


def _screen(qtbot, database, durations=(180, 240, 120), modes=(RR, OPEN, RR), present=3, **kwargs):
    session_id, people = make_session(
        database, list(durations), modes=list(modes), present=present, per_speaker=60
    )
    clock = FakeClock()
    kwargs.setdefault("player", CuePlayer(enabled=False))
    screen = RunScreen(database, session_id, clock=clock, **kwargs)
    qtbot.addWidget(screen)
    screen.resize(1366, 720)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setFocus()
    return screen, clock, session_id, people


def _wait(screen: RunScreen, clock: FakeClock, seconds: int) -> None:
    """Time passes with the screen repainting every second (the QTimer's job)."""
    for _ in range(seconds):
        clock.advance(1)
        screen.refresh()


def _key(qtbot, screen, key, text="") -> None:
    qtbot.keyClick(screen.focusWidget() or screen, key)


def test_a_whole_session_by_keyboard(qtbot, fresh_db) -> None:
    screen, clock, session_id, people = _screen(qtbot, fresh_db)
    phases = sessions.list_phases(fresh_db, session_id)
    changes: list[str] = []
    screen.phase_did_change.connect(changes.append)
    assert screen.time.text() == "3:00"
    assert "Ready" in screen.state_badge.text()

    _key(qtbot, screen, Qt.Key.Key_Space)  # start
    assert screen.run.timer.state is TimerState.RUNNING
    assert sessions.get_session(fresh_db, session_id).status is SessionStatus.RUNNING
    assert screen.last_view.speaker.id == people[0]
    _wait(screen, clock, 50)
    assert screen.time.text() == "2:10"
    _key(qtbot, screen, Qt.Key.Key_S)  # next speaker
    assert screen.last_view.speaker.id == people[1]
    assert "Amara" not in screen.speakers.not_heard.text()
    _key(qtbot, screen, Qt.Key.Key_Plus)  # +1 min
    assert screen.time.text() == "3:10"
    _key(qtbot, screen, Qt.Key.Key_Minus)  # -1 min
    assert screen.time.text() == "2:10"
    _key(qtbot, screen, Qt.Key.Key_Space)  # pause
    assert "Paused" in screen.state_badge.text()
    _wait(screen, clock, 30)
    assert screen.time.text() == "2:10"
    _key(qtbot, screen, Qt.Key.Key_Space)  # resume
    _key(qtbot, screen, Qt.Key.Key_N)  # Chen has not spoken: named, and the phase stays
    assert screen.title.text() == "Phase 1" and changes == []
    assert "Not heard yet: Chen. Press N again to move on." in screen.notice.text()
    _key(qtbot, screen, Qt.Key.Key_N)  # open discussion
    assert screen.title.text() == "Phase 2" and changes == [phases[1].id]
    qtbot.mouseClick(screen.speakers.buttons[people[2]], Qt.MouseButton.LeftButton)
    _wait(screen, clock, 20)
    assert screen.last_view.speaker.id == people[2]
    _key(qtbot, screen, Qt.Key.Key_B)  # back
    assert screen.title.text() == "Phase 1" and screen.time.text() == "2:10"
    for _ in range(3):  # back in Phase 1 Chen has the floor; Phase 2 names who it has not heard
        _key(qtbot, screen, Qt.Key.Key_N)
    assert screen.title.text() == "Phase 3"
    _wait(screen, clock, 125)
    assert screen.time.text() == "+0:05" and "Over time" in screen.state_badge.text()

    ended: list[str] = []
    screen.session_did_end.connect(ended.append)
    _key(qtbot, screen, Qt.Key.Key_N)  # the voices not yet heard first
    assert not screen.end_bar.isVisible()
    _key(qtbot, screen, Qt.Key.Key_N)  # N on the last phase asks
    assert screen.end_bar.isVisible()
    assert screen.focusWidget() is screen.end_confirm
    qtbot.keyClick(screen.end_confirm, Qt.Key.Key_Return)
    assert ended == [session_id]
    assert "finished" in screen.state_badge.text().lower()
    assert screen.plan.text() == "Session finished"  # no stale ahead/behind
    assert "Finished" in screen.start_button.text()
    assert sessions.get_session(fresh_db, session_id).status is SessionStatus.FINISHED
    kinds = [e.kind for e in runs.timer_events(fresh_db, session_id)]
    assert kinds[0] is TimerEventKind.START and kinds[-1] is TimerEventKind.END
    assert TimerEventKind.EXTEND in kinds and TimerEventKind.BACK in kinds
    stored = sessions.list_phases(fresh_db, session_id)
    assert all(p.started_at and p.ended_at for p in stored)
    assert len(runs.turns_for_session(fresh_db, session_id)) >= 3
    assert not screen.start_button.isEnabled()


def test_the_projector_mirrors_the_timer(qtbot, fresh_db) -> None:
    screen, clock, _, people = _screen(qtbot, fresh_db)
    presenter = screen.open_projector()
    qtbot.addWidget(presenter)
    presenter.resize(1280, 720)
    screen.toggle()
    _wait(screen, clock, 42)
    assert presenter.time.text() == screen.time.text() == "2:18"
    assert presenter.title.text() == "Phase 1"
    assert "Running" in presenter.state.text()
    assert "Speaking: Amara" in presenter.speaker.text()
    screen.toggle()
    assert "Paused" in presenter.state.text()
    assert "dashed" in presenter.time_frame.styleSheet()
    screen.toggle()
    _wait(screen, clock, 140)
    assert presenter.time.text() == "+0:02"
    assert "Over time" in presenter.state.text()
    assert "solid" in presenter.time_frame.styleSheet()
    assert presenter.notice.isVisible() and "Time is up" in presenter.notice.text()
    # Esc in the projector window closes it; with this one screen P brings the room layout.
    presenter.activateWindow()
    qtbot.waitUntil(presenter.isActiveWindow)
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    assert screen.presenter is None
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setFocus()
    _key(qtbot, screen, Qt.Key.Key_P)
    assert screen.presenter is None and screen.room_view.isVisible()
    assert screen.room_view.display.time.text() == screen.time.text()
    _key(qtbot, screen, Qt.Key.Key_P)
    assert not screen.room_view.isVisible()


def test_keys_pressed_on_the_projector_reach_the_run(qtbot, fresh_db) -> None:
    screen, clock, _, _ = _screen(qtbot, fresh_db)
    presenter = screen.open_projector()
    presenter.activateWindow()
    qtbot.waitUntil(presenter.isActiveWindow)
    qtbot.keyClick(presenter, Qt.Key.Key_Space)
    assert screen.run.timer.state is TimerState.RUNNING
    screen.close_projector()


class _SpeakerPlayer(CuePlayer):
    """A player on a computer with a speaker (it records the chimes and plays none)."""

    @property
    def available(self) -> bool:
        return True


def test_cues_sound_once_and_mute_is_remembered(qtbot, fresh_db) -> None:
    screen, clock, _, _ = _screen(
        qtbot, fresh_db, durations=(90, 60), modes=(OPEN, OPEN), player=_SpeakerPlayer()
    )
    screen.toggle()
    _wait(screen, clock, 35)
    assert screen.player.played == ["warning"]
    assert "left in Phase 1" in screen.notice.text() and screen.notice.isVisible()
    _key(qtbot, screen, Qt.Key.Key_M)
    assert screen.player.muted and screen.mute_button.text().startswith("Sound off")
    assert runs.timer_preferences(fresh_db)["timer.sound_muted"] == "1"
    _wait(screen, clock, 60)
    assert screen.player.played == ["warning"]  # time up came while muted
    assert "Time is up" in screen.notice.text()


def test_speaker_change_plays_the_speaker_chime(qtbot, fresh_db) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db)
    screen.toggle()
    screen.next_speaker()
    assert screen.player.played.count("speaker") == 2


def test_a_sleep_gap_asks_and_pausing_uses_the_moment_it_slept(qtbot, fresh_db) -> None:
    screen, clock, session_id, _ = _screen(qtbot, fresh_db)
    screen.toggle()
    _wait(screen, clock, 20)
    clock.advance(600)  # the lid was closed
    screen.refresh()
    assert screen.gap_bar.isVisible()
    assert "not updated for 10:00" in screen.gap_bar.text.text()
    qtbot.mouseClick(screen.gap_pause, Qt.MouseButton.LeftButton)
    assert not screen.gap_bar.isVisible()
    assert screen.run.timer.state is TimerState.PAUSED
    assert screen.time.text() == "2:40"
    assert runs.timer_events(fresh_db, session_id)[-1].kind is TimerEventKind.SLEEP


def test_going_on_after_a_gap_keeps_counting(qtbot, fresh_db) -> None:
    screen, clock, _, _ = _screen(qtbot, fresh_db)
    screen.toggle()
    clock.advance(60)
    screen.refresh()
    qtbot.mouseClick(screen.gap_go_on, Qt.MouseButton.LeftButton)
    assert screen.time.text() == "2:00" and screen.run.timer.is_running


def test_starting_with_nobody_present_says_so(qtbot, fresh_db) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db, present=0)
    _key(qtbot, screen, Qt.Key.Key_Space)
    assert screen.error_bar.isVisible()
    assert "Nobody is marked present" in screen.error_bar.text.text()
    assert screen.run.timer.state is TimerState.NOT_STARTED


def test_help_overlay_opens_with_question_mark_and_f1(qtbot, fresh_db) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db)
    _key(qtbot, screen, Qt.Key.Key_Question)
    assert screen.help_overlay.isVisible()
    qtbot.keyClick(screen.help_overlay, Qt.Key.Key_Escape)
    assert not screen.help_overlay.isVisible()
    qtbot.keyClick(screen, Qt.Key.Key_F1)
    assert screen.help_overlay.isVisible()
    screen.help_overlay.close_overlay()


def test_every_button_has_an_accessible_name(qtbot, fresh_db) -> None:
    from PySide6.QtWidgets import QAbstractButton

    screen, _, _, _ = _screen(qtbot, fresh_db)
    unnamed = [
        b.text()
        for b in screen.findChildren(QAbstractButton)
        if b.isVisibleTo(screen) and not (b.accessibleName() or b.text())
    ]
    assert unnamed == []
    assert screen.extend_button.accessibleName() == "Extend by one minute"


def test_a_side_panel_takes_the_agenda_place(qtbot, fresh_db) -> None:
    panel = QLabel("Capture goes here")
    screen, _, _, _ = _screen(qtbot, fresh_db, side_panel=panel)
    assert screen.agenda is None
    assert panel.isVisible() and screen.splitter.indexOf(panel) == 1


def test_timer_settings_are_stored_and_used(qtbot, fresh_db) -> None:
    from facilitator.timer import TimerSettings

    screen, clock, _, _ = _screen(qtbot, fresh_db, durations=(600, 60), modes=(OPEN, OPEN))
    screen.apply_settings(TimerSettings(warnings_s=(300,), break_after_s=3600, gap_s=20))
    assert runs.timer_preferences(fresh_db)["timer.warnings_s"] == "300"
    screen.toggle()
    clock.advance(15)  # under the new 20-second gap
    screen.refresh()
    assert not screen.gap_bar.isVisible()
    _wait(screen, clock, 290)
    assert screen.player.played == ["warning"]


def test_the_timer_settings_write_minutes_as_people_do(qtbot) -> None:
    from facilitator.timer import TimerSettings
    from ui.screens.run.bars import TimerSettingsDialog

    dialog = TimerSettingsDialog(TimerSettings(warnings_s=(60,)))
    qtbot.addWidget(dialog)
    assert dialog.warning.text() == "1 min"  # not "1.00 min"
    dialog.warning.setValue(1.5)
    assert dialog.warning.text() == "1.5 min"
    dialog.warning.lineEdit().setText("2.5 min")
    dialog.warning.interpretText()
    assert dialog.warning.value() == 2.5 and dialog.chosen().warnings_s == (150.0,)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_screen_fits_a_laptop(qtbot, fresh_db, size) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db)
    screen.resize(*size)
    qtbot.wait(1)
    assert screen.time.geometry().bottom() < screen.height()
    assert screen.speakers.geometry().height() > 100


def test_the_projector_picks_its_screen() -> None:
    from ui.presenter import pick_screen

    class Screen:  # what pick_screen reads of a QScreen
        def __init__(self, name: str, x: int) -> None:
            self._name, self._rect = name, QRect(x, 0, 1366, 768)

        def name(self) -> str:
            return self._name

        def geometry(self) -> QRect:
            return self._rect

    laptop, projector, other = Screen("eDP-1", 0), Screen("HDMI-1", 1366), Screen("DP-2", 2732)
    assert pick_screen([laptop], laptop, None, laptop) == (laptop, False)
    assert pick_screen([laptop, projector], laptop, None, laptop) == (projector, True)
    assert pick_screen([laptop, projector, other], laptop, other, laptop) == (other, True)
    # The chosen screen was unplugged: back to the laptop, in a window.
    assert pick_screen([laptop], laptop, projector, laptop) == (laptop, False)
    # Mirrored display: the user chose the only screen, so full screen it is.
    assert pick_screen([laptop], laptop, laptop, laptop) == (laptop, True)
    # PySide may give two wrappers for the laptop's one screen: still no second screen.
    again = Screen("eDP-1", 0)
    assert pick_screen([again], again, None, laptop) == (laptop, False)
    assert pick_screen([again, projector], again, None, laptop) == (projector, True)


# ---------------------------------------------------------------- the key table


def _run_screen_section() -> str:
    """docs/keyboard.md from the run-screen heading to the next heading."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "keyboard.md").read_text("utf-8")
    start = text.index("**Run screen**")
    return text[start : text.index("\n**", start + 1)]


def test_the_help_shows_every_key_of_the_table(qtbot, fresh_db) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db)
    shown = screen.help_overlay.text.text()
    for keys, help_text in help_rows():
        assert f"<b>{html.escape(keys)}</b>" in shown and html.escape(help_text) in shown
    assert len(help_rows()) == len(RUN_KEYS)


def test_the_cheat_sheet_lists_every_run_screen_key() -> None:
    written = set(re.findall(r"`([^`\n]+)`", _run_screen_section()))
    assert {name for key in RUN_KEYS for name in key.names} - written == set()


def test_every_key_of_the_table_triggers_its_action(qtbot, fresh_db) -> None:
    screen, _, _, _ = _screen(qtbot, fresh_db)
    bound = {
        name: {s.toString() for s in screen.key_actions[name].shortcuts()}
        for entry in RUN_KEYS
        for name in entry.action_names()
    }
    # Never a key and its shifted spelling ("+" and "Shift+="): one press would match both.
    assert bound["extend"] == {"+", "Shift++", "="}
    assert bound["show_help"] == {"?", "Shift+?"}  # F1 is the window's, passed on
    assert projector_action(int(Qt.Key.Key_Equal)) == "extend"
    assert projector_action(int(Qt.Key.Key_P)) is None  # the projector window closes itself


# ---------------------------------------------------------------- following others


def test_roles_given_elsewhere_show_on_the_run_screen(qtbot, fresh_db) -> None:
    screen, _, session_id, people = _screen(qtbot, fresh_db)
    assert "No roles" in screen.roles.text()
    team_id = sessions.get_session(fresh_db, session_id).team_id
    role = teams.list_roles(fresh_db, team_id)[0]
    assignments.add_assignments(fresh_db, [RoleAssignment(session_id, role.id, people[1])])
    ops.broadcast(Changes.of(Topic.ROLES, session_id=session_id))  # as the Roles dialog does
    assert f"<b>{role.name}</b>: Benoît" in screen.roles.text()


def test_someone_ticked_present_elsewhere_gets_a_speaker_button(qtbot, fresh_db) -> None:
    screen, _, session_id, people = _screen(qtbot, fresh_db, present=2)
    assert set(screen.speakers.buttons) == set(people)
    team_id = sessions.get_session(fresh_db, session_id).team_id
    newcomer = teams.list_participants(fresh_db, team_id)[2].id
    other = QLabel()  # another screen's action
    ops.run_op(
        other, "Could not", lambda: planning.set_present(fresh_db, session_id, [*people, newcomer])
    )
    assert set(screen.speakers.buttons) == {*people, newcomer}


def test_someone_unticked_in_the_roles_dialog_is_out_of_the_rounds_to_come(qtbot, fresh_db) -> None:
    """Chen steps out, then leaves (unticked under *Who is here*): the next round-robin
    neither queues them nor waits for their voice, and is timed for the three still here."""
    screen, clock, session_id, people = _screen(
        qtbot, fresh_db, durations=(240, 180, 240), present=4
    )
    chen = people[2]
    _key(qtbot, screen, Qt.Key.Key_Space)
    screen.speakers.step_out_requested.emit(chen)
    assert "stepped out" in screen.speakers.buttons[chen].text()
    _wait(screen, clock, 20)
    dialog = SessionRolesDialog(fresh_db, session_id, clock, parent=screen)
    qtbot.addWidget(dialog)
    dialog.show()
    people_list = dialog.roles.people
    (row,) = [
        i
        for i in range(people_list.count())
        if people_list.item(i).data(Qt.ItemDataRole.UserRole) == chen
    ]
    people_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    dialog.close()
    assert chen not in screen.speakers.buttons
    marks = {a.participant_id: a.status for a in sessions.attendance(fresh_db, session_id)}
    assert marks[chen] is AttendanceStatus.LEFT_EARLY
    _key(qtbot, screen, Qt.Key.Key_N)  # Benoît and Dmitri not yet heard
    _key(qtbot, screen, Qt.Key.Key_N)  # open discussion; the round-robin comes next
    assert "Phase 3 · 3 min" in screen.next_up.text()
    _key(qtbot, screen, Qt.Key.Key_N)
    assert "Chen" not in screen.speakers.queue.text()
    assert "Chen" not in screen.speakers.not_heard.text()
    assert "Dmitri" in screen.speakers.not_heard.text()
    assert screen.time.text() == "3:00"

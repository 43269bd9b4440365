"""The roles screen: suggestions with reasons, Enter accepts, changes need a reason,
who is here and opt-outs change the suggestions, all reachable by keyboard."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from facilitator import planning, rota
from facilitator.clock import FakeClock
from facilitator.demo import add_demo
from facilitator.direction import FSI, PDI
from facilitator.model import AttendanceStatus, Phase, PhaseMode
from facilitator.rota_record import load_for
from facilitator.store import assignments, sessions, teams
from facilitator.timer import TimerState
from ui import ops
from ui.main_window import MainWindow
from ui.screens import session_roles
from ui.screens.session_roles import SessionRolesDialog, SessionRolesScreen
from ui.screens.session_roles.rota_rows import candidates


@pytest.fixture
def planned(fresh_db):
    sample = add_demo(fresh_db, today=date(2026, 3, 4))
    team_id = sessions.get_session(fresh_db, sample).team_id
    new = sessions.create_session(
        fresh_db, team_id, "Shadow mode, week one", planned_date="2026-03-09"
    )
    people = {p.name.split()[0]: p.id for p in teams.list_participants(fresh_db, team_id)}
    roles = {r.name: r.id for r in teams.list_roles(fresh_db, team_id)}
    return fresh_db, new.id, people, roles


def show(qtbot, screen: SessionRolesScreen) -> SessionRolesScreen:
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.table.setFocus()
    return screen


def in_force(database, sid) -> dict[str, str]:
    return {
        a.role_id: a.participant_id
        for a in assignments.for_session(database, sid)
        if not a.ended_at and not a.shadow_of
    }


def test_suggestions_show_reasons_and_enter_accepts_them(qtbot, planned) -> None:
    database, sid, people, roles = planned
    screen = show(qtbot, SessionRolesScreen(database, sid, FakeClock()))
    rows = screen.model.rows()
    assert [r.role for r in rows] == [
        "Facilitator",
        "Timekeeper",
        "Scribe",
        "Challenger",
        "Voice Keeper",
    ]
    assert all(r.status == "Suggested" and r.why for r in rows)
    assert "suggested roles, not accepted yet" in screen.subtitle.text()
    assert in_force(database, sid) == {}
    with qtbot.waitSignal(ops.bus().changes_did_happen):
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    stored = in_force(database, sid)
    assert stored == {r.role_id: r.holder_id for r in rows}
    assert [r.status for r in screen.model.rows()] == ["Accepted"] * 5
    # Each reason was true the day it was suggested (a sync may bring in later sessions).
    assert all("(suggested on " in r.why for r in screen.model.rows())
    assert not screen.accept_button.isEnabled()


def test_reassign_needs_a_reason_and_records_it(qtbot, planned, monkeypatch) -> None:
    database, sid, people, roles = planned
    screen = show(qtbot, SessionRolesScreen(database, sid, FakeClock()))
    screen.table.selectRow(2)  # Scribe
    seen = []

    def fake_exec(dialog) -> int:
        seen.append(dialog)
        index = dialog.who.findData(people["Jonas"])
        dialog.who.setCurrentIndex(index)
        dialog._on_buttons_accepted()  # no reason yet: refused, dialog stays
        assert dialog.error.isVisibleTo(dialog) and "Reason cannot be empty" in dialog.error.text()
        dialog.reason.setText("Jonas wants to practise before the audit")
        dialog._on_buttons_accepted()
        return dialog.result()

    monkeypatch.setattr(session_roles.ReassignDialog, "exec", fake_exec)
    qtbot.keyClick(screen.table, Qt.Key.Key_F2)
    assert seen, "F2 opens the reassign dialog"
    assert in_force(database, sid)[roles["Scribe"]] == people["Jonas"]
    row = screen.model.row_at(2)
    assert row.status == "Changed" and row.overridden
    assert row.why == "Changed by the facilitator: Jonas wants to practise before the audit"
    changed = [a for a in assignments.for_session(database, sid) if a.overridden]
    assert [a.reason for a in changed] == ["Jonas wants to practise before the audit"]


def test_swap_exchanges_two_holders(qtbot, planned, monkeypatch) -> None:
    database, sid, people, roles = planned
    screen = show(qtbot, SessionRolesScreen(database, sid, FakeClock()))
    before = {r.role_id: r.holder_id for r in screen.model.rows()}

    def fake_exec(dialog) -> int:
        dialog.other.setCurrentIndex(dialog.other.findData(roles["Challenger"]))
        dialog.reason.setText("They asked to trade")
        dialog._on_buttons_accepted()
        return dialog.result()

    monkeypatch.setattr(session_roles.SwapDialog, "exec", fake_exec)
    screen.table.selectRow(0)
    qtbot.keyClick(screen.table, Qt.Key.Key_F3)
    after = in_force(database, sid)
    assert after[roles["Facilitator"]] == before[roles["Challenger"]]
    assert after[roles["Challenger"]] == before[roles["Facilitator"]]


def test_unticking_a_holder_passes_their_role_on(qtbot, planned) -> None:
    database, sid, people, roles = planned
    screen = show(qtbot, SessionRolesScreen(database, sid, FakeClock()))
    screen._on_accept_button_clicked()
    holder = in_force(database, sid)[roles["Timekeeper"]]
    row = [
        i
        for i in range(screen.people.count())
        if screen.people.item(i).data(Qt.ItemDataRole.UserRole) == holder
    ][0]
    screen.people.setCurrentRow(row)
    screen.people.setFocus()
    qtbot.keyClick(screen.people, Qt.Key.Key_Space)
    now = in_force(database, sid)
    assert holder not in now.values() and now[roles["Timekeeper"]]
    marks = {a.participant_id: a.status for a in sessions.attendance(database, sid)}
    assert marks[holder] is AttendanceStatus.ABSENT
    assert "roles passed on" in screen.status.text()
    new = [r for r in screen.model.rows() if r.role_id == roles["Timekeeper"]][0]
    assert new.why.startswith("Takes over from ")


def test_marking_someone_absent_before_accepting_changes_the_suggestions(qtbot, planned) -> None:
    database, sid, people, roles = planned
    screen = show(qtbot, SessionRolesScreen(database, sid, FakeClock()))
    first = screen.model.row_at(0).holder_id
    row = [
        i
        for i in range(screen.people.count())
        if screen.people.item(i).data(Qt.ItemDataRole.UserRole) == first
    ][0]
    screen.people.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert first not in {r.holder_id for r in screen.model.rows()}
    assert sessions.present_ids(database, sid) and first not in sessions.present_ids(database, sid)


def test_opt_outs_are_saved_and_followed(qtbot, planned, monkeypatch) -> None:
    database, sid, people, roles = planned
    screen = show(qtbot, SessionRolesScreen(database, sid, FakeClock()))
    holder = screen.model.row_at(0).holder_id  # suggested Facilitator
    row = [
        i
        for i in range(screen.people.count())
        if screen.people.item(i).data(Qt.ItemDataRole.UserRole) == holder
    ][0]
    screen.people.setCurrentRow(row)

    def fake_exec(dialog) -> int:
        dialog.boxes[roles["Facilitator"]].setChecked(True)
        dialog.forever.setChecked(True)
        dialog.note.setText("not this quarter")
        dialog._on_buttons_accepted()
        return dialog.result()

    monkeypatch.setattr(session_roles.OptOutDialog, "exec", fake_exec)
    qtbot.keyClick(screen.people, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    optouts = teams.list_optouts(database, sessions.get_session(database, sid).team_id)
    assert [(o.participant_id, o.role_id, o.note) for o in optouts] == [
        (holder, roles["Facilitator"], "not this quarter")
    ]
    assert screen.model.row_at(0).holder_id != holder
    assert "not Facilitator" in screen.people.item(row).text()


def test_a_finished_session_is_read_only(qtbot, demo_db) -> None:
    database, sample = demo_db
    screen = show(qtbot, SessionRolesScreen(database, sample))
    assert "ended" in screen.subtitle.text()
    assert not screen.reassign_button.isEnabled() and not screen.accept_button.isEnabled()
    assert screen.handover_button.isEnabled()
    assert all(
        r.status.startswith("Accepted") or r.status.startswith("Changed")
        for r in screen.model.rows()
    )


def test_ctrl_shift_r_opens_the_roles_of_the_selected_session(qtbot, planned, monkeypatch) -> None:
    database, sid, people, roles = planned
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.home.select_session(sid)
    opened = []

    def fake_exec(dialog) -> int:
        opened.append(dialog.roles.session_id)
        dialog.roles._on_accept_button_clicked()
        return 1

    monkeypatch.setattr(session_roles.SessionRolesDialog, "exec", fake_exec)
    qtbot.keyClick(
        window.home.table,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert opened == [sid]
    assert len(in_force(database, sid)) == 5


def test_the_handover_opens_from_the_roles_screen(qtbot, planned, monkeypatch) -> None:
    database, sid, people, roles = planned
    screen = show(qtbot, SessionRolesScreen(database, sid, FakeClock()))
    screen._on_accept_button_clicked()
    shown = []
    from ui.screens import handover

    monkeypatch.setattr(
        handover.HandoverDialog, "exec", lambda dialog: shown.append(len(dialog.panel.rows)) or 1
    )
    qtbot.keyClick(screen.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert shown == [5]


def test_the_overview_marks_replaced_and_changed_roles(qtbot, demo_db) -> None:
    from facilitator import record
    from ui.screens.session_overview import render_html

    database, sample = demo_db
    team_id = sessions.get_session(database, sample).team_id
    swapped = [
        s
        for s in sessions.list_sessions(database, team_id)
        if s.title == "Options for the Bristol timeline"
    ][0]
    text = render_html(record.load(database, swapped.id))
    assert text.count("(replaced before the start)") == 2
    assert text.count("changed: ") == 2
    # A right-to-left name is isolated where it is named: present, holding a role.
    someone = next(p for p in teams.list_participants(database, team_id) if p.name in text)
    teams.update_participant(database, replace(someone, name="ليلى حداد"))
    text = render_html(record.load(database, swapped.id))
    assert "ليلى حداد" in text and "ليلى حداد" not in text.replace(f"{FSI}ليلى حداد{PDI}", "")


def test_a_read_only_database_shows_the_roles_but_changes_nothing(qtbot, db_path) -> None:
    from facilitator.store import open_database

    database = open_database(db_path)
    sample = add_demo(database, today=date(2026, 3, 4))
    team_id = sessions.get_session(database, sample).team_id
    planned = sessions.create_session(database, team_id, "Next", planned_date="2026-03-09")
    database.close()
    read_only = open_database(db_path, read_only=True)
    try:
        screen = show(qtbot, SessionRolesScreen(read_only, planned.id))
        assert "read-only" in screen.notes.text()
        assert not screen.accept_button.isEnabled()
        assert not screen.reassign_button.isEnabled() and not screen.people.isEnabled()
        assert len(screen.model.rows()) == 5
    finally:
        read_only.close()


def test_roles_changed_during_a_run_show_on_the_run_screen(qtbot, planned, monkeypatch) -> None:
    database, sid, people, roles = planned
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()  # the run screen reloads what changed while it is on screen
    window.run_clock = FakeClock()
    planning.set_present(database, sid, list(people.values()))
    sessions.add_phases(database, [Phase(sid, 0, "Check-in", 300)])
    assert window.run_session(sid)

    def fake_exec(dialog) -> int:
        dialog.roles._on_accept_button_clicked()
        return 1

    monkeypatch.setattr(session_roles.SessionRolesDialog, "exec", fake_exec)
    window.roles_action.trigger()
    holders = window.run_screen.run.view().roles
    assert len(holders) == 5
    assert {h.person for h in holders} <= {
        p.name
        for p in teams.list_participants(database, sessions.get_session(database, sid).team_id)
    }


def test_enter_on_a_focused_button_presses_that_button(qtbot, planned, monkeypatch) -> None:
    database, sid, people, roles = planned
    screen = show(qtbot, SessionRolesScreen(database, sid, FakeClock()))
    opened = []
    monkeypatch.setattr(
        session_roles.ReassignDialog, "exec", lambda dialog: opened.append(dialog) or 0
    )
    screen.reassign_button.setFocus()
    qtbot.keyClick(screen.reassign_button, Qt.Key.Key_Return)
    assert len(opened) == 1 and in_force(database, sid) == {}


def _check_in_s(database, sid) -> int:
    (phase,) = [p for p in sessions.list_phases(database, sid) if p.mode is PhaseMode.ROUND_ROBIN]
    return phase.planned_s


@pytest.fixture
def planned_round(fresh_db):
    """A planned session of four (Ann, Bo, Cy, Di) whose agenda is a 60 s-a-person check-in."""
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy", "Di"):
        teams.add_participant(fresh_db, team.id, name, joined_on="2025-01-01")
    session = planning.create_session(fresh_db, team.id, "Weekly", planned_date="2026-03-09")
    check_in = Phase(
        session.value.id, 0, "Check-in", 240, mode=PhaseMode.ROUND_ROBIN, per_speaker_s=60
    )
    planning.save_agenda(fresh_db, session.value.id, [check_in])
    return fresh_db, session.value.id


def _row_of(screen: SessionRolesScreen, participant_id: str) -> int:
    return [
        i
        for i in range(screen.people.count())
        if screen.people.item(i).data(Qt.ItemDataRole.UserRole) == participant_id
    ][0]


def test_unticking_someone_in_a_planned_session_retimes_the_round_robin(
    qtbot, planned_round
) -> None:
    """The Roles dialog once marked attendance through another path than the planner's and
    left the check-in at 240 s for two people; now it is timed for who is here."""
    database, sid = planned_round
    dialog = SessionRolesDialog(database, sid, FakeClock())
    qtbot.addWidget(dialog)
    dialog.show()
    screen = dialog.roles
    assert _check_in_s(database, sid) == 240
    for name in ("Cy", "Di"):
        row = _row_of(screen, _person(database, sid, name))
        screen.people.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert _check_in_s(database, sid) == 120
    assert "Di is not here" in screen.status.text()
    assert screen.people.item(_row_of(screen, _person(database, sid, "Di"))).checkState() == (
        Qt.CheckState.Unchecked
    )


def test_a_holder_leaving_a_planned_session_passes_on_and_retimes(qtbot, planned_round) -> None:
    database, sid = planned_round
    screen = show(qtbot, SessionRolesScreen(database, sid, FakeClock()))
    screen._on_accept_button_clicked()
    facilitator = screen.model.row_at(0)
    row = _row_of(screen, facilitator.holder_id)
    screen.people.setCurrentRow(row)
    screen.people.setFocus()
    qtbot.keyClick(screen.people, Qt.Key.Key_Space)
    assert _check_in_s(database, sid) == 180
    new = screen.model.row_at(0)
    assert new.holder_id and new.holder_id != facilitator.holder_id
    assert f"{facilitator.holder} left; their roles passed on: Facilitator to " in (
        screen.status.text()
    )


def _person(database, sid, name: str) -> str:
    team_id = sessions.get_session(database, sid).team_id
    return {p.name: p.id for p in teams.list_participants(database, team_id)}[name]


def test_a_very_long_name_wraps_and_leaves_why_its_room(qtbot, planned) -> None:
    database, sid, people, roles = planned
    long = "Maximiliana Alexandrovna Konstantinopolskaya-Wetherington"
    team_id = sessions.get_session(database, sid).team_id
    amara = next(p for p in teams.list_participants(database, team_id) if p.id == people["Amara"])
    teams.update_participant(database, dataclasses.replace(amara, name=long))
    screen = show(qtbot, SessionRolesScreen(database, sid, FakeClock()))
    header = screen.table.horizontalHeader()
    width = screen.table.viewport().width()
    assert header.sectionSize(1) <= max(160, width // 4)  # the holder column is capped
    assert header.sectionSize(2) >= width // 3  # Why keeps room to be read


def test_the_reassign_list_says_how_often_each_held_the_role(planned) -> None:
    database, sid, people, roles = planned
    newcomer = teams.add_participant(database, sessions.get_session(database, sid).team_id, "Nina")
    planning.set_present(database, sid, [*people.values(), newcomer.id])
    data, session = load_for(database, sid)
    said = [c.label for c in candidates(data, session, roles["Scribe"], [])]
    assert "Nina — has never been it" in said  # not "has been it never"
    assert all(re.search(r" — has (never been it|been it (once|twice|\d+ times))", s) for s in said)


def test_a_holder_leaving_mid_run_offers_the_handover(qtbot, planned, monkeypatch) -> None:
    database, sid, people, roles = planned
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    window.run_clock = FakeClock()
    planning.set_present(database, sid, list(people.values()))
    sessions.add_phases(database, [Phase(sid, 0, "Check-in", 300)])
    rota.accept(database, rota.suggest_for_session(database, sid))
    assert window.run_session(sid)
    screen = window.run_screen
    screen.toggle()  # the handover before the start
    screen.handover.go_on()  # every holder confirmed: the round runs
    assert screen.run.timer.state is TimerState.RUNNING and not screen.handover.bar.isVisible()
    holder = in_force(database, sid)[roles["Timekeeper"]]

    def untick(dialog) -> int:  # the Roles window during the run: the Timekeeper has to go
        panel = dialog.roles
        row = next(
            i
            for i in range(panel.people.count())
            if panel.people.item(i).data(Qt.ItemDataRole.UserRole) == holder
        )
        panel.people.item(row).setCheckState(Qt.CheckState.Unchecked)
        return 1

    monkeypatch.setattr(session_roles.SessionRolesDialog, "exec", untick)
    window.roles_action.trigger()
    assert holder not in in_force(database, sid).values()
    assert screen.handover.bar.isVisibleTo(screen)  # "Roles changed — hand them over (H)"
    assert screen.handover.bar.text.text().startswith("Roles changed")

"""The agenda is edited only on purpose: F2, Enter or a double click open a cell; letters
typed at the agenda start a format search and never rename a step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from facilitator import planning
from facilitator.model import SessionStatus
from tests.ui.windows import open_window


def _planner(qtbot, demo_db):  # noqa: ANN001, ANN202
    database, _sample = demo_db
    planned = next(s for s in planning.list_sessions(database) if s.status is SessionStatus.PLANNED)
    window = open_window(qtbot, database)
    window.open_session(planned.id)
    planner = window.planner
    model = planner.agenda.model
    step = model.index(0, 0, model.index(0, 0))  # the first format's first step
    planner.tree.setFocus()
    planner.tree.setCurrentIndex(step)
    return database, planner, step


def test_typing_at_the_agenda_searches_the_library_and_renames_nothing(qtbot, demo_db) -> None:
    database, planner, step = _planner(qtbot, demo_db)
    phase = planner.agenda.model.phase_at(step)
    for letter in "review":  # each key goes where the focus is, as a keyboard's would
        qtbot.keyClicks(planner.tree.window().focusWidget(), letter)
    assert planner.tree.state() != QAbstractItemView.State.EditingState
    assert planning.get_session(database, phase.session_id)  # still there
    phases = planning.list_phases(database, phase.session_id)
    stored = next(p for p in phases if p.id == phase.id)
    assert stored.title == phase.title
    assert planner.search_edit.hasFocus()
    assert planner.search_edit.text() == "review"  # the first letter too, not just "eview"


def test_enter_and_f2_open_the_cell(qtbot, demo_db) -> None:
    _database, planner, _step = _planner(qtbot, demo_db)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_F2):
        qtbot.keyClick(planner.tree, key)
        assert planner.tree.state() == QAbstractItemView.State.EditingState, key
        qtbot.keyClick(planner.tree.focusWidget(), Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: planner.tree.state() != QAbstractItemView.State.EditingState)
        planner.tree.setFocus()


def test_left_and_right_choose_the_cell_so_a_duration_is_edited_by_keyboard(qtbot, demo_db) -> None:
    from ui.models.agenda_model import COL_DURATION, COL_TITLE

    database, planner, step = _planner(qtbot, demo_db)  # Arrive: silent writing, 45 s
    phase = planner.agenda.model.phase_at(step)
    tree = planner.tree
    for _ in range(COL_DURATION):  # title, mode, (per speaker: not for silent writing)
        if tree.currentIndex().column() == COL_DURATION:
            break
        qtbot.keyClick(tree, Qt.Key.Key_Right)
    assert tree.currentIndex().column() == COL_DURATION
    assert tree.currentIndex().parent().isValid()  # still the step, not its format
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    assert tree.state() == QAbstractItemView.State.EditingState
    editor = tree.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tree.state() != QAbstractItemView.State.EditingState)
    stored = next(p for p in planning.list_phases(database, phase.session_id) if p.id == phase.id)
    assert stored.planned_s == 120
    # Left walks back to the title, on the same step.
    tree.setFocus()
    for _ in range(COL_DURATION):
        qtbot.keyClick(tree, Qt.Key.Key_Left)
    assert tree.currentIndex().column() == COL_TITLE  # (a first Left there does nothing)
    assert planner.agenda.model.phase_at(tree.currentIndex()).id == phase.id


def test_typing_review_then_enter_adds_the_review_round(qtbot, demo_db) -> None:
    database, planner, step = _planner(qtbot, demo_db)
    session_id = planner.agenda.model.phase_at(step).session_id
    before = planning.list_phases(database, session_id)
    for letter in "review":
        qtbot.keyClicks(planner.tree.window().focusWidget(), letter)
    qtbot.keyClick(planner.search_edit, Qt.Key.Key_Return)
    after = planning.list_phases(database, session_id)
    known = {p.id for p in before}
    added = [p for p in after if p.id not in known]  # after the selected step's format
    assert added and {p.format_key for p in added} == {"review-round"}
    assert added[0].group_title == "Review round"


def test_another_session_opens_on_the_whole_library(qtbot, demo_db) -> None:
    database, planner, step = _planner(qtbot, demo_db)
    planner.search_edit.setText("troika")
    same = planner.session.id
    planner.load(same)  # the same session shown again (a change elsewhere): the search stays
    assert planner.search_edit.text() == "troika"
    other = planning.create_session(database, planner.session.team_id, "Next week").value
    planner.load(other.id)
    assert planner.search_edit.text() == ""

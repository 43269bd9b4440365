"""The planner's agenda as a first-time facilitator meets it, on the demo's planned session
in a 1280-pixel window: every format's and step's name whole (Troika's "Client shares" and
"Client reflects" told apart), nothing scrolling sideways; a title width dragged to kept
through the next edit; Delete pressed twice taking two steps, never the whole format; a
format added after the selected one, else before the closing Check-out round."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from facilitator import agenda, planning
from facilitator.model import SessionStatus
from facilitator.store import sessions
from tests.ui.windows import open_window
from ui.models.agenda_model import COL_MODE, COL_PROMPT, COL_START, COL_TITLE
from ui.screens.planner.agenda_cells import FIGURES, MODE_MIN_PX, TEXT_MARGIN_PX


@pytest.fixture
def demo_planner(qtbot, demo_db):
    """The main window at 1280×720 on the demo's planned session ("Go or no-go for
    Bristol": Check-in, Review round, Troika Consulting in 3 rounds, Consent decision,
    Check-out), in the planner."""
    database, _sample = demo_db
    planned = next(s for s in planning.list_sessions(database) if s.status is SessionStatus.PLANNED)
    window = open_window(qtbot, database)
    window.resize(1280, 720)
    window.open_session(planned.id)
    QApplication.processEvents()
    assert window.planner.session.id == planned.id
    return window, database, planned


def _rows(model, parent: QModelIndex = QModelIndex()) -> list[QModelIndex]:
    """Every row of the agenda, each format's name then its steps."""
    rows = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, COL_TITLE, parent)
        rows += [index, *_rows(model, index)]
    return rows


def _shown(tree, index: QModelIndex) -> tuple[str, int, int]:
    """The text the agenda paints in a cell, its width in pixels and the cell's width."""
    option = QStyleOptionViewItem()
    option.font, option.fontMetrics = tree.font(), tree.fontMetrics()
    option.rect = tree.visualRect(index)
    tree.itemDelegate().initStyleOption(option, index)
    return option.text, option.fontMetrics.horizontalAdvance(option.text), option.rect.width()


def _headers(planner) -> list[str]:
    model = planner.agenda.model
    return [model.index(r, COL_TITLE).data() for r in range(model.rowCount())]


def _step(planner, heading: str) -> QModelIndex:
    return next(i for i in _rows(planner.agenda.model) if i.data() == heading)


def _all_whole(planner) -> list[str]:
    """What is cut in the agenda: a title, a mode or a figure that does not fit its cell."""
    tree, model, cut = planner.tree, planner.agenda.model, []
    for index in _rows(model):
        text, width, room = _shown(tree, index)
        if "…" in text or width + TEXT_MARGIN_PX > room:
            cut.append(f"{index.data()!r} shows as {text!r} ({width} px in {room})")
        for col in (COL_MODE, *FIGURES):
            cell = index.siblingAtColumn(col)
            text, width, room = _shown(tree, cell)
            if width > room:
                cut.append(f"{text!r} ({width} px) in a {room} px cell")
    return cut


@pytest.mark.usefixtures("as_the_app_looks")
def test_at_1280_every_name_on_the_agenda_shows_whole_and_nothing_scrolls(
    qtbot, demo_planner
) -> None:
    window, _database, _planned = demo_planner
    planner = window.planner
    tree, model = planner.tree, planner.agenda.model
    assert _all_whole(planner) == []
    assert not tree.horizontalScrollBar().isVisible()
    header = tree.header()
    assert header.length() <= tree.viewport().width()
    # At 1280 even the rounds read in full, so Troika's steps are told apart.
    shown = [_shown(tree, index)[0] for index in _rows(model)]
    assert "Troika Consulting · 3 rounds" in shown
    assert "Clarifying questions (round 1 of 3)" in shown
    assert {"Client shares (round 2 of 3)", "Client reflects (round 2 of 3)"} <= set(shown)
    # The header says each column short, and in full for its tooltip and a screen reader.
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert labels[:5] == ["Phase", "Mode", "Each", "Duration", "Starts"]
    each = model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert each == "Time per speaker, for a round-robin"

    # The agenda as narrow as the window lets it be: the rounds read short, names whole.
    splitter = planner.splitter
    total = sum(splitter.sizes())
    splitter.setSizes([total // 2, total // 2, 100])
    QApplication.processEvents()
    assert tree.width() < 640
    assert _all_whole(planner) == []
    assert not tree.horizontalScrollBar().isVisible()
    shown = [_shown(tree, index)[0] for index in _rows(model)]
    assert "Clarifying questions (1/3)" in shown
    assert {"Client shares (2/3)", "Client reflects (2/3)"} <= set(shown)
    assert tree.isColumnHidden(COL_PROMPT)  # shown whole under the agenda instead

    # On a 1366 screen there is room for a glimpse of the prompt too.
    window.resize(1366, 768)
    splitter.setSizes([310, 300, 760])
    QApplication.processEvents()
    assert _all_whole(planner) == []
    assert not tree.horizontalScrollBar().isVisible()
    assert not tree.isColumnHidden(COL_PROMPT)
    assert header.sectionSize(COL_PROMPT) >= 80


@pytest.mark.usefixtures("as_the_app_looks")
def test_a_narrow_agenda_shortens_the_modes_before_the_names(qtbot, demo_planner) -> None:
    """Narrower than the window allows (a big font, a small screen): the figures stay whole,
    the modes end in "…" (whole in their tooltip), then the names; no sideways scrolling."""
    window, _database, _planned = demo_planner
    planner = window.planner
    tree, model = planner.tree, planner.agenda.model
    planner.agenda.layout().removeWidget(tree)  # the buttons above keep the agenda wider
    header = tree.header()
    for width, names_whole in ((560, True), (440, False)):
        tree.resize(width, tree.height())
        QApplication.processEvents()
        assert header.length() <= tree.viewport().width()
        for col in FIGURES:
            assert header.sectionSize(col) >= tree.sizeHintForColumn(col)
        assert MODE_MIN_PX <= header.sectionSize(COL_MODE) < tree.sizeHintForColumn(COL_MODE)
        consult = _step(planner, "Consult (round 1 of 3)")
        assert _shown(tree, consult)[0] == "Consult (1/3)"
        clarifying = _shown(tree, _step(planner, "Clarifying questions (round 1 of 3)"))[0]
        assert (clarifying == "Clarifying questions (1/3)") is names_whole
        assert clarifying.startswith("Clar") and clarifying.endswith("(1/3)")
    assert model.index(0, COL_MODE).data() == "2 steps"
    mode = consult.siblingAtColumn(COL_MODE)
    assert mode.data(Qt.ItemDataRole.ToolTipRole) == mode.data() == "Small groups"


def _drag_title_edge(qtbot, tree, by: int) -> None:
    """Drag the right edge of the Phase column's header, as a mouse does."""
    head = tree.header()
    edge = QPoint(head.sectionViewportPosition(COL_TITLE) + head.sectionSize(COL_TITLE) - 1, 8)
    qtbot.mousePress(head.viewport(), Qt.MouseButton.LeftButton, pos=edge)
    qtbot.mouseMove(head.viewport(), QPoint(edge.x() + by // 2, 8))
    qtbot.mouseMove(head.viewport(), QPoint(edge.x() + by, 8))
    qtbot.mouseRelease(head.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge.x() + by, 8))


@pytest.mark.usefixtures("as_the_app_looks")
def test_a_title_width_dragged_to_is_kept_through_an_edit(qtbot, demo_planner) -> None:
    window, _database, _planned = demo_planner
    planner = window.planner
    tree, head = planner.tree, planner.tree.header()
    fitted = head.sectionSize(COL_TITLE)
    _drag_title_edge(qtbot, tree, -60)
    dragged = head.sectionSize(COL_TITLE)
    assert dragged == fitted - 60
    assert head.length() <= tree.viewport().width()  # the other columns fit round it

    tree.setFocus()
    tree.setCurrentIndex(_step(planner, "Consult (round 1 of 3)"))
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert "Removed Consult" in planner.agenda.info_label.text()
    assert head.sectionSize(COL_TITLE) == dragged
    qtbot.keyClick(tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert head.sectionSize(COL_TITLE) == dragged

    _drag_title_edge(qtbot, tree, +40)  # wider than the room: the user's choice, it scrolls
    assert head.sectionSize(COL_TITLE) == dragged + 40
    # A resized window fits the columns afresh.
    window.resize(1300, 720)
    QApplication.processEvents()
    assert head.sectionSize(COL_TITLE) not in (dragged, dragged + 40)
    assert head.length() <= tree.viewport().width()
    assert _all_whole(planner) == []


def test_delete_twice_on_a_step_removes_two_steps_not_the_format(qtbot, demo_planner) -> None:
    window, database, planned = demo_planner
    planner = window.planner
    tree = planner.tree
    before = sessions.list_phases(database, planned.id)
    tree.setFocus()
    start = _step(planner, "Clarifying questions (round 2 of 3)")
    tree.setCurrentIndex(start.siblingAtColumn(COL_START))
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    # The next step of the format is selected, in the same column; a step, not the format.
    current = tree.currentIndex()
    assert current.parent().isValid() and current.column() == COL_START
    assert current.siblingAtColumn(COL_TITLE).data() == "Consult (round 2 of 3)"
    assert tree.selectionModel().isRowSelected(current.row(), current.parent())
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    after = sessions.list_phases(database, planned.id)
    assert len(after) == len(before) - 2
    assert "Troika Consulting · 3 rounds" in _headers(planner)
    assert tree.currentIndex().siblingAtColumn(COL_TITLE).data() == "Client reflects (round 2 of 3)"

    # The last step of a format gone, the one before it is selected.
    tree.setCurrentIndex(_step(planner, "Decide next"))
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert tree.currentIndex().data() == "Learn"
    assert "Review round" in _headers(planner)
    # Ctrl+Z brings the steps back one by one.
    for _ in range(3):
        qtbot.keyClick(tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sessions.list_phases(database, planned.id) == before


def _add(planner, search: str) -> None:
    planner.search_edit.setText(search)
    assert planner.format_list.count() >= 1
    planner.library.add_format_button.click()


def test_a_format_is_added_after_the_selection_else_before_the_check_out(
    qtbot, demo_planner
) -> None:
    window, database, planned = demo_planner
    planner = window.planner
    tree = planner.tree
    demo = ["Check-in round", "Review round", "Troika Consulting · 3 rounds"]
    closing = ["Consent decision round", "Check-out round"]
    assert _headers(planner) == [*demo, *closing]
    # Nothing selected: before the Check-out round that closes the agenda.
    assert not tree.selectionModel().hasSelection()
    _add(planner, "TRIZ")
    assert _headers(planner) == [*demo, "Consent decision round", "TRIZ", "Check-out round"]
    # After the selected step's whole format.
    tree.setCurrentIndex(_step(planner, "Look back"))
    _add(planner, "1-2-4-All")
    added = _headers(planner)
    assert added[:3] == ["Check-in round", "Review round", "1-2-4-All"]
    assert "Added 1-2-4-All" in planner.agenda.info_label.text()
    # The added format is selected, so the next one follows it.
    assert tree.currentIndex().data() == "1-2-4-All"
    _add(planner, "Impromptu")
    assert _headers(planner)[2:4] == ["1-2-4-All", "Impromptu Networking · 3 rounds"]
    # The keyboard resting on a row without selecting it is no selection.
    tree.clearSelection()
    _add(planner, "Dilemma framing")
    assert _headers(planner)[-2:] == ["Dilemma framing", "Check-out round"]
    stored = agenda.blocks(sessions.list_phases(database, planned.id))
    assert [b[0].group_title for b in stored] == [h.split(" · ")[0] for h in _headers(planner)]

"""What a screen reader hears outside the run screen, read through Qt's accessibility
interface: search results as plain words (the highlighting's markup never read aloud, names
as typed), and dot-voting cells as a count of dots with the person and the idea they belong
to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget

from facilitator import capture, planning, voting
from tests.ui.windows import open_window
from ui.models.votes_model import FIXED_BEFORE, VotesModel, dots_text

NAME, DESCRIPTION = QAccessible.Text.Name, QAccessible.Text.Description
SAID = Qt.ItemDataRole.AccessibleTextRole


def heard(view: QWidget, role: QAccessible.Role) -> list[tuple[str, str]]:
    """(name, description) of each child of ``view``'s accessible interface in ``role``."""
    QApplication.processEvents()  # the view lays its rows out, as before a reader asks
    face = QAccessible.queryAccessibleInterface(view)
    assert face is not None
    children = (face.child(i) for i in range(face.childCount()))
    return [(c.text(NAME), c.text(DESCRIPTION)) for c in children if c and c.role() == role]


def _finished(database) -> str:  # noqa: ANN001
    return next(s.id for s in planning.list_sessions(database) if s.status.value == "finished")


def test_search_results_are_read_as_plain_words(qtbot, demo_db) -> None:  # noqa: ANN001
    database, _sample = demo_db
    session_id = _finished(database)
    typed = "Ask Sam O'Neill & Zoë about the <cut-off>"
    capture.add(database, "contribution", session_id, typed)
    window = open_window(qtbot, database)
    window.search_action.trigger()
    screen = window.search_screen
    screen.field.setText("Neill")
    screen.run_search()
    shown = screen.tree.topLevelItem(0).child(0)
    assert "<b>" in shown.text(0)  # the match is highlighted on screen
    names = [name for name, _ in heard(screen.tree, QAccessible.Role.TreeItem)]
    assert f"Idea: {typed}" in names
    for name in names:
        assert not any(mark in name for mark in ("<b>", "<i>", "&amp;", "&#", "&lt;")), name
    title = planning.get_session(database, session_id).title
    descriptions = [d for _, d in heard(screen.tree, QAccessible.Role.TreeItem) if d]
    assert any(title in d for d in descriptions)


def test_dot_counts_are_said_in_words() -> None:
    assert [dots_text(n) for n in (0, 1, 2, 7)] == ["no dots", "1 dot", "2 dots", "7 dots"]


def test_dot_cells_are_read_as_a_count_with_the_person_and_the_idea(qtbot, demo_db) -> None:  # noqa: ANN001
    database, _sample = demo_db
    session_id = _finished(database)
    shown = voting.likely_round(database, session_id)  # the round the panel opens on
    board = voting.board(database, session_id, shown)
    idea, voter, other = board.ideas[0], board.voters[0], board.voters[1]
    for person in board.voters:  # a clean slate for this idea
        voting.cast(database, session_id, shown, idea.id, person.id, 0)
    voting.cast(database, session_id, shown, idea.id, voter.id, 2)
    voting.cast(database, session_id, shown, idea.id, other.id, 1)
    window = open_window(qtbot, database)
    window.open_session(session_id)
    view = window.capture_view
    view.tabs.setCurrentWidget(view.voting)
    model: VotesModel = view.voting.model
    row = model.ideas.index(next(i for i in model.ideas if i.id == idea.id))
    col = FIXED_BEFORE + [v.id for v in model.voters].index(voter.id)
    assert model.index(row, col).data() == "●●"  # what the room sees
    assert model.index(row, col).data(SAID) == "2 dots"
    assert model.index(row, col + 1).data(SAID) == "1 dot"
    assert model.index(row, col + 2).data(SAID) == "no dots"
    cells = heard(view.voting.table, QAccessible.Role.Cell)
    names = [name for name, _ in cells]
    assert "2 dots" in names and "●●" not in names and not any("●" in n for n in names)
    assert (
        "2 dots",
        f"{voter.name} on idea {row + 1}: {' '.join(idea.text.split())[:80]}",
    ) in cells
    headers = [name for name, _ in heard(view.voting.table, QAccessible.Role.ColumnHeader)]
    assert any(h.startswith(f"{voter.name}, ") and h.endswith(" left") for h in headers)
    rows = [name for name, _ in heard(view.voting.table, QAccessible.Role.RowHeader)]
    assert rows[row].startswith(f"Idea {row + 1}: {' '.join(idea.text.split())[:20]}")

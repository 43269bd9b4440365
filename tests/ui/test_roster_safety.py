"""The roster screen's safety nets, as a new user meets them: the confirm of a step that
cannot be undone says a backup is taken and where it comes back from; a person with history
offers merge or deactivate as buttons; a planned session needs a team that is not archived;
Ctrl+D keeps the keyboard user's place; old messages go when what they spoke of changes;
the merge picker proposes the likely duplicate; F1 lists the screen's own keys."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from facilitator import demo, roster
from ui.screens.roster import RosterScreen


@pytest.fixture
def screen(qtbot, fresh_db):
    team = roster.create_team(fresh_db, "Ops").value
    for name in ("Pia Lund", "Zoë Weiß", "Bob Smith", "Álvaro Núñez", "Jonas Berg"):
        roster.add_participant(fresh_db, team.id, name)
    view = RosterScreen(fresh_db)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.load(team.id)
    return view


def _names(view: RosterScreen) -> list[str]:
    model = view.people_model
    return [model.person_at(row).name for row in range(model.rowCount())]


def _select(view: RosterScreen, name: str) -> None:
    view.people_table.setFocus()
    view.people_table.setCurrentIndex(view.people_model.index(_names(view).index(name), 0))


def test_the_confirm_of_deleting_a_team_says_a_backup_is_taken(screen, answer) -> None:
    replies, seen = answer
    demo.add_demo(screen.database)
    demo_team = next(t for t in roster.list_teams(screen.database) if t.name != "Ops")
    screen.load(demo_team.id)
    replies.append("Cancel")
    screen.tidy.delete_team_action.trigger()
    assert "a backup is taken first, which File → Backups… can bring back" in seen[0]


def test_the_confirm_of_a_merge_says_a_backup_is_taken(screen, answer, monkeypatch) -> None:
    replies, seen = answer
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda *args, **kwargs: ("Zoë Weiß", True))
    )
    _select(screen, "Pia Lund")
    replies.append("Cancel")
    screen.tidy.merge_button.click()
    assert "a backup is taken first, which File → Backups… can bring back" in seen[0]
    assert "Pia Lund" in _names(screen)

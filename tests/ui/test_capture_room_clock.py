"""The capture list tells each item's time on the clock of the room the session ran in."""

from __future__ import annotations

import time

import pytest

from facilitator.model import Contribution, SessionStatus
from facilitator.store import Database, captures, sessions, teams
from ui.screens.capture_panel import CapturePanel


def test_an_items_time_reads_on_the_rooms_clock(
    qtbot, fresh_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An idea noted at 10:15 in London reads 10:15 in New York too (it read 05:15)."""
    team = teams.create_team(fresh_db, "Ops")
    s = sessions.create_session(fresh_db, team.id, "Dispatch", planned_date="2026-12-01")
    sessions.edit_session(
        fresh_db,
        s.id,
        status=SessionStatus.FINISHED,
        started_at="2026-12-01T09:30:00.000+00:00",
        ended_at="2026-12-01T11:20:00.000+00:00",
        time_zone="Europe/London",
    )
    captures.add(
        fresh_db,
        Contribution(s.id, "Shadow mode first", created_at="2026-12-01T10:15:00.000+00:00"),
    )
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        panel = CapturePanel(fresh_db)
        qtbot.addWidget(panel)
        panel.set_context(s.id, None)
        tree = panel.tree
        cells = []
        for i in range(tree.topLevelItemCount()):
            row = tree.topLevelItem(i)
            cells += [row.text(c) for c in range(tree.columnCount())]
            for j in range(row.childCount()):
                cells += [row.child(j).text(c) for c in range(tree.columnCount())]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert any(cell.endswith("10:15") for cell in cells), cells
    assert not any("05:15" in cell for cell in cells)

"""Two laptops (two database files) and one shared folder, for the team folder tests."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from facilitator import rota, team_folder
from facilitator.clock import FakeClock, iso
from facilitator.model import SessionStatus
from facilitator.store import Database, open_database, sessions, teams
from facilitator.team_folder import SyncResult


@dataclass
class Laptops:
    a: Database
    b: Database
    folder: Path
    team_id: str
    people: dict[str, str]
    clock: FakeClock

    def sync(self, database: Database) -> SyncResult:
        self.clock.advance(60)
        return team_folder.sync_team(database, self.team_id, now=self.clock.now()).value

    def run_session(self, database: Database, day: str) -> str:
        """A session on ``day`` with the rotation's suggestion accepted, run and finished."""
        sid = sessions.create_session(database, self.team_id, f"Session {day}", planned_date=day).id
        rota.accept(database, rota.suggest_for_session(database, sid), clock=self.clock)
        self.clock.advance(60)
        sessions.edit_session(
            database, sid, status=SessionStatus.RUNNING, started_at=iso(self.clock.now())
        )
        self.clock.advance(3600)
        sessions.edit_session(
            database, sid, status=SessionStatus.FINISHED, ended_at=iso(self.clock.now())
        )
        return sid


def make_laptops(tmp_path: Path, *, roles: int = 2) -> Laptops:
    folder = tmp_path / "Team folder"
    folder.mkdir()
    a = open_database(tmp_path / "a.db")
    b = open_database(tmp_path / "b.db")
    team_folder.set_laptop_name(a, "Laptop A")
    team_folder.set_laptop_name(b, "Laptop B")
    team = teams.create_team(a, "Ops")
    people = {
        n: teams.add_participant(a, team.id, n, joined_on="2025-01-01").id
        for n in ("Ann", "Bo", "Cy", "Di")
    }
    for role in teams.list_roles(a, team.id)[roles:]:
        teams.update_role(a, replace(role, rotates=False))
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    team_folder.link_folder(a, team.id, folder, now=clock.now())
    return Laptops(a, b, folder, team.id, people, clock)


def table_dump(database: Database) -> dict[str, list[dict[str, Any]]]:
    """Every row of the synced tables and the sync state, to tell "nothing changed"."""
    out = {}
    for table in (
        "teams",
        "participants",
        "roles",
        "role_optouts",
        "rotation_rules",
        "agenda_templates",
        "sessions",
        "attendance",
        "phases",
        "role_assignments",
        "contributions",
        "decisions",
        "actions",
        "item_changes",
        "item_deletions",
        "sync_items",
        "sync_conflicts",
    ):
        out[table] = database.query(f"select * from {table} order by 1, 2")
    return out


def folder_dump(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def later(clock: FakeClock, minutes: int) -> str:
    return iso(clock.now() + timedelta(minutes=minutes))

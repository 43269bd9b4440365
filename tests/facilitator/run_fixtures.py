"""Build small sessions to run in tests: a team, people present, an agenda of phases."""

from __future__ import annotations

from facilitator import planning
from facilitator.model import Phase, PhaseMode
from facilitator.store import sessions, teams
from facilitator.store.database import Database

NAMES = ["Amara", "Benoît", "Chen", "Dmitri", "Eve", "Farah"]


def make_session(
    database: Database,
    durations: list[int],
    *,
    present: int = 4,
    modes: list[PhaseMode] | None = None,
    breaks: set[int] | None = None,
    per_speaker: int | None = None,
) -> tuple[str, list[str]]:
    """A session with these phase durations; returns (session id, present ids by name)."""
    team = teams.create_team(database, f"Team {len(teams.list_teams(database)) + 1}")
    people = [teams.add_participant(database, team.id, name) for name in NAMES]
    session = sessions.create_session(database, team.id, "Pause or push on")
    here = [p.id for p in people[:present]]
    planning.set_present(database, session.id, here)
    modes = modes or [PhaseMode.OPEN] * len(durations)
    phases = [
        Phase(
            session.id,
            i,
            f"Phase {i + 1}",
            seconds,
            mode=modes[i],
            prompt=f"Prompt {i + 1}",
            is_break=i in (breaks or set()),
            per_speaker_s=per_speaker if modes[i] is PhaseMode.ROUND_ROBIN else None,
        )
        for i, seconds in enumerate(durations)
    ]
    sessions.add_phases(database, phases)
    return session.id, here

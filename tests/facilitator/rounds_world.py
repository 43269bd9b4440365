"""A session whose agenda repeats a block for the group: Troika Consulting for six people,
a round per member of each trio (three rounds), as the planner saves it."""

from __future__ import annotations

from facilitator import agenda, formats, planning
from facilitator.model import Phase
from facilitator.store import sessions, teams
from facilitator.store.database import Database

NAMES = ["Amara", "Benoît", "Chen", "Dmitri", "Eve", "Farah"]


def troika_session(
    database: Database, present: int = 6, before: list[Phase] | None = None, title: str = ""
) -> str:
    """A session of ``present`` people whose agenda is Troika Consulting (after the phases
    ``before``, when given); returns its id."""
    team = teams.create_team(database, f"Troika team {len(teams.list_teams(database)) + 1}")
    people = [teams.add_participant(database, team.id, name) for name in NAMES]
    session = sessions.create_session(database, team.id, title or "Go or no-go")
    planning.set_present(database, session.id, [p.id for p in people[:present]])
    troika = formats.get_format("troika-consulting")
    first = [
        Phase(session.id, i, p.title, p.planned_s, mode=p.mode) for i, p in enumerate(before or [])
    ]
    phases = agenda.insert_format(first, troika, session.id, present)
    planning.save_agenda(database, session.id, phases)
    return session.id

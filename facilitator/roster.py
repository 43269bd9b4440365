"""The team's roster, the user actions and reads: teams, the people in them, the team's role
catalogue, its rotation rules and who opts out of which role.

Each action checks, commits and returns what it changed (``Changes``, or ``Done`` with the
value made or stored); the reads are what the screens show.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from facilitator import collation
from facilitator.changes import Changes, Done, Topic
from facilitator.clock import Clock, utc_now_iso
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import Participant, Role, RoleOptOut, RotationRules, Team
from facilitator.phrases import and_list
from facilitator.store import roster_cleanup, teams
from facilitator.store.database import Database
from facilitator.store.roster_cleanup import ImportBatch

# ------------------------------------------------------------------ reads

if TYPE_CHECKING:
    from facilitator import roster_import


def list_teams(database: Database, *, include_archived: bool = False) -> list[Team]:
    """The teams by name; archived ones are hidden unless ``include_archived`` (reports and
    the ledger still reach them by id)."""
    return teams.list_teams(database, include_archived=include_archived)


def is_archived(database: Database, team_id: str) -> bool:
    return team_id in roster_cleanup.archived_team_ids(database)


def get_team(database: Database, team_id: str) -> Team:
    return teams.get_team(database, team_id)


def find_team(database: Database, id_or_name: str) -> Team:
    """A team by id or by (case-insensitive) name."""
    return teams.find_team(database, id_or_name)


def list_participants(
    database: Database, team_id: str, *, include_inactive: bool = False
) -> list[Participant]:
    """The team's people by name; the active ones unless ``include_inactive``."""
    return teams.list_participants(database, team_id, include_inactive=include_inactive)


def get_participant(database: Database, participant_id: str) -> Participant:
    return teams.get_participant(database, participant_id)


def list_roles(database: Database, team_id: str, *, rotating_only: bool = False) -> list[Role]:
    """The team's role catalogue in display order."""
    return teams.list_roles(database, team_id, rotating_only=rotating_only)


def get_role(database: Database, role_id: str) -> Role:
    return teams.get_role(database, role_id)


def get_rotation_rules(database: Database, team_id: str) -> RotationRules:
    return teams.get_rotation_rules(database, team_id)


def list_optouts(database: Database, team_id: str) -> list[RoleOptOut]:
    """Every opt-out of the team's people (expired ones too)."""
    return teams.list_optouts(database, team_id)


# ------------------------------------------------------------------ teams


def _team(team_id: str, *topics: Topic) -> Changes:
    return Changes.of(*topics, team_id=team_id)


def create_team(database: Database, name: str) -> Done[Team]:
    """A new team, with its own copy of the built-in roles."""
    team = teams.create_team(database, name)
    return Done(team, _team(team.id, Topic.TEAMS, Topic.ROLE_CATALOGUE))


def rename_team(database: Database, team_id: str, name: str) -> Done[Team]:
    team = teams.rename_team(database, team_id, name)
    return Done(team, _team(team_id, Topic.TEAMS))


def set_rotation_rules(database: Database, team_id: str, rules: RotationRules) -> Changes:
    """How the team rotates (per session or per agenda item; newcomers shadow or not)."""
    teams.set_rotation_rules(database, team_id, rules)
    return _team(team_id, Topic.TEAMS)


# ------------------------------------------------------------------ people


def add_participant(
    database: Database, team_id: str, name: str, area: str = "", note: str = "", joined_on: str = ""
) -> Done[Participant]:
    person = teams.add_participant(database, team_id, name, area, note, joined_on)
    return Done(person, _team(team_id, Topic.PEOPLE))


def update_participant(database: Database, participant_id: str, **fields: Any) -> Done[Participant]:
    """Change a person's name, area, note or joining date (validated as a new record)."""
    person = teams.get_participant(database, participant_id)
    stored = teams.update_participant(database, dataclasses.replace(person, **fields))
    return Done(stored, _team(person.team_id, Topic.PEOPLE))


def set_participant_active(database: Database, participant_id: str, active: bool) -> Changes:
    """Deactivate instead of deleting: a person's history stays in the ledger and reports."""
    person = teams.get_participant(database, participant_id)
    teams.set_participant_active(database, participant_id, active)
    return _team(person.team_id, Topic.PEOPLE)


def import_people(
    database: Database, preview: roster_import.Preview, joined_on: str = "", source: str = ""
) -> Done[list[Participant]]:
    """Add every accepted row of a previewed file in one transaction (all or nothing), kept
    as one batch that ``undo_import`` can take back; ``source`` is the file's name."""
    from facilitator import roster_import  # the CSV import loads when it is used

    people = roster_import.commit(database, preview, joined_on, source=source)
    return Done(people, _team(preview.team_id, Topic.PEOPLE))


# ------------------------------------------------------------------ tidying the roster


@dataclasses.dataclass(frozen=True)
class DeletedPerson:
    """A person as they were before ``delete_participant``, with the rows that went with
    them (opt-outs, import batch, planned sessions' places), for ``restore_participant``."""

    person: Participant
    rows: roster_cleanup.Rows


def participant_history(database: Database, participant_id: str) -> list[str]:
    """What a person took part in, in words ("attendance", "votes"...); empty when nothing."""
    return roster_cleanup.history(database, participant_id)


def why_not_deletable(database: Database, participant_id: str) -> str:
    """The sentence refusing to delete a person with history, naming what the record holds
    and the two ways out (merge, deactivate); empty when they can be deleted."""
    done = participant_history(database, participant_id)
    if not done:
        return ""
    person = teams.get_participant(database, participant_id)
    return (
        f"{person.name} cannot be deleted because the record holds their "
        f"{and_list(done)}; merge them into another person or deactivate them instead."
    )


def delete_participant(database: Database, participant_id: str) -> Done[DeletedPerson]:
    """Delete a person who has no history (added by mistake, a typo, a wrong import); one
    with history is refused, with merge or deactivate offered instead."""
    person = teams.get_participant(database, participant_id)
    refusal = why_not_deletable(database, participant_id)
    if refusal:
        raise ValidationError(refusal)
    kept = DeletedPerson(person, roster_cleanup.belongings(database, participant_id))
    roster_cleanup.delete_participant(database, participant_id)
    return Done(kept, _team(person.team_id, *_PERSON_AND_PLANS))


def restore_participant(database: Database, deleted: DeletedPerson) -> Done[Participant]:
    """Undo of a delete: the person back as they were, with what went with them."""
    person = deleted.person
    with database.write():
        teams.restore_participant(database, person)
        roster_cleanup.restore_rows(database, deleted.rows)
    return Done(person, _team(person.team_id, *_PERSON_AND_PLANS))


# What deleting a person changes: the roster, opt-outs, planned attendance and rota.
_PERSON_AND_PLANS = (Topic.PEOPLE, Topic.ROLE_CATALOGUE, Topic.ATTENDANCE, Topic.ROLES)


def merge_participants(
    database: Database, keep_id: str, merge_id: str, *, clock: Clock | None = None
) -> Done[Participant]:
    """One person recorded twice becomes one: everything that named ``merge_id`` (attendance,
    roles, turns, captures, votes, consultations, opt-outs) names ``keep_id``, and
    ``merge_id`` is gone. The kept person, as stored now. It cannot be undone, so a backup
    ("Before merging people", File → Backups…) is taken first."""
    if keep_id == merge_id:
        raise ValidationError(
            "Choose another person to merge into; a person cannot merge into themselves."
        )
    kept = teams.get_participant(database, keep_id)
    merged = teams.get_participant(database, merge_id)
    if kept.team_id != merged.team_id:
        raise ValidationError(
            f"{merged.name} and {kept.name} are in different teams, so they cannot be merged."
        )
    _backup_before(database, "before-merging-people", clock)
    roster_cleanup.merge_participants(database, keep_id, merge_id)
    return Done(
        teams.get_participant(database, keep_id),
        Changes.of(
            Topic.PEOPLE,
            Topic.ROLE_CATALOGUE,
            Topic.ATTENDANCE,
            Topic.ROLES,
            Topic.RUN,
            Topic.CAPTURES,
            Topic.VOTES,
            Topic.REVIEWS,
            team_id=kept.team_id,
        ),
    )


def likely_same_person(person: Participant, others: Sequence[Participant]) -> Participant | None:
    """Of ``others``, the one ``person`` most likely duplicates, for the merge to propose:
    the same name once case and accents are folded (ZOË WEIß, Zoë Weiß), else the one
    sharing the most words of the name (Bob, Bob Smith), else a near spelling (Jonas Berg,
    Jonas Burg); None when nobody is alike, so that the user chooses."""
    import difflib  # for the roster's tidy-up alone: not loaded to paint the window

    wanted = collation.key(person.name)[0]
    words = set(wanted.split())

    def alike(other: Participant) -> tuple[bool, int, float]:
        folded = collation.key(other.name)[0]
        shared = len(words & set(folded.split()))
        return folded == wanted, shared, difflib.SequenceMatcher(None, wanted, folded).ratio()

    scored = [(alike(other), other) for other in others]
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if not scored:
        return None
    (same, shared, ratio), best = scored[0]
    return best if same or shared or ratio >= _NEAR_SPELLING else None


# How alike two folded names must be, with no word in common, to be proposed for a merge.
_NEAR_SPELLING = 0.8


def list_imports(database: Database, team_id: str) -> list[ImportBatch]:
    """The team's roster imports, the latest first (undone ones too: ``undone_at``)."""
    return roster_cleanup.list_imports(database, team_id)


@dataclasses.dataclass(frozen=True)
class UndoneImport:
    """What ``undo_import`` did: the names it removed and those it kept (and deactivated)
    because the record now holds their history."""

    source: str
    removed: tuple[str, ...]
    kept: tuple[str, ...]

    def message(self) -> str:
        """The one sentence that tells the user."""
        source = f" from {self.source}" if self.source else ""
        removed = len(self.removed)
        text = f"Import{source} undone: {removed} {'person' if removed == 1 else 'people'} removed"
        if self.kept:
            text += (
                f"; kept and deactivated {and_list(list(self.kept))}, "
                f"who {'has' if len(self.kept) == 1 else 'have'} history since"
            )
        return text + "."


def undo_import(
    database: Database, import_id: str, *, clock: Clock | None = None
) -> Done[UndoneImport]:
    """Take back an import: its people without history are deleted; those who took part
    in something since are kept but deactivated (their history stays in reports)."""
    batch = roster_cleanup.get_import(database, import_id)
    if batch is None:
        raise NotFoundError("That import is no longer recorded.")
    if batch.undone_at:
        raise ValidationError("That import was already undone.")
    present = [
        p
        for p in list_participants(database, batch.team_id, include_inactive=True)
        if p.id in batch.people
    ]
    kept = [p for p in present if participant_history(database, p.id)]
    removed = [p for p in present if p not in kept]
    roster_cleanup.close_import(
        database, import_id, [p.id for p in removed], [p.id for p in kept], utc_now_iso(clock)
    )
    undone = UndoneImport(batch.source, tuple(p.name for p in removed), tuple(p.name for p in kept))
    return Done(undone, _team(batch.team_id, Topic.PEOPLE, Topic.ROLE_CATALOGUE))


# ------------------------------------------------------------------ archiving, deleting teams


def archive_team(database: Database, team_id: str, *, clock: Clock | None = None) -> Changes:
    """Hide a team from lists and pickers; its sessions stay in reports and its ledger."""
    teams.get_team(database, team_id)
    roster_cleanup.set_team_archived(database, team_id, utc_now_iso(clock))
    return _team(team_id, Topic.TEAMS, Topic.SESSIONS)


def unarchive_team(database: Database, team_id: str) -> Changes:
    """Bring an archived team back into lists and pickers."""
    teams.get_team(database, team_id)
    roster_cleanup.set_team_archived(database, team_id, None)
    return _team(team_id, Topic.TEAMS, Topic.SESSIONS)


def why_not_plannable(database: Database, team_id: str) -> str:
    """The sentence saying why no session can be planned for the team now (it is archived,
    hidden from the pickers); empty when one can."""
    if not is_archived(database, team_id):
        return ""
    name = teams.get_team(database, team_id).name
    return (
        f"{name} is archived; bring it back first "
        "(Archive or delete… → Bring back from the archive)."
    )


def can_delete_team(database: Database, team_id: str) -> bool:
    """Whether the team may be deleted: it has no sessions, or only the demo's."""
    total, demo = roster_cleanup.session_counts(database, team_id)
    return total == demo


def demo_session_count(database: Database, team_id: str) -> int:
    """How many of the team's sessions the demo made (they go when the team is deleted)."""
    return roster_cleanup.session_counts(database, team_id)[1]


def delete_team(database: Database, team_id: str, *, clock: Clock | None = None) -> Changes:
    """Delete a team that has no sessions, or whose sessions are all the demo's (the demo
    deleted, as someone who tried it wants), with its people, roles and templates. A team
    with real sessions is refused: archive it instead. It cannot be undone, so a backup
    ("Before deleting a team", File → Backups…) is taken first."""
    team = teams.get_team(database, team_id)
    total, demo = roster_cleanup.session_counts(database, team_id)
    if total > demo:
        real = total - demo
        raise ValidationError(
            f"{team.name} has {real} session{'s' if real != 1 else ''} on record, so it cannot "
            "be deleted; archive it instead to hide it from lists."
        )
    _backup_before(database, "before-deleting-a-team", clock)
    roster_cleanup.delete_team(database, team_id)
    return Changes.of(*Topic, team_id=team_id)


def _backup_before(database: Database, reason: str, clock: Clock | None) -> None:
    """A backup before a step that cannot be undone, listed in File → Backups… by
    ``reason``; an in-memory or read-only database has no file to copy."""
    if database.path is None or database.read_only:
        return
    from facilitator import backup  # the backup code loads when it is needed

    backup.take_backup(database, reason, clock=clock)


# ------------------------------------------------------------------ role catalogue


def add_role(
    database: Database,
    team_id: str,
    name: str,
    brief: str = "",
    behaviours: tuple[str, ...] = (),
    opening_line: str = "",
    rotates: bool = True,
) -> Done[Role]:
    role = teams.add_role(database, team_id, name, brief, behaviours, opening_line, rotates)
    return Done(role, _team(team_id, Topic.ROLE_CATALOGUE))


def update_role(database: Database, role_id: str, **fields: Any) -> Done[Role]:
    """Change a role's name, brief, behaviours, opening line or whether it rotates."""
    role = teams.get_role(database, role_id)
    stored = teams.update_role(database, dataclasses.replace(role, **fields))
    return Done(stored, _team(role.team_id, Topic.ROLE_CATALOGUE))


def set_optout(
    database: Database, participant_id: str, role_id: str, until: str = "", note: str = ""
) -> Done[RoleOptOut]:
    """A person does not take a role, until a date or until removed."""
    optout = teams.set_optout(database, participant_id, role_id, until, note)
    person = teams.get_participant(database, participant_id)
    return Done(optout, _team(person.team_id, Topic.ROLE_CATALOGUE))


def replace_optouts(
    database: Database, participant_id: str, optouts: Sequence[RoleOptOut]
) -> Done[list[RoleOptOut]]:
    """A person's opt-outs become exactly these, in one step (the opt-outs editor)."""
    person = teams.get_participant(database, participant_id)
    stored = teams.replace_optouts(database, participant_id, list(optouts))
    return Done(stored, _team(person.team_id, Topic.ROLE_CATALOGUE))

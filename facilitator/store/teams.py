"""Teams, their roster and their role catalogue."""

from __future__ import annotations

import dataclasses
from typing import Any

from facilitator import collation
from facilitator.assets import load_json
from facilitator.clock import utc_now_iso
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import (
    Participant,
    Role,
    RoleOptOut,
    RotationRules,
    Team,
    clean_name,
)
from facilitator.store import roster_cleanup
from facilitator.store.database import Database
from facilitator.store.rows import from_row, to_row


def builtin_roles() -> list[dict[str, Any]]:
    """The shipped role catalogue (resources/roles.json), in display order."""
    roles: list[dict[str, Any]] = load_json("roles.json")["roles"]
    return roles


# ------------------------------------------------------------------ teams


def create_team(database: Database, name: str, *, with_builtin_roles: bool = True) -> Team:
    """A new team; it starts with its own copy of the built-in roles, which it may edit."""
    team = Team(name=name, created_at=utc_now_iso())
    _refuse_duplicate_team(database, team.name)
    with database.write() as db:
        db.table("teams").insert(to_row(team))
        if with_builtin_roles:
            for position, spec in enumerate(builtin_roles()):
                role = Role(
                    team_id=team.id,
                    name=spec["name"],
                    brief=spec["brief"],
                    behaviours=tuple(spec["behaviours"]),
                    opening_line=spec["opening_line"],
                    rotates=spec["rotates"],
                    builtin_key=spec["key"],
                    position=position,
                )
                db.table("roles").insert(to_row(role))
    return team


def _refuse_duplicate_team(database: Database, name: str, except_id: str = "") -> None:
    if database.query(
        "select 1 from teams where lower(name) = lower(?) and id != ?", [name, except_id]
    ):
        raise ValidationError(f"There is already a team called {name!r}.")


def list_teams(database: Database, *, include_archived: bool = False) -> list[Team]:
    """The teams by name (collated); the archived ones only when asked for."""
    hidden = set() if include_archived else roster_cleanup.archived_team_ids(database)
    found = [from_row(Team, r) for r in database.query("select * from teams")]
    return collation.sort_by_name((t for t in found if t.id not in hidden), _name)


def _name(item: Team | Participant) -> str:
    return item.name


def get_team(database: Database, team_id: str) -> Team:
    rows = database.query("select * from teams where id = ?", [team_id])
    if not rows:
        raise NotFoundError("That team no longer exists.")
    return from_row(Team, rows[0])


def find_team(database: Database, id_or_name: str) -> Team:
    """A team by id or by (case-insensitive) name, for the command line."""
    rows = database.query(
        "select * from teams where id = ? or lower(name) = lower(?)", [id_or_name, id_or_name]
    )
    if not rows:
        raise NotFoundError(f"No team {id_or_name!r}.")
    return from_row(Team, rows[0])


def rename_team(database: Database, team_id: str, name: str) -> Team:
    team = dataclasses.replace(get_team(database, team_id), name=name)
    _refuse_duplicate_team(database, team.name, except_id=team_id)
    with database.write() as db:
        db.table("teams").update(team_id, {"name": team.name})
    return team


# ------------------------------------------------------------------ roster


def _refuse_duplicate_participant(
    database: Database, team_id: str, name: str, except_id: str = ""
) -> None:
    """Refuse a name someone else in the team already has, case and accents folded as the
    lists sort them (ZOË WEIß is Zoë Weiß): adding, renaming, importing and undoing a
    delete all meet this one check."""
    wanted = collation.key(name)[0]
    for row in database.query(
        "select name from participants where team_id = ? and id != ?", [team_id, except_id]
    ):
        if collation.key(row["name"])[0] == wanted:
            raise ValidationError(f"{name} is already in this team.")


def add_participant(
    database: Database, team_id: str, name: str, area: str = "", note: str = "", joined_on: str = ""
) -> Participant:
    person = Participant(
        team_id=team_id, name=name, area=area, note=note, joined_on=joined_on or utc_now_iso()[:10]
    )
    _refuse_duplicate_participant(database, team_id, person.name)
    with database.write() as db:
        db.table("participants").insert(to_row(person))
    return person


def add_participants(database: Database, people: list[Participant], source: str = "") -> None:
    """Add several at once, all or nothing (an import), and keep them as one batch that
    can be undone; ``source`` names where they came from (a file name)."""
    for person in people:
        _refuse_duplicate_participant(database, person.team_id, person.name)
    with database.write() as db:
        db.table("participants").insert_all([to_row(p) for p in people])
        if people:
            batch = roster_cleanup.ImportBatch(
                team_id=people[0].team_id,
                source=source,
                imported_at=utc_now_iso(),
                people=tuple(p.id for p in people),
            )
            roster_cleanup.record_import(database, batch)


def restore_participant(database: Database, person: Participant) -> None:
    """Put back a deleted person exactly as they were (undo of a delete)."""
    _refuse_duplicate_participant(database, person.team_id, person.name)
    with database.write() as db:
        db.table("participants").insert(to_row(person))


def update_participant(database: Database, participant: Participant) -> Participant:
    _refuse_duplicate_participant(
        database, participant.team_id, participant.name, except_id=participant.id
    )
    with database.write() as db:
        db.table("participants").update(participant.id, to_row(participant))
    return participant


def set_participant_active(database: Database, participant_id: str, active: bool) -> None:
    """Deactivate instead of deleting: a person's history stays in the ledger and reports."""
    with database.write() as db:
        db.table("participants").update(participant_id, {"active": int(active)})


def get_participant(database: Database, participant_id: str) -> Participant:
    rows = database.query("select * from participants where id = ?", [participant_id])
    if not rows:
        raise NotFoundError("That participant no longer exists.")
    return from_row(Participant, rows[0])


def list_participants(
    database: Database, team_id: str, *, include_inactive: bool = False
) -> list[Participant]:
    sql = "select * from participants where team_id = ?"
    if not include_inactive:
        sql += " and active = 1"
    found = [from_row(Participant, r) for r in database.query(sql, [team_id])]
    return collation.sort_by_name(found, _name)


# ------------------------------------------------------------------ roles


def list_roles(database: Database, team_id: str, *, rotating_only: bool = False) -> list[Role]:
    sql = "select * from roles where team_id = ?"
    if rotating_only:
        sql += " and rotates = 1"
    sql += " order by position, name collate nocase"
    return [from_row(Role, r) for r in database.query(sql, [team_id])]


def get_role(database: Database, role_id: str) -> Role:
    rows = database.query("select * from roles where id = ?", [role_id])
    if not rows:
        raise NotFoundError("That role no longer exists.")
    return from_row(Role, rows[0])


def add_role(
    database: Database,
    team_id: str,
    name: str,
    brief: str = "",
    behaviours: tuple[str, ...] = (),
    opening_line: str = "",
    rotates: bool = True,
) -> Role:
    name = clean_name(name, "Role name", 60)
    if database.query(
        "select 1 from roles where team_id = ? and lower(name) = lower(?)", [team_id, name]
    ):
        raise ValidationError(f"This team already has a role called {name!r}.")
    position = database.query(
        "select coalesce(max(position), -1) + 1 as p from roles where team_id = ?", [team_id]
    )[0]["p"]
    role = Role(
        team_id=team_id,
        name=name,
        brief=brief,
        behaviours=behaviours,
        opening_line=opening_line,
        rotates=rotates,
        position=position,
    )
    with database.write() as db:
        db.table("roles").insert(to_row(role))
    return role


def update_role(database: Database, role: Role) -> Role:
    if database.query(
        "select 1 from roles where team_id = ? and lower(name) = lower(?) and id != ?",
        [role.team_id, role.name, role.id],
    ):
        raise ValidationError(f"This team already has a role called {role.name!r}.")
    with database.write() as db:
        db.table("roles").update(role.id, to_row(role))
    return role


# ------------------------------------------------------------------ rotation rules, opt-outs


def get_rotation_rules(database: Database, team_id: str) -> RotationRules:
    """The team's rotation rules; a team that never changed them gets the defaults."""
    team = get_team(database, team_id)
    rows = database.query(
        "select shadow_newcomers from rotation_rules where team_id = ?", [team_id]
    )
    shadow = bool(rows[0]["shadow_newcomers"]) if rows else RotationRules().shadow_newcomers
    return RotationRules(per_phase=team.rotate_per_phase, shadow_newcomers=shadow)


def set_rotation_rules(database: Database, team_id: str, rules: RotationRules) -> None:
    """Store both rules in one step."""
    get_team(database, team_id)
    with database.write() as db:
        db.table("teams").update(team_id, {"rotate_per_phase": int(rules.per_phase)})
        db.table("rotation_rules").upsert(
            {"team_id": team_id, "shadow_newcomers": int(rules.shadow_newcomers)}, pk="team_id"
        )


def set_optout(
    database: Database, participant_id: str, role_id: str, until: str = "", note: str = ""
) -> RoleOptOut:
    """Record that a person does not take a role (until a date, or until removed).

    One opt-out per person and role: setting it again replaces the end date and note.
    """
    person = get_participant(database, participant_id)
    role = get_role(database, role_id)
    if person.team_id != role.team_id:
        raise ValidationError("That role belongs to another team.")
    existing = database.query(
        "select id, created_at from role_optouts where participant_id = ? and role_id = ?",
        [participant_id, role_id],
    )
    optout = RoleOptOut(
        participant_id, role_id, until=until or "", note=note or "", created_at=utc_now_iso()
    )
    if existing:
        optout = dataclasses.replace(
            optout, id=existing[0]["id"], created_at=existing[0]["created_at"] or optout.created_at
        )
    with database.write() as db:
        db.execute(
            "delete from role_optouts where participant_id = ? and role_id = ?",
            [participant_id, role_id],
        )
        db.table("role_optouts").insert(to_row(optout))
    return optout


def restore_optout(database: Database, optout: RoleOptOut) -> RoleOptOut:
    """Put back an opt-out exactly as it was (undo of a removal)."""
    with database.write() as db:
        db.execute(
            "delete from role_optouts where participant_id = ? and role_id = ?",
            [optout.participant_id, optout.role_id],
        )
        db.table("role_optouts").insert(to_row(optout))
    return optout


def replace_optouts(
    database: Database, participant_id: str, optouts: list[RoleOptOut]
) -> list[RoleOptOut]:
    """A person's opt-outs become exactly these, in one step (the opt-outs editor)."""
    person = get_participant(database, participant_id)
    team_roles = {r.id for r in list_roles(database, person.team_id)}
    for optout in optouts:
        if optout.participant_id != participant_id or optout.role_id not in team_roles:
            raise ValidationError("An opt-out names another person or another team's role.")
    with database.write() as db:
        db.execute("delete from role_optouts where participant_id = ?", [participant_id])
        if optouts:
            db.table("role_optouts").insert_all([to_row(o) for o in optouts])
    return optouts


def remove_optout(database: Database, optout_id: str) -> None:
    with database.write() as db:
        db.execute("delete from role_optouts where id = ?", [optout_id])


def list_optouts(database: Database, team_id: str) -> list[RoleOptOut]:
    """Every opt-out of the team's people (expired ones too; ``applies_on`` tells)."""
    rows = database.query(
        "select o.*, p.name as person, r.position as role_position from role_optouts o "
        "join participants p on p.id = o.participant_id "
        "join roles r on r.id = o.role_id where p.team_id = ?",
        [team_id],
    )
    rows.sort(key=lambda r: (collation.key(r["person"]), r["role_position"], r["created_at"] or ""))
    return [from_row(RoleOptOut, r) for r in rows]

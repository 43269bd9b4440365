"""The team's rotation rules and agenda templates travel through the team folder like the
roster: added or changed on one laptop they reach the other, changed on both the later is
kept and the other shown, a deleted template is deleted elsewhere; the rotation suggestions
on the other laptop follow the rules taken in; a team file written before they travelled
still reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator import planning, roster, rota, team_folder
from facilitator.model import Phase, PhaseMode, RotationRules
from facilitator.store import Database, sessions, teams, templates
from facilitator.store import team_folder as folder_store
from facilitator.team_folder_files import write_whole
from tests.facilitator.team_folder_world import Laptops, folder_dump, make_laptops, table_dump


@pytest.fixture
def laptops(tmp_path: Path) -> Laptops:
    return make_laptops(tmp_path)


def _join(w: Laptops) -> None:
    assert team_folder.join_folder(w.b, w.folder, now=w.clock.now()).value == w.team_id


def _agenda(*steps: tuple[str, int]) -> list[Phase]:
    return [Phase("unsaved", i, title, s, PhaseMode.OPEN) for i, (title, s) in enumerate(steps)]


def _template(database: Database, w: Laptops, name: str) -> templates.AgendaTemplate:
    (found,) = [t for t in templates.list_templates(database, w.team_id) if t.name == name]
    return found


def _holders(database: Database, session_id: str) -> dict[str, str | None]:
    plan = rota.suggest_for_session(database, session_id)
    return {p.role.id: p.participant_id for p in plan.sittings[0].suggestion.picks}


def test_rules_and_templates_reach_the_other_laptop_and_its_suggestions_follow(
    laptops: Laptops,
) -> None:
    w = laptops
    for day in ("2026-03-02", "2026-03-09", "2026-03-16"):
        w.run_session(w.a, day)
    eve = teams.add_participant(w.a, w.team_id, "Eve", joined_on="2026-03-20").id
    nxt = sessions.create_session(w.a, w.team_id, "Next", planned_date="2026-03-23").id
    agenda = _agenda(("Check-in", 300), ("Ideas", 900))
    templates.save_template(w.a, w.team_id, "Weekly retro", agenda)
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    # The defaults on both: Eve, new to the team, watches before she holds a role.
    assert eve not in _holders(w.b, nxt).values()
    got = templates.list_templates(w.b, w.team_id)
    assert [(t.name, [s["title"] for s in t.steps]) for t in got] == [
        ("Weekly retro", ["Check-in", "Ideas"])
    ]
    planned = planning.create_session(w.b, w.team_id, "From it", template_id=got[0].id).value
    assert [p.title for p in sessions.list_phases(w.b, planned.id)] == ["Check-in", "Ideas"]
    # A stops newcomers shadowing: after both sync, B suggests Eve as A does.
    roster.set_rotation_rules(w.a, w.team_id, RotationRules(shadow_newcomers=False))
    w.sync(w.a)
    result = w.sync(w.b)
    assert result.team_updated + result.team_added >= 1 and result.conflicts == []
    assert teams.get_rotation_rules(w.b, w.team_id).shadow_newcomers is False
    assert rota.suggest_for_session(w.b, nxt).rules.shadow_newcomers is False
    assert eve in _holders(w.b, nxt).values()
    assert _holders(w.b, nxt) == _holders(w.a, nxt)
    # And back again, from B this time.
    roster.set_rotation_rules(w.b, w.team_id, RotationRules(shadow_newcomers=True))
    w.sync(w.b)
    w.sync(w.a)
    assert eve not in _holders(w.a, nxt).values()


def test_a_template_changed_on_one_laptop_reaches_the_other_and_a_second_sync_is_quiet(
    laptops: Laptops,
) -> None:
    w = laptops
    templates.save_template(w.a, w.team_id, "Weekly retro", _agenda(("Check-in", 300)))
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    templates.save_template(
        w.b, w.team_id, "Weekly retro", _agenda(("Check-in", 300), ("Vote", 600)), replace=True
    )
    templates.save_template(w.b, w.team_id, "Planning", _agenda(("Goals", 1200)))
    w.sync(w.b)
    w.sync(w.a)
    assert [s["title"] for s in _template(w.a, w, "Weekly retro").steps] == ["Check-in", "Vote"]
    assert _template(w.a, w, "Planning").id == _template(w.b, w, "Planning").id
    w.sync(w.b)
    db_a, db_b, files = table_dump(w.a), table_dump(w.b), folder_dump(w.folder)
    for database in (w.a, w.b):
        again = w.sync(database)
        assert (again.team_added, again.team_updated, again.published) == (0, 0, 0)
    assert (table_dump(w.a), table_dump(w.b), folder_dump(w.folder)) == (db_a, db_b, files)


def test_a_template_changed_on_both_keeps_the_later_and_shows_the_other(laptops: Laptops) -> None:
    w = laptops
    templates.save_template(w.a, w.team_id, "Weekly retro", _agenda(("Check-in", 300)))
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    tid = _template(w.a, w, "Weekly retro").id
    templates.save_template(
        w.a, w.team_id, "Weekly retro", _agenda(("Check-in", 300), ("A's vote", 600)), replace=True
    )
    templates.save_template(
        w.b, w.team_id, "Weekly retro", _agenda(("Check-in", 300), ("B's pairs", 900)), replace=True
    )
    # Rows are stamped at the write; say when each edit happened: B's is the later one.
    with w.a.write() as db:
        folder_store.set_changed_at(db, "agenda_templates", tid, "2026-03-02T10:00:00.000+00:00")
    with w.b.write() as db:
        folder_store.set_changed_at(db, "agenda_templates", tid, "2026-03-02T11:00:00.000+00:00")
    w.sync(w.a)
    on_b = w.sync(w.b)
    on_a = w.sync(w.a)
    for database in (w.a, w.b):
        steps = [s["title"] for s in templates.get_template(database, tid).steps]
        assert steps == ["Check-in", "B's pairs"]
    for result in (on_a, on_b):
        (conflict,) = result.conflicts
        assert conflict.table == "agenda_templates" and conflict.session_id is None
        assert conflict.kept_from == "Laptop B" and conflict.other_from == "Laptop A"
        assert conflict.other is not None
        assert [s["title"] for s in conflict.other["phases"]["steps"]][-1] == "A's vote"
        assert conflict.describe().startswith("Agenda template “Weekly retro” was changed on")
    assert w.sync(w.a).conflicts == [] and w.sync(w.b).conflicts == []


def test_a_template_deleted_on_one_laptop_is_deleted_on_the_other(laptops: Laptops) -> None:
    w = laptops
    templates.save_template(w.a, w.team_id, "Weekly retro", _agenda(("Check-in", 300)))
    templates.save_template(w.a, w.team_id, "Planning", _agenda(("Goals", 1200)))
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    templates.delete_template(w.b, _template(w.b, w, "Planning").id)
    w.sync(w.b)
    got = w.sync(w.a)
    assert got.team_updated == 1
    assert [t.name for t in templates.list_templates(w.a, w.team_id)] == ["Weekly retro"]
    # Not brought back by A's own older file, nor by B's next sync.
    w.sync(w.b)
    w.sync(w.a)
    for database in (w.a, w.b):
        assert [t.name for t in templates.list_templates(database, w.team_id)] == ["Weekly retro"]


def _own_team_file(w: Laptops) -> Path:
    return w.folder / team_folder.laptop_id(w.a) / "team.json"


def test_a_team_file_written_before_rules_and_templates_travelled_still_reads(
    laptops: Laptops,
) -> None:
    w = laptops
    teams.add_participant(w.a, w.team_id, "Eve", joined_on="2026-03-05")
    w.sync(w.a)
    path = _own_team_file(w)
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("rotation_rules", "agenda_templates"):
        assert key in data
        del data[key]
        data["changed"].pop(key, None)
    write_whole(path, json.dumps(data).encode("utf-8"))
    _join(w)
    got = w.sync(w.b)
    assert got.skipped == [] and got.newer == [] and got.conflicts == []
    assert sorted(p.name for p in teams.list_participants(w.b, w.team_id)) == [
        "Ann",
        "Bo",
        "Cy",
        "Di",
        "Eve",
    ]
    assert teams.get_rotation_rules(w.b, w.team_id) == RotationRules()


def test_a_damaged_template_makes_the_team_file_a_note(laptops: Laptops) -> None:
    w = laptops
    templates.save_template(w.a, w.team_id, "Weekly retro", _agenda(("Check-in", 300)))
    w.sync(w.a)
    path = _own_team_file(w)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["agenda_templates"][0]["phases"]["steps"][0]["mode"] = "dance"
    write_whole(path, json.dumps(data).encode("utf-8"))
    _join(w)
    got = w.sync(w.b)
    (note,) = got.skipped
    assert note.endswith("team.json: agenda_templates item 1: step 1's 'mode' 'dance' is unknown")
    assert templates.list_templates(w.b, w.team_id) == []


def test_rules_set_on_both_laptops_before_they_met_keep_the_later(laptops: Laptops) -> None:
    w = laptops
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    # Both set their rules before either laptop's rules reached the other.
    roster.set_rotation_rules(w.a, w.team_id, RotationRules(shadow_newcomers=False))
    roster.set_rotation_rules(w.b, w.team_id, RotationRules(shadow_newcomers=True))
    with w.a.write() as db:
        folder_store.set_changed_at(db, "rotation_rules", w.team_id, "2026-03-02T12:00:00+00:00")
    with w.b.write() as db:
        folder_store.set_changed_at(db, "rotation_rules", w.team_id, "2026-03-02T10:00:00+00:00")
    w.sync(w.b)
    on_a = w.sync(w.a)
    w.sync(w.b)
    for database in (w.a, w.b):
        assert teams.get_rotation_rules(database, w.team_id).shadow_newcomers is False
    (conflict,) = on_a.conflicts
    assert conflict.kept == {"team_id": w.team_id, "shadow_newcomers": 0}
    assert conflict.other == {"team_id": w.team_id, "shadow_newcomers": 1}
    assert conflict.describe().startswith(
        "The rotation rules were changed on Laptop A and on Laptop B: kept the later change"
    )


def test_templates_of_one_name_saved_on_two_laptops_are_both_kept_told_apart_and_said_once(
    laptops: Laptops,
) -> None:
    w = laptops
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    templates.save_template(w.a, w.team_id, "Weekly", _agenda(("Check-in", 300)))
    w.clock.advance(60)
    templates.save_template(w.b, w.team_id, "Weekly", _agenda(("Goals", 1200)))
    w.sync(w.a)
    got_b = w.sync(w.b)
    got_a = w.sync(w.a)
    said = "were saved on different laptops; each is kept, and New session tells them apart"
    for got in (got_a, got_b):
        (line,) = [x for x in got.lines() if said in x]
        assert line.startswith("Two agenda templates called ")
        assert "called 'Weekly' were saved" in line
    for database in (w.a, w.b):
        found = planning.list_templates(database, w.team_id)
        assert len(found) == 2
        labels = planning.template_labels(found)
        assert len(set(labels.values())) == 2  # told apart
        assert all(", saved " in label for label in labels.values())
        assert not any(said in x for x in w.sync(database).lines())  # said once
    # One template of its name: just its name.
    templates.save_template(w.a, w.team_id, "Planning", _agenda(("Goals", 600)))
    plain = planning.template_labels(planning.list_templates(w.a, w.team_id))
    assert "Planning" in plain.values()

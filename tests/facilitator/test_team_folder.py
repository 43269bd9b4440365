"""A team shared through a folder: two laptops, one folder. Sessions and their rotation
history travel both ways, a second sync changes nothing, offline edits of one item on both
laptops keep both (the later applied, the other shown), deletions and roster edits travel."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from facilitator import capture, ledger, rota, search, team_folder
from facilitator.errors import ValidationError
from facilitator.store import Database, sessions, teams
from facilitator.store import team_folder as folder_store
from tests.facilitator.team_folder_world import Laptops, folder_dump, make_laptops, table_dump


@pytest.fixture
def laptops(tmp_path: Path) -> Laptops:
    return make_laptops(tmp_path)


def _holders(plan: rota.SessionPlan) -> dict[str, str | None]:
    return {p.role.id: p.participant_id for p in plan.sittings[0].suggestion.picks}


def _join(w: Laptops) -> None:
    joined = team_folder.join_folder(w.b, w.folder, now=w.clock.now()).value
    assert joined == w.team_id


def test_a_laptops_sessions_reach_b_with_their_rotation_history(laptops: Laptops) -> None:
    w = laptops
    first = w.run_session(w.a, "2026-03-02")
    second = w.run_session(w.a, "2026-03-09")
    nxt = sessions.create_session(w.a, w.team_id, "Next", planned_date="2026-03-16").id
    on_a = _holders(rota.suggest_for_session(w.a, nxt))
    published = w.sync(w.a)
    assert published.published == 5  # three sessions, the team and the manifest
    _join(w)
    got = w.sync(w.b)
    assert sorted(got.added) == sorted(["Session 2026-03-02", "Session 2026-03-09", "Next"])
    assert got.updated == [] and got.conflicts == [] and got.skipped == []
    # B suggests exactly what A suggests: the two earlier sessions' roles count on B.
    assert _holders(rota.suggest_for_session(w.b, nxt)) == on_a
    held_second = {a.participant_id for a in rota.store.for_session(w.b, second) if not a.ended_at}
    assert len(held_second) == 2 and held_second.isdisjoint(set(on_a.values()))
    led_a, led_b = ledger.load(w.a, w.team_id), ledger.load(w.b, w.team_id)
    assert led_b.totals == led_a.totals and led_b.distribution == led_a.distribution
    assert [s.session_id for s in led_b.sessions] == [first, second]


def test_b_s_new_session_reaches_a_and_changes_its_suggestions(laptops: Laptops) -> None:
    w = laptops
    w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    nxt = sessions.create_session(w.a, w.team_id, "Later", planned_date="2026-03-23").id
    before = _holders(rota.suggest_for_session(w.a, nxt))
    on_b = w.run_session(w.b, "2026-03-09")  # the next facilitator runs it on laptop B
    b_held = {a.participant_id for a in rota.store.for_session(w.b, on_b) if not a.ended_at}
    w.sync(w.b)
    got = w.sync(w.a)
    assert got.added == ["Session 2026-03-09"]
    assert {a.participant_id for a in rota.store.for_session(w.a, on_b)} >= b_held
    after = _holders(rota.suggest_for_session(w.a, nxt))
    assert after != before
    assert set(after.values()).isdisjoint(b_held)  # who led on B is not suggested again
    assert sessions.get_session(w.a, on_b).status == "finished"


def test_syncing_again_changes_nothing_in_the_database_or_the_folder(laptops: Laptops) -> None:
    w = laptops
    sid = w.run_session(w.a, "2026-03-02")
    capture.add(w.a, "decision", sid, "Ship on Friday", clock=w.clock)
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    w.sync(w.a)
    db_a, db_b, files = table_dump(w.a), table_dump(w.b), folder_dump(w.folder)
    for database in (w.a, w.b, w.a):
        again = w.sync(database)
        assert (again.added, again.updated, again.published) == ([], [], 0)
        assert again.kept == 1 and again.conflicts == []
    assert table_dump(w.a) == db_a
    assert table_dump(w.b) == db_b
    assert folder_dump(w.folder) == files


def test_the_same_item_edited_offline_on_both_keeps_the_later_and_shows_the_other(
    laptops: Laptops,
) -> None:
    w = laptops
    sid = w.run_session(w.a, "2026-03-02")
    item = capture.add(w.a, "action", sid, "Call the supplier", clock=w.clock).value
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    # Both laptops offline: A edits first, B a minute later.
    w.clock.advance(600)
    capture.change(w.a, item, clock=w.clock, text="Call the supplier on Monday")
    w.clock.advance(60)
    capture.change(w.b, item, clock=w.clock, text="Email the supplier instead")
    on_a_first = w.sync(w.a)  # A publishes its edit; B's is not in the folder yet
    assert on_a_first.conflicts == []
    on_b = w.sync(w.b)
    on_a = w.sync(w.a)
    for database in (w.a, w.b):
        assert capture.get(database, "action", item.id).text == "Email the supplier instead"
    for result in (on_b, on_a):
        (conflict,) = result.conflicts
        assert conflict.kept is not None and conflict.kept["text"] == "Email the supplier instead"
        assert (
            conflict.other is not None and conflict.other["text"] == "Call the supplier on Monday"
        )
        assert conflict.kept_from == "Laptop B" and conflict.other_from == "Laptop A"
        assert "kept for review" in conflict.describe()
    # The conflict stays listed until dismissed; later syncs add no more.
    assert [c.id for c in team_folder.list_conflicts(w.a, w.team_id)] == [on_a.conflicts[0].id]
    assert w.sync(w.b).conflicts == [] and w.sync(w.a).conflicts == []
    team_folder.dismiss_conflict(w.a, on_a.conflicts[0].id, now=w.clock.now())
    assert team_folder.list_conflicts(w.a, w.team_id) == []
    assert len(team_folder.list_conflicts(w.a, w.team_id, dismissed=True)) == 1
    # A later edit on A now wins everywhere without a new conflict.
    w.clock.advance(60)
    capture.change(w.a, capture.get(w.a, "action", item.id), clock=w.clock, text="Done: emailed")
    w.sync(w.a)
    assert w.sync(w.b).conflicts == []
    assert capture.get(w.b, "action", item.id).text == "Done: emailed"


def test_the_other_version_put_back_after_a_conflict_reaches_every_laptop(
    laptops: Laptops,
) -> None:
    """What the user guide advises: the version not kept, put back by hand, is a new change
    (the same text B once saw from A, but changed later) and wins everywhere."""
    w = laptops
    sid = w.run_session(w.a, "2026-03-02")
    item = capture.add(w.a, "action", sid, "Call the supplier", clock=w.clock).value
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    w.clock.advance(600)
    capture.change(w.a, item, clock=w.clock, text="Ann: call Palletco")
    w.clock.advance(60)
    capture.change(w.b, item, clock=w.clock, text="Bo: email the supplier")
    w.sync(w.a)  # A's edit reaches the folder first: B meets it as a conflict, keeps its own
    (conflict,) = w.sync(w.b).conflicts
    w.sync(w.a)
    assert capture.get(w.a, "action", item.id).text == "Bo: email the supplier"
    assert conflict.other is not None and conflict.other["text"] == "Ann: call Palletco"
    w.clock.advance(60)
    capture.change(
        w.a, capture.get(w.a, "action", item.id), clock=w.clock, text="Ann: call Palletco"
    )
    w.sync(w.a)
    assert w.sync(w.b).conflicts == []
    assert w.sync(w.a).conflicts == []
    for database in (w.a, w.b):
        assert capture.get(database, "action", item.id).text == "Ann: call Palletco"
    again = w.sync(w.b)  # and then nothing more to do
    assert again.updated == [] and again.conflicts == []


def test_an_older_edit_loses_to_a_newer_one_whichever_laptop_syncs_first(
    laptops: Laptops,
) -> None:
    w = laptops
    sid = w.run_session(w.a, "2026-03-02")
    item = capture.add(w.a, "decision", sid, "Go live in May", clock=w.clock).value
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    w.clock.advance(60)
    capture.change(w.b, item, clock=w.clock, text="Go live in June")  # B edits first
    w.clock.advance(60)
    capture.change(w.a, item, clock=w.clock, text="Go live in July")  # A edits later
    w.sync(w.b)
    result = w.sync(w.a)  # A meets B's older edit: keeps its own, shows B's
    assert capture.get(w.a, "decision", item.id).text == "Go live in July"
    (conflict,) = result.conflicts
    assert conflict.other is not None and conflict.other["text"] == "Go live in June"
    w.sync(w.b)
    assert capture.get(w.b, "decision", item.id).text == "Go live in July"


def test_a_session_edited_on_both_sides_keeps_the_later_title(laptops: Laptops) -> None:
    w = laptops
    sid = sessions.create_session(w.a, w.team_id, "Planning", planned_date="2026-04-01").id
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    sessions.edit_session(w.a, sid, title="Planning (A)")
    sessions.edit_session(w.b, sid, title="Planning (B)")
    # Rows other than captures are stamped at the write; say when each edit happened.
    with w.a.write() as db:
        folder_store.set_changed_at(db, "sessions", sid, "2026-04-01T10:00:00.000+00:00")
    with w.b.write() as db:
        folder_store.set_changed_at(db, "sessions", sid, "2026-04-01T09:00:00.000+00:00")
    w.sync(w.b)
    result = w.sync(w.a)
    w.sync(w.b)
    assert sessions.get_session(w.a, sid).title == "Planning (A)"
    assert sessions.get_session(w.b, sid).title == "Planning (A)"
    (conflict,) = result.conflicts
    assert conflict.other is not None and conflict.other["title"] == "Planning (B)"


def test_deleted_captures_and_agenda_steps_travel(laptops: Laptops) -> None:
    w = laptops
    from facilitator.model import Phase

    sid = sessions.create_session(w.a, w.team_id, "Planning", planned_date="2026-04-01").id
    keep, drop = Phase(sid, 0, "Check-in", 300), Phase(sid, 1, "Ideas", 600)
    sessions.add_phases(w.a, [keep, drop])
    idea = capture.add(w.a, "contribution", sid, "A shared board", clock=w.clock).value
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    assert [p.title for p in sessions.list_phases(w.b, sid)] == ["Check-in", "Ideas"]
    w.clock.advance(60)
    capture.delete(w.a, "contribution", idea.id, clock=w.clock)
    sessions.replace_phases(w.a, sid, [keep])
    w.sync(w.a)
    got = w.sync(w.b)
    assert got.updated == ["Planning"]
    assert [p.title for p in sessions.list_phases(w.b, sid)] == ["Check-in"]
    assert capture.for_session(w.b, sid, ["contribution"]) == []
    assert w.b.query("select deleted_at from contributions where id = ?", [idea.id])[0][
        "deleted_at"
    ]  # deleted softly, as the app deletes: it can still be brought back
    # The deletion is not taken back by B's own (older) files.
    w.sync(w.b)
    w.sync(w.a)
    assert [p.title for p in sessions.list_phases(w.a, sid)] == ["Check-in"]


def test_roster_and_role_changes_travel_both_ways(laptops: Laptops) -> None:
    w = laptops
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    bo = teams.get_participant(w.b, w.people["Bo"])
    teams.update_participant(w.b, replace(bo, area="Warehouse"))
    eve = teams.add_participant(w.b, w.team_id, "Eve", joined_on="2026-03-01")
    role = teams.list_roles(w.a, w.team_id)[0]
    teams.update_role(w.a, replace(role, brief="Keeps us on time, kindly."))
    teams.set_optout(w.a, w.people["Ann"], role.id, until="2026-06-30")
    w.sync(w.b)
    got_a = w.sync(w.a)
    got_b = w.sync(w.b)
    assert got_a.team_added >= 1 and got_a.team_updated >= 1
    assert got_b.team_added >= 1 and got_b.team_updated >= 1
    assert teams.get_participant(w.a, w.people["Bo"]).area == "Warehouse"
    assert teams.get_participant(w.a, eve.id).name == "Eve"
    assert teams.get_role(w.b, role.id).brief == "Keeps us on time, kindly."
    assert [(o.participant_id, o.until) for o in teams.list_optouts(w.b, w.team_id)] == [
        (w.people["Ann"], "2026-06-30")
    ]


def test_a_missing_folder_is_a_calm_state_and_changes_nothing(laptops: Laptops) -> None:
    w = laptops
    w.run_session(w.a, "2026-03-02")
    before = table_dump(w.a)
    w.folder.rename(w.folder.with_name("unplugged"))
    done = team_folder.sync_team(w.a, w.team_id, now=w.clock.now())
    assert done.value.missing and not done.changes
    assert "is not there right now" in done.value.lines()[0]
    assert table_dump(w.a) == before


def test_a_folder_carrying_another_team_is_refused(laptops: Laptops, tmp_path: Path) -> None:
    w = laptops
    w.sync(w.a)
    other = teams.create_team(w.b, "Finance")
    with pytest.raises(ValidationError, match="already carries another team"):
        team_folder.link_folder(w.b, other.id, w.folder)
    assert team_folder.folder_for(w.b, other.id) is None


def test_unlinking_leaves_the_folder_alone(laptops: Laptops) -> None:
    w = laptops
    w.sync(w.a)
    files = folder_dump(w.folder)
    assert team_folder.unlink_folder(w.a, w.team_id)
    assert team_folder.folder_for(w.a, w.team_id) is None
    assert folder_dump(w.folder) == files
    with pytest.raises(ValidationError, match="not linked"):
        team_folder.sync_team(w.a, w.team_id)


def test_two_laptops_known_by_one_computer_name_are_told_apart_when_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both laptops have the computer name "vm" and no name chosen: the second to link
    becomes "vm (2)", a third "vm (3)"; a name chosen on a laptop is never changed."""
    from facilitator.store import open_database

    monkeypatch.setattr(team_folder.socket, "gethostname", lambda: "vm")
    folder = tmp_path / "shared"
    folder.mkdir()
    first = open_database(tmp_path / "1.db")
    team = teams.create_team(first, "Ops")
    team_folder.link_folder(first, team.id, folder)
    assert team_folder.laptop_name(first) == "vm"  # alone in the folder: as it was
    team_folder.sync_team(first, team.id)
    second, third, chosen = (open_database(tmp_path / f"{n}.db") for n in (2, 3, 4))
    try:
        team_folder.join_folder(second, folder)
        assert team_folder.laptop_name(second) == "vm (2)"
        team_folder.sync_team(second, team.id)
        team_folder.join_folder(third, folder)
        assert team_folder.laptop_name(third) == "vm (3)"
        team_folder.set_laptop_name(chosen, "vm")  # chosen so, on purpose
        team_folder.join_folder(chosen, folder)
        assert team_folder.laptop_name(chosen) == "vm"
        # The first laptop's name is not touched by the others joining.
        team_folder.sync_team(first, team.id)
        assert team_folder.laptop_name(first) == "vm"
    finally:
        for database in (first, second, third, chosen):
            database.close()


def test_an_undo_after_a_sync_took_in_a_later_change_refuses_and_keeps_it(
    laptops: Laptops,
) -> None:
    """A edits an action, B edits it later, A syncs: A's undo would put back the text
    before A's edit over B's, so it is not offered, refused if asked, and B's text stays."""
    w = laptops
    sid = sessions.create_session(w.a, w.team_id, "Retro", planned_date="2026-03-03").id
    action = capture.add(w.a, "action", sid, "Call the carrier", clock=w.clock).value
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    capture.change(w.a, action, clock=w.clock, text="Call the carrier (A)")
    assert capture.next_undo(w.a, sid) is not None  # A's own edit: undoable
    w.clock.advance(120)
    on_b = capture.get(w.b, "action", action.id)
    capture.change(w.b, on_b, clock=w.clock, text="Email the carrier (B)")
    w.sync(w.b)
    w.sync(w.a)
    assert capture.get(w.a, "action", action.id).text == "Email the carrier (B)"
    assert capture.next_undo(w.a, sid) is None  # not offered
    with pytest.raises(ValidationError, match="changed on another laptop since"):
        capture.undo(w.a, sid)
    assert capture.get(w.a, "action", action.id).text == "Email the carrier (B)"
    assert capture.undo(w.a, sid).value is None  # the stale entry is gone: nothing to undo


def test_a_laptop_joining_meets_one_laptop_behind_another_with_no_conflict(
    laptops: Laptops, tmp_path: Path
) -> None:
    """A changed an action after B last synced, so B's file holds the older version. A
    third laptop joining reads both: it keeps A's later version and reports no conflict;
    the same when B is the one ahead."""
    from facilitator.store import open_database

    w = laptops
    sid = sessions.create_session(w.a, w.team_id, "Retro", planned_date="2026-03-03").id
    action = capture.add(w.a, "action", sid, "Call the carrier", clock=w.clock).value
    w.sync(w.a)
    _join(w)
    w.sync(w.b)  # B's file now holds the action as it was
    capture.change(w.a, action, clock=w.clock, text="Call the carrier about Leeds")
    w.sync(w.a)
    latest = "Call the carrier about Leeds"
    for name in ("c.db", "d.db"):
        c = open_database(tmp_path / name)
        try:
            team_folder.set_laptop_name(c, "Laptop C")
            team_folder.join_folder(c, w.folder, now=w.clock.now())
            got = w.sync(c)
            assert got.conflicts == [] and not any("changed on" in x for x in got.lines())
            assert capture.get(c, "action", action.id).text == latest
            assert w.sync(c).conflicts == []
        finally:
            c.close()
        # The other way round for the next laptop: B's file newer than A's (A not synced).
        w.sync(w.b)
        latest = "Email the carrier"
        capture.change(w.b, capture.get(w.b, "action", action.id), clock=w.clock, text=latest)
        w.sync(w.b)


def _found(database: Database, text: str) -> list[str]:
    return [h.item_id for g in search.search(database, text).groups for h in g.hits]


def test_captures_taken_in_are_found_by_search_as_they_now_read(laptops: Laptops) -> None:
    # A sync writes captures in bulk and indexes them at its end: what it took in is
    # found, an edit by its new words only, a deletion not at all, and the index keeps
    # following the captures entered after the sync.
    w = laptops
    sid = sessions.create_session(w.a, w.team_id, "Planning", planned_date="2026-04-01").id
    board = capture.add(w.a, "contribution", sid, "A shared kanban board", clock=w.clock).value
    call = capture.add(w.a, "action", sid, "Call the supplier", clock=w.clock).value
    w.sync(w.a)
    _join(w)
    w.sync(w.b)
    assert _found(w.b, "kanban") == [board.id]
    assert _found(w.b, "supplier") == [call.id]
    w.clock.advance(60)
    capture.change(w.a, board, text="A shared whiteboard", clock=w.clock)
    capture.delete(w.a, "action", call.id, clock=w.clock)
    w.sync(w.a)
    w.sync(w.b)
    assert _found(w.b, "kanban") == []
    assert _found(w.b, "whiteboard") == [board.id]
    assert _found(w.b, "supplier") == []
    later = capture.add(w.b, "learning", sid, "Whiteboards need owners", clock=w.clock).value
    assert _found(w.b, "owners") == [later.id]
    triggers = "select name, sql from sqlite_master where type = 'trigger' order by name"
    assert w.b.query(triggers) == w.a.query(triggers)  # every trigger back, word for word


def test_before_a_restore_the_shared_teams_are_named_with_what_a_sync_does(
    tmp_path: Path,
) -> None:
    from facilitator import team_folder_status
    from facilitator.store import open_database

    folder = tmp_path / "shared"
    folder.mkdir()
    database = open_database(tmp_path / "a.db")
    try:
        ops = teams.create_team(database, "Ops")
        teams.create_team(database, "Sales")  # not shared
        assert team_folder_status.before_restore(database) == ""
        team_folder.link_folder(database, ops.id, folder)
        said = team_folder_status.before_restore(database)
        assert said.startswith("Ops is shared through a team folder")
        assert "Sales" not in said and "linked again" in said
    finally:
        database.close()

"""The stored rota: accepting, overriding, departures, handover, retrospectives, ledger."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from facilitator import ledger, planning, rota
from facilitator.clock import FakeClock, iso
from facilitator.errors import ValidationError
from facilitator.model import (
    AttendanceStatus,
    Learning,
    Phase,
    RotationRules,
    SessionStatus,
)
from facilitator.store import assignments, captures, sessions, teams
from facilitator.store.database import Database


def make_team(
    db: Database, names: list[str], roles: int = 5
) -> tuple[str, dict[str, str], list[str]]:
    team = teams.create_team(db, "Ops")
    ids = {n: teams.add_participant(db, team.id, n, joined_on="2025-01-01").id for n in names}
    all_roles = teams.list_roles(db, team.id)
    for role in all_roles[roles:]:
        teams.update_role(db, replace(role, rotates=False))
    return team.id, ids, [r.id for r in all_roles[:roles]]


def new_session(db: Database, team_id: str, day: str, present: list[str] | None = None) -> str:
    session = sessions.create_session(db, team_id, f"Session {day}", planned_date=day)
    if present is not None:
        planning.set_present(db, session.id, present)
    return session.id


def start(db: Database, session_id: str, at: str) -> None:
    sessions.edit_session(db, session_id, status=SessionStatus.RUNNING, started_at=at)


def finish(db: Database, session_id: str, at: str) -> None:
    sessions.edit_session(db, session_id, status=SessionStatus.FINISHED, ended_at=at)


def holders(db: Database, session_id: str) -> dict[str, str]:
    return {
        a.role_id: a.participant_id
        for a in assignments.for_session(db, session_id)
        if not a.ended_at and not a.shadow_of
    }


def run_session(
    db: Database, team_id: str, day: str, clock: FakeClock, present: list[str] | None = None
) -> str:
    sid = new_session(db, team_id, day, present)
    rota.accept(db, rota.suggest_for_session(db, sid), clock=clock)
    clock.advance(60)
    start(db, sid, iso(clock.now()))
    clock.advance(3600)
    finish(db, sid, iso(clock.now()))
    clock.advance(7 * 24 * 3600 - 3660)  # the next session runs on its day, a week later
    return sid


# ---------------------------------------------------------------- accepting


def test_accepting_stores_every_pick_with_its_reason(fresh_db) -> None:
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=3)
    sid = new_session(fresh_db, team_id, "2026-03-02")
    plan = rota.suggest_for_session(fresh_db, sid)
    assert plan.assumed_present and "assumed present" in plan.notes[0]
    stored = rota.accept(fresh_db, plan, clock=FakeClock()).value
    assert {a.role_id for a in stored} == set(roles)
    assert len({a.participant_id for a in stored}) == 3
    assert all(a.reason and not a.overridden for a in stored)
    # Suggesting again replaces the plan; the replaced rows end and never count.
    again = rota.accept(fresh_db, rota.suggest_for_session(fresh_db, sid), clock=FakeClock()).value
    rows = assignments.for_session(fresh_db, sid)
    assert len(rows) == 6 and sum(1 for a in rows if a.ended_at) == 3
    assert len(again) == 3


def test_override_before_the_start_is_recorded_and_respected_next_time(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo"], roles=1)
    first = new_session(fresh_db, team_id, "2026-03-02")
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, first), clock=clock)
    assert holders(fresh_db, first) == {roles[0]: ids["Ann"]}
    clock.advance(60)
    new = rota.reassign(
        fresh_db, first, roles[0], ids["Bo"], "Ann presents the figures", clock=clock
    ).value
    assert new.overridden and new.reason == "Ann presents the figures"
    old = [a for a in assignments.for_session(fresh_db, first) if a.ended_at]
    assert [a.participant_id for a in old] == [ids["Ann"]]
    clock.advance(60)
    start(fresh_db, first, iso(clock.now()))
    finish(fresh_db, first, iso(clock.now() + timedelta(hours=1)))
    # Only Bo really held it, so Ann is next.
    second = new_session(fresh_db, team_id, "2026-03-09")
    pick = rota.suggest_for_session(fresh_db, second).sittings[0].suggestion.picks[0]
    assert pick.participant_id == ids["Ann"]
    assert pick.reason.startswith("Ann has never been Facilitator")


def test_override_during_the_session_counts_both_holders(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=1)
    first = new_session(fresh_db, team_id, "2026-03-02")
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, first), clock=clock)
    clock.advance(60)
    start(fresh_db, first, iso(clock.now()))
    clock.advance(600)
    rota.reassign(fresh_db, first, roles[0], ids["Bo"], "Ann lost her voice", clock=clock)
    finish(fresh_db, first, iso(clock.now() + timedelta(hours=1)))
    history = rota.history_for(fresh_db, new_session(fresh_db, team_id, "2026-03-09"))
    assert sorted(h.participant_id for h in history.holdings) == sorted([ids["Ann"], ids["Bo"]])
    table = ledger.load(fresh_db, team_id)
    assert table.cell(ids["Ann"], roles[0]).count == 1
    assert table.cell(ids["Bo"], roles[0]).count == 1


def test_swap_exchanges_holders_and_refuses_nonsense(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=2)
    sid = new_session(fresh_db, team_id, "2026-03-02")
    # Swapping on a plan nobody accepted yet stores the plan with the swap applied.
    before = rota.suggest_for_session(fresh_db, sid).sittings[0].suggestion.holders()
    a, b = rota.swap(fresh_db, sid, roles[0], roles[1], "They asked to trade", clock=clock).value
    assert holders(fresh_db, sid) == {roles[0]: before[roles[1]], roles[1]: before[roles[0]]}
    assert a.overridden and b.overridden
    assert not [x for x in assignments.for_session(fresh_db, sid) if x.ended_at]
    with pytest.raises(ValidationError, match="Reason cannot be empty"):
        rota.swap(fresh_db, sid, roles[0], roles[1], "   ", clock=clock)
    with pytest.raises(ValidationError, match="two different roles"):
        rota.swap(fresh_db, sid, roles[0], roles[0], "why", clock=clock)
    with pytest.raises(ValidationError, match="already holds"):
        rota.reassign(fresh_db, sid, roles[0], before[roles[1]], "why", clock=clock)


# ---------------------------------------------------------------- departures


def test_someone_leaving_mid_session_passes_their_role_on(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=1)
    sid = new_session(fresh_db, team_id, "2026-03-02", list(ids.values()))
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, sid), clock=clock)
    assert holders(fresh_db, sid) == {roles[0]: ids["Ann"]}
    clock.advance(60)
    start(fresh_db, sid, iso(clock.now()))
    clock.advance(1800)
    new = rota.pass_on(fresh_db, sid, ids["Ann"], clock=clock).value
    assert [a.participant_id for a in new] == [ids["Bo"]]
    assert new[0].reason.startswith("Takes over from Ann, who left at ")
    mark = {a.participant_id: a for a in sessions.attendance(fresh_db, sid)}[ids["Ann"]]
    assert mark.status is AttendanceStatus.LEFT_EARLY and mark.left_at == iso(clock.now())
    finish(fresh_db, sid, iso(clock.now() + timedelta(hours=1)))
    # Both Ann and Bo held it, so Cy is next.
    nxt = new_session(fresh_db, team_id, "2026-03-09", list(ids.values()))
    assert rota.suggest_for_session(fresh_db, nxt).sittings[0].suggestion.holders() == {
        roles[0]: ids["Cy"]
    }


def test_a_role_passed_on_names_the_roles_its_new_holder_already_has(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=5)
    names = {r.id: r.name for r in teams.list_roles(fresh_db, team_id)}
    sid = new_session(fresh_db, team_id, "2026-03-02", list(ids.values()))
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, sid), clock=clock)
    start(fresh_db, sid, iso(clock.now()))
    clock.advance(600)
    new = rota.pass_on(fresh_db, sid, ids["Ann"], clock=clock).value
    held = holders(fresh_db, sid)
    assert new and all(a.participant_id in (ids["Bo"], ids["Cy"]) for a in new)
    for a in new:
        theirs = [names[r] for r, pid in held.items() if pid == a.participant_id]
        assert "another role" not in a.reason, a.reason  # each role it names by its name
        assert " also holds " in a.reason and any(name in a.reason for name in theirs)


def test_someone_not_turning_up_frees_their_roles_before_the_start(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo", "Cy", "Dee"], roles=2)
    sid = new_session(fresh_db, team_id, "2026-03-02")  # attendance not recorded
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, sid), clock=clock)
    leaving = holders(fresh_db, sid)[roles[0]]
    rota.pass_on(fresh_db, sid, leaving, clock=clock)
    marks = {a.participant_id: a.status for a in sessions.attendance(fresh_db, sid)}
    assert marks[leaving] is AttendanceStatus.ABSENT
    assert sum(1 for s in marks.values() if s is AttendanceStatus.PRESENT) == 3
    now = holders(fresh_db, sid)
    assert leaving not in now.values() and len(set(now.values())) == 2
    assert (
        "who is not here"
        in [
            a
            for a in assignments.for_session(fresh_db, sid)
            if a.role_id == roles[0] and not a.ended_at
        ][0].reason
    )
    # The replaced plan never started, so it does not count.
    start(fresh_db, sid, iso(clock.now() + timedelta(minutes=5)))
    history = rota.history_for(fresh_db, new_session(fresh_db, team_id, "2026-03-09"))
    assert leaving not in {h.participant_id for h in history.holdings}


def test_the_last_person_leaving_leaves_the_role_unassigned(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann"], roles=2)
    sid = new_session(fresh_db, team_id, "2026-03-02", [ids["Ann"]])
    plan = rota.suggest_for_session(fresh_db, sid)
    assert "Only Ann is here, so Ann holds every role." in plan.sittings[0].suggestion.notes
    rota.accept(fresh_db, plan, clock=clock)
    start(fresh_db, sid, iso(clock.now()))
    clock.advance(60)
    assert rota.pass_on(fresh_db, sid, ids["Ann"], clock=clock).value == []
    assert holders(fresh_db, sid) == {}


# ---------------------------------------------------------------- bad input


def test_more_roles_than_people_and_everyone_opted_out(fresh_db) -> None:
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo"], roles=5)
    for pid in ids.values():
        teams.set_optout(fresh_db, pid, roles[1], until="2026-06-30", note="this quarter")
    sid = new_session(fresh_db, team_id, "2026-03-02")
    suggestion = rota.suggest_for_session(fresh_db, sid).sittings[0].suggestion
    assert suggestion.for_role(roles[1]).participant_id is None
    assert "opted out" in suggestion.for_role(roles[1]).reason
    assert sorted(suggestion.holders().values()).count(ids["Ann"]) == 2
    assert any("more than one role" in n for n in suggestion.notes)
    stored = rota.accept(fresh_db, rota.suggest_for_session(fresh_db, sid)).value
    assert len(stored) == 4
    hand = rota.handover(fresh_db, sid)
    assert [i.holder for i in hand.items if i.role.id == roles[1]] == [None]


def test_opt_outs_can_be_set_changed_removed_and_restored(fresh_db) -> None:
    team_id, ids, roles = make_team(fresh_db, ["Ann"], roles=2)
    first = teams.set_optout(fresh_db, ids["Ann"], roles[0], until="2026-06-30")
    again = teams.set_optout(fresh_db, ids["Ann"], roles[0], note="back pain")
    assert again.id == first.id and again.until == "" and again.note == "back pain"
    assert teams.list_optouts(fresh_db, team_id) == [again]
    teams.remove_optout(fresh_db, again.id)
    assert teams.list_optouts(fresh_db, team_id) == []
    teams.restore_optout(fresh_db, again)
    assert teams.list_optouts(fresh_db, team_id) == [again]
    with pytest.raises(ValidationError, match="not a date"):
        teams.set_optout(fresh_db, ids["Ann"], roles[0], until="next spring")
    other = teams.create_team(fresh_db, "Other")
    stranger = teams.add_participant(fresh_db, other.id, "Zed")
    with pytest.raises(ValidationError, match="another team"):
        teams.set_optout(fresh_db, stranger.id, roles[0])


def test_a_deactivated_person_keeps_their_history_but_is_not_suggested(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=1)
    run_session(fresh_db, team_id, "2026-03-02", clock, list(ids.values()))
    teams.set_participant_active(fresh_db, ids["Ann"], False)
    sid = new_session(fresh_db, team_id, "2026-03-09", list(ids.values()))
    suggestion = rota.suggest_for_session(fresh_db, sid).sittings[0].suggestion
    assert ids["Ann"] not in suggestion.holders().values()
    table = ledger.load(fresh_db, team_id)
    ann = [p for p in table.people if p.id == ids["Ann"]][0]
    assert not ann.active and table.cell(ann.id, roles[0]).count == 1
    assert table.people[-1].id == ann.id  # former members listed last
    assert table.everyone_has_led() == (0, 2)
    with pytest.raises(ValidationError, match="not an active member"):
        rota.reassign(fresh_db, sid, roles[0], ids["Ann"], "she is back")


def test_history_of_a_removed_person_stays_in_the_ledger(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo"], roles=1)
    run_session(fresh_db, team_id, "2026-03-02", clock, list(ids.values()))
    fresh_db.db.execute("PRAGMA foreign_keys=OFF")
    with fresh_db.write() as db:
        db.execute("delete from participants where id = ?", [ids["Ann"]])
    fresh_db.db.execute("PRAGMA foreign_keys=ON")
    table = ledger.load(fresh_db, team_id)
    removed = [p for p in table.people if p.name == "(removed participant)"]
    assert len(removed) == 1 and table.cell(removed[0].id, roles[0]).count == 1
    sid = new_session(fresh_db, team_id, "2026-03-09")
    assert rota.suggest_for_session(fresh_db, sid).sittings[0].suggestion.holders() == {
        roles[0]: ids["Bo"]
    }


# ---------------------------------------------------------------- per phase, handover


def _agenda(db: Database, sid: str) -> list[Phase]:
    phases = [
        Phase(sid, 0, "Check-in", 300, group_id="a", group_title="Check-in"),
        Phase(sid, 1, "Alone", 60, group_id="b", group_title="1-2-4-All"),
        Phase(sid, 2, "Pairs", 120, group_id="b", group_title="1-2-4-All"),
        Phase(sid, 3, "Coffee", 600, is_break=True),
        Phase(sid, 4, "Check-out", 300, group_id="c", group_title="Check-out"),
    ]
    return sessions.add_phases(db, phases)


def test_per_phase_rotation_gives_each_agenda_item_its_own_roles(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=1)
    teams.set_rotation_rules(fresh_db, team_id, RotationRules(per_phase=True))
    sid = new_session(fresh_db, team_id, "2026-03-02", list(ids.values()))
    phases = _agenda(fresh_db, sid)
    plan = rota.suggest_for_session(fresh_db, sid)
    assert [p.sitting.title for p in plan.sittings] == ["Check-in", "1-2-4-All", "Check-out"]
    people = [p.suggestion.holders()[roles[0]] for p in plan.sittings]
    assert sorted(people) == sorted(ids.values())  # each item passes the role on
    rota.accept(fresh_db, plan, clock=clock)
    pairs = rota.handover(fresh_db, sid, phases[2].id)
    assert pairs.sitting.title == "1-2-4-All" and pairs.stored
    assert rota.handover(fresh_db, sid, phases[3].id).sitting.title == "1-2-4-All"  # break
    assert pairs.items[0].holder is not None and pairs.items[0].holder.id == people[1]
    # Someone leaving during the second item hands over that item and the ones after it.
    start(fresh_db, sid, iso(clock.now()))
    sessions.update_phase(
        fresh_db,
        replace(
            phases[0], started_at=iso(clock.now()), ended_at=iso(clock.now() + timedelta(minutes=5))
        ),
    )
    clock.advance(400)
    rota.pass_on(fresh_db, sid, people[1], clock=clock)
    assert rota.handover(fresh_db, sid, phases[1].id).items[0].holder.id != people[1]
    assert rota.handover(fresh_db, sid, phases[0].id).items[0].holder.id == people[0]


def test_handover_before_acceptance_shows_suggestions_and_confirms(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo"], roles=2)
    sid = new_session(fresh_db, team_id, "2026-03-02")
    hand = rota.handover(fresh_db, sid)
    assert not hand.stored and hand.plan is not None and not hand.all_confirmed()
    rota.accept(fresh_db, hand.plan, clock=clock)
    hand = rota.handover(fresh_db, sid)
    assert hand.stored and len(hand.to_confirm()) == 2
    at = rota.confirm(fresh_db, [hand.to_confirm()[0].id], clock=clock).value
    hand = rota.handover(fresh_db, sid)
    assert len(hand.to_confirm()) == 1
    assert [i.assignment.confirmed_at for i in hand.items].count(at) == 1
    rota.confirm(fresh_db, [a.id for a in hand.to_confirm()], clock=clock)
    assert rota.handover(fresh_db, sid).all_confirmed()


# ---------------------------------------------------------------- retrospective


def test_a_first_session_that_gives_everyone_a_role_asks_nothing_yet(fresh_db) -> None:
    clock = FakeClock()
    team_id, _ids, _roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=3)
    first = run_session(fresh_db, team_id, "2026-03-02", clock)
    assert rota.review_due(fresh_db, first) is None  # everyone leads, but nothing rotated
    second = run_session(fresh_db, team_id, "2026-03-09", clock)
    assert rota.review_due(fresh_db, second) is not None


def test_a_full_rotation_invites_one_retrospective(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=2)
    first = run_session(fresh_db, team_id, "2026-03-02", clock)
    assert rota.review_due(fresh_db, first) is None  # Cy has not led yet
    second = run_session(fresh_db, team_id, "2026-03-09", clock)
    prompt = rota.review_due(fresh_db, second)
    assert prompt is not None and prompt.cycle == 1 and prompt.people == 3
    review = rota.record_review(
        fresh_db, second, "Swap the scribe at half time.", clock=clock
    ).value
    assert review.cycle == 1 and review.learning_id
    texts = [lr.text for lr in captures.list_for_session(fresh_db, Learning, second)]
    assert texts == ["Rota retrospective: Swap the scribe at half time."]
    assert rota.review_due(fresh_db, second) is None
    third = run_session(fresh_db, team_id, "2026-03-16", clock)
    assert rota.review_due(fresh_db, third) is None  # a new cycle has just begun
    fourth = run_session(fresh_db, team_id, "2026-03-23", clock)
    prompt = rota.review_due(fresh_db, fourth)
    assert prompt is not None and prompt.cycle == 2 and prompt.since == "2026-03-09"
    skipped = rota.record_review(fresh_db, fourth, None, clock=clock).value
    assert skipped.learning_id is None and rota.review_due(fresh_db, fourth) is None
    with pytest.raises(ValidationError):
        rota.record_review(fresh_db, fourth, "  ", clock=clock)


# ---------------------------------------------------------------- the demo and the ledger


def test_the_demo_rota_comes_from_the_engine(demo_db) -> None:
    database, sample = demo_db
    team_id = sessions.get_session(database, sample).team_id
    every = assignments.for_team(database, team_id)
    assert all(a.reason for a in every)
    overridden = [a for a in every if a.overridden]
    assert len(overridden) == 2 and "keeps time" in overridden[0].reason
    assert sum(1 for a in every if a.ended_at) == 2
    # The sample's stored rota is exactly what the engine suggests from the history.
    stored = {a.role_id: a.participant_id for a in assignments.for_session(database, sample)}
    plan = rota.suggest_for_session(database, sample)
    assert plan.sittings[0].suggestion.holders() == stored
    table = ledger.load(database, team_id)
    assert table.everyone_has_led() == (6, 6)
    assert len(table.sessions) == 5
    assert [f.attendees for f in table.sessions] == [5, 6, 5, 6, 6]
    counts = [table.totals.get(p.id, 0) for p in table.people]
    assert sum(counts) == 25 and max(counts) - min(counts) <= 1
    assert table.distribution == ledger.leadership_distribution(counts)
    learnings = [
        lr.text
        for s in sessions.list_sessions(database, team_id)
        for lr in captures.list_for_session(database, Learning, s.id)
    ]
    assert sum(1 for t in learnings if t.startswith(rota.REVIEW_PREFIX)) == 1


def test_ledger_cells_hold_count_and_last_date(fresh_db) -> None:
    clock = FakeClock()
    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo"], roles=1)
    for day in ("2026-03-02", "2026-03-09", "2026-03-16"):
        run_session(fresh_db, team_id, day, clock, list(ids.values()))
    planned = new_session(fresh_db, team_id, "2026-03-23")
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, planned))
    table = ledger.load(fresh_db, team_id)
    assert table.cell(ids["Ann"], roles[0]) == ledger.Cell(2, "2026-03-16")
    assert table.cell(ids["Bo"], roles[0]) == ledger.Cell(1, "2026-03-09")
    # One role among two people: each session is as even as it can be; plans not counted.
    assert [f.distribution for f in table.sessions] == [1.0, 1.0, 1.0]
    assert [f.holdings for f in table.sessions] == [1, 1, 1]
    assert table.distribution == 1.0  # 2 and 1 of 3 holdings: the most even spread


def test_a_persons_opt_outs_are_replaced_in_one_step(fresh_db) -> None:
    from facilitator.model import RoleOptOut

    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo"], roles=3)
    teams.set_optout(fresh_db, ids["Ann"], roles[0])
    teams.replace_optouts(
        fresh_db,
        ids["Ann"],
        [RoleOptOut(ids["Ann"], roles[1]), RoleOptOut(ids["Ann"], roles[2], "2026-06-30")],
    )
    assert sorted(o.role_id for o in teams.list_optouts(fresh_db, team_id)) == sorted(roles[1:])
    with pytest.raises(ValidationError, match="another person"):
        teams.replace_optouts(fresh_db, ids["Ann"], [RoleOptOut(ids["Bo"], roles[0])])
    assert len(teams.list_optouts(fresh_db, team_id)) == 2


def test_the_run_screen_shows_the_agenda_items_holders_on_every_step(fresh_db) -> None:
    from facilitator.rotation import item_phase_id
    from facilitator.run import SessionRun

    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=1)
    teams.set_rotation_rules(fresh_db, team_id, RotationRules(per_phase=True))
    sid = new_session(fresh_db, team_id, "2026-03-02", list(ids.values()))
    phases = _agenda(fresh_db, sid)
    assert item_phase_id(phases, phases[2].id) == phases[1].id
    assert item_phase_id(phases, phases[3].id) == phases[1].id  # the break
    assert item_phase_id(phases, None) is None
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, sid))
    expected = {
        p.sitting.phase_id: p.suggestion.holders()[roles[0]]
        for p in rota.suggest_for_session(fresh_db, sid).sittings
    }
    names = {v: k for k, v in ids.items()}
    run = SessionRun(fresh_db, sid, FakeClock())
    run.toggle()
    seen = [run.view().roles[0].person]
    for _ in range(3):
        run.next_phase()
        seen.append(run.view().roles[0].person)
    item_of = [phases[0].id, phases[1].id, phases[1].id, phases[1].id]
    assert seen == [names[expected[p]] for p in item_of]


def test_team_reads_return_what_was_stored(fresh_db) -> None:
    from facilitator.model import Attendance, RoleAssignment

    team_id, ids, roles = make_team(fresh_db, ["Ann", "Bo"], roles=2)
    sid = new_session(fresh_db, team_id, "2026-03-02")
    rows = [
        RoleAssignment(
            sid,
            roles[0],
            ids["Ann"],
            reason="why",
            overridden=True,
            confirmed_at="2026-03-02T09:30:00.000+00:00",
            created_at="x",
        ),
        RoleAssignment(
            sid,
            roles[0],
            ids["Bo"],
            shadow_of=ids["Ann"],
            ended_at="2026-03-02T10:00:00.000+00:00",
            created_at="y",
        ),
    ]
    assignments.add_assignments(fresh_db, rows)
    assert assignments.for_team(fresh_db, team_id) == rows
    sessions.set_attendance(fresh_db, sid, ids["Bo"], AttendanceStatus.LEFT_EARLY, "t")
    assert assignments.attendance_for_team(fresh_db, team_id) == [
        Attendance(sid, ids["Bo"], AttendanceStatus.LEFT_EARLY, "t")
    ]


def test_the_ledger_dates_a_holding_by_the_day_the_session_ran(fresh_db) -> None:
    """Planned for the 9th, run on the 2nd: the ledger says the 2nd (it said the 9th)."""
    clock = FakeClock()  # 2026-03-02 09:00 UTC
    team_id, ids, roles = make_team(fresh_db, ["Ann"], roles=1)
    run_session(fresh_db, team_id, "2026-03-09", clock, list(ids.values()))
    table = ledger.load(fresh_db, team_id)
    assert table.cell(ids["Ann"], roles[0]) == ledger.Cell(1, "2026-03-02")

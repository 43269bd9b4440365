"""The agenda follows the group: a repeated block gets the rounds its repeat asks for the
people present, whichever path plans it (attendance in the planner or the Roles dialog, an
undo, a template, the next session of a series), and edits inside a block keep it whole."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facilitator import agenda, formats, planning, rounds
from facilitator.errors import ValidationError
from facilitator.model import AttendanceStatus, Contribution, Phase, PhaseMode, SessionStatus
from facilitator.store import captures, sessions, teams, templates


def _step(title: str, mode: str = "small_groups", seconds: int = 120, **more: object) -> dict:
    return {"title": title, "prompt": f"{title}.", "mode": mode, "duration_s": seconds, **more}


def _format(key: str, repeat: str, inner: list[dict]) -> dict:
    return {
        "key": key,
        "name": key.title(),
        "family": "Liberating Structures",
        "purposes": ["generate"],
        "summary": "A format whose middle repeats.",
        "group_size": {"min": 1, "max": 99},
        "steps": [
            _step("Prepare", "silent", 60),
            {"repeat": repeat, "steps": inner},
            _step("Close", "round_robin", 120, per_speaker_s=30),
        ],
    }


LIBRARY = formats.parse_library(
    {
        "version": 2,
        "purposes": {"generate": "Generate ideas"},
        "formats": [
            _format("trio", "member:3", [_step("Share"), _step("Consult", seconds=300)]),
            _format("each", "person", [_step("Ask", "round_robin", 60, per_speaker_s=20)]),
            _format("pass", "times:5", [_step("Pass", "pairs", 45)]),
        ],
    }
)
FORMATS = {fmt.key: fmt for fmt in LIBRARY}


def _shape(phases: list[Phase]) -> list[tuple[object, ...]]:
    """What a person sees of an agenda: order, titles, rounds and times."""
    return [(p.position, p.heading, p.mode, p.planned_s, p.group_title) for p in phases]


def _agenda(present: int, *keys: str) -> list[Phase]:
    phases: list[Phase] = []
    for key in keys:
        phases = agenda.insert_format(phases, FORMATS[key], "s", present)
    return phases


def _block(phases: list[Phase], key: str) -> list[Phase]:
    return [p for p in phases if p.format_key == key and p.repeat]


@pytest.mark.parametrize("key", ["trio", "each", "pass"])
@pytest.mark.parametrize("present", [3, 6, 9, 7, 1])
def test_recompute_plans_the_rounds_a_fresh_format_would_have(key: str, present: int) -> None:
    """From an agenda planned for six, the agenda for ``present`` people is the one the
    format gives for them: the block once per round, then the steps after it."""
    fmt = FORMATS[key]
    six = _agenda(6, "pass", key) if key != "pass" else _agenda(6, key)
    now = agenda.recompute(six, present)
    fresh = _agenda(present, "pass", key) if key != "pass" else _agenda(present, key)
    assert _shape(now) == _shape(fresh)
    block = _block(now, key)
    want = rounds.rounds_for(fmt.repeat or "", present)
    assert [p.round_no for p in block] == [
        n for n in range(1, want + 1) for _ in range(len(block) // want)
    ]
    assert {p.rounds for p in block} == {want} and {p.group_id for p in block} == {six[-1].group_id}
    assert [p.position for p in now] == list(range(len(now)))
    kept = {p.id for p in six}
    assert len(kept & {p.id for p in now}) == min(len(six), len(now))  # the rest is fresh


def test_with_nobody_marked_present_a_block_plans_its_least_rounds() -> None:
    """Before attendance is taken a trio plans three rounds, a round per person one; the
    times stay as they were planned."""
    nobody = agenda.recompute(_agenda(6, "trio", "each", "pass"), 0)
    assert [len(_block(nobody, key)) for key in ("trio", "each", "pass")] == [6, 1, 5]
    assert nobody[-1].planned_s == 6 * 30


def test_rounds_per_group_size() -> None:
    counts = {
        key: [rounds.rounds_for(FORMATS[key].repeat or "", n) for n in (3, 6, 9, 7)]
        for key in FORMATS
    }
    assert counts == {"trio": [3, 3, 3, 4], "each": [3, 6, 9, 7], "pass": [5, 5, 5, 5]}
    seven = agenda.recompute(_agenda(6, "trio"), 7)
    assert [p.heading for p in seven][1:4] == [
        "Share (round 1 of 4)",
        "Consult (round 1 of 4)",
        "Share (round 2 of 4)",
    ]
    assert [p.heading for p in seven][-3:] == [
        "Share (round 4 of 4)",
        "Consult (round 4 of 4)",
        "Close",
    ]


def test_rounds_added_copy_the_last_round_with_the_users_edits() -> None:
    three = _agenda(3, "each", "pass")
    last = [p for p in three if p.format_key == "each" and p.round_no == 3][0]
    edited = replace(last, title="Ask Ana's question", prompt="Her words.", per_speaker_s=40)
    five = agenda.recompute(agenda.replace_one(three, edited), 5)
    block = _block(five, "each")
    assert [p.title for p in block] == ["Ask"] * 2 + ["Ask Ana's question"] * 3
    added = block[3:]
    assert all(p.prompt == "Her words." and p.per_speaker_s == 40 for p in added)
    assert all(p.planned_s == 40 * 5 for p in added)  # round-robins timed for five
    assert all(p.started_at is None and p.ended_at is None for p in added)
    assert len({p.id for p in five}) == len(five)
    assert {p.group_id for p in block} == {last.group_id}
    # The added rounds sit right after the block, before the format's closing step and
    # the next format.
    after = five[five.index(block[-1]) + 1 :]
    assert [p.title for p in after][:2] == ["Close", "Prepare"]


def test_fewer_people_drop_the_last_rounds() -> None:
    nine = _agenda(9, "each")
    three = agenda.recompute(nine, 3)
    assert [p.id for p in _block(three, "each")] == [p.id for p in _block(nine, "each")[:3]]
    assert agenda.recompute(three, 3) == three  # nothing more to do


def test_a_started_round_is_never_dropped_nor_changed() -> None:
    nine = _agenda(9, "each")
    block = _block(nine, "each")
    run = {block[0].id, block[1].id}
    nine = [replace(p, started_at="2026-03-02T09:30:00+00:00") if p.id in run else p for p in nine]
    two = agenda.recompute(nine, 1)  # one person left in the room
    now = _block(two, "each")
    assert [p.round_no for p in now] == [1, 2]  # never fewer rounds than have started
    assert [p for p in now if p.id in run] == [p for p in nine if p.id in run]  # as they ran
    four = agenda.recompute(nine, 4)
    assert [p.round_no for p in _block(four, "each")] == [1, 2, 3, 4]
    assert all(p.rounds == 4 for p in _block(four, "each") if p.id not in run)


def test_a_step_of_a_round_moves_only_inside_its_round() -> None:
    phases = _agenda(6, "trio")
    share2 = next(p for p in phases if p.title == "Share" and p.round_no == 2)
    moved = agenda.nudge(phases, share2.id, +1)
    assert [p.heading for p in moved][3:5] == ["Consult (round 2 of 3)", "Share (round 2 of 3)"]
    assert agenda.nudge(moved, share2.id, +1) == moved  # the round's end
    assert agenda.move_step(phases, share2.id, 0) == phases  # not out of its round
    far = agenda.move_step(phases, share2.id, 99)
    assert [p.heading for p in far][3:5] == ["Consult (round 2 of 3)", "Share (round 2 of 3)"]


def test_a_step_outside_the_rounds_moves_past_the_whole_block() -> None:
    phases = _agenda(6, "trio")
    prepare, close = phases[0], phases[-1]
    down = agenda.nudge(phases, prepare.id, +1)
    assert [p.title for p in down][-2:] == ["Prepare", "Close"]
    assert [p.round_no for p in down][:6] == [1, 1, 2, 2, 3, 3]
    up = agenda.nudge(phases, close.id, -1)
    assert [p.title for p in up][:2] == ["Prepare", "Close"]
    assert agenda.move_step(phases, prepare.id, 3)[-2].id == prepare.id


def test_removing_a_step_takes_it_from_its_round_only() -> None:
    phases = _agenda(6, "trio")
    share2 = next(p for p in phases if p.title == "Share" and p.round_no == 2)
    fewer = agenda.remove_phase(phases, share2.id)
    assert [p.heading for p in fewer][1:6] == [
        "Share (round 1 of 3)",
        "Consult (round 1 of 3)",
        "Consult (round 2 of 3)",
        "Share (round 3 of 3)",
        "Consult (round 3 of 3)",
    ]
    consult2 = next(p for p in fewer if p.title == "Consult" and p.round_no == 2)
    with pytest.raises(ValidationError, match="only step of its round") as refused:
        agenda.remove_phase(fewer, consult2.id)
    assert "Trio" in str(refused.value) and "trio" in str(refused.value)  # says why
    assert agenda.remove_block(fewer, consult2.id) == []


def test_a_changed_step_keeps_its_round() -> None:
    phases = _agenda(6, "trio")
    consult = phases[2]
    changed = agenda.change_mode(consult, PhaseMode.ROUND_ROBIN, present=6)
    assert (changed.repeat, changed.round_no, changed.rounds) == ("member:3", 1, 3)
    again = agenda.recompute(agenda.replace_one(phases, changed), 6)
    assert again[2] == changed and again[4].mode is PhaseMode.SMALL_GROUPS  # its round only


# ------------------------------------------------------------------ through the database


@pytest.fixture
def team(fresh_db):
    team = teams.create_team(fresh_db, "Ops")
    for name in ("Ann", "Bo", "Cy", "Di", "Eve", "Fay", "Gus"):
        teams.add_participant(fresh_db, team.id, name)
    return team


@pytest.fixture
def planned(fresh_db, team):
    """A planned session for seven (everyone) with a trio block and a round per person."""
    session = planning.create_session(fresh_db, team.id, "Weekly").value
    phases = agenda.insert_format([], FORMATS["trio"], session.id, 7)
    phases = agenda.insert_format(phases, FORMATS["each"], session.id, 7)
    planning.save_agenda(fresh_db, session.id, phases)
    return session


def _stored(database, session_id) -> list[tuple[object, ...]]:
    return _shape(sessions.list_phases(database, session_id))


def test_marking_people_absent_changes_the_rounds_and_is_stored(fresh_db, planned) -> None:
    ids = planning.present_ids(fresh_db, planned.id)
    done = planning.set_present(fresh_db, planned.id, ids[:6])
    assert done.value == sessions.list_phases(fresh_db, planned.id)
    stored = sessions.list_phases(fresh_db, planned.id)
    assert [p.round_no for p in _block(stored, "trio")] == [1, 1, 2, 2, 3, 3]
    assert [p.round_no for p in _block(stored, "each")] == [1, 2, 3, 4, 5, 6]
    assert _stored(fresh_db, planned.id) == _shape(_agenda(6, "trio", "each"))


def test_the_planner_and_the_roles_dialog_give_the_same_agenda(fresh_db, planned) -> None:
    """The planner marks the whole list, the Roles dialog one person at a time: the same
    people present give the same agenda, rounds included."""
    ids = planning.present_ids(fresh_db, planned.id)
    for pid in ids[3:]:
        planning.set_attendance(fresh_db, planned.id, pid, AttendanceStatus.ABSENT)
    one_by_one = _stored(fresh_db, planned.id)
    assert one_by_one == _shape(_agenda(3, "trio", "each"))
    planning.set_present(fresh_db, planned.id, ids)
    assert _stored(fresh_db, planned.id) == _shape(_agenda(7, "trio", "each"))
    planning.set_present(fresh_db, planned.id, ids[:3])
    assert _stored(fresh_db, planned.id) == one_by_one


def test_attendance_and_the_agenda_change_together_or_not_at_all(fresh_db, planned) -> None:
    """A round that cannot be dropped (something was captured in it) keeps attendance as it
    was: the two are one transaction."""
    last = _block(sessions.list_phases(fresh_db, planned.id), "each")[-1]
    captures.add(fresh_db, Contribution(planned.id, "An early note.", phase_id=last.id))
    ids = planning.present_ids(fresh_db, planned.id)
    before = sessions.list_phases(fresh_db, planned.id)
    with pytest.raises(ValidationError, match="cannot be removed"):
        planning.set_attendance(fresh_db, planned.id, ids[0], AttendanceStatus.ABSENT)
    assert planning.present_ids(fresh_db, planned.id) == ids
    assert sessions.list_phases(fresh_db, planned.id) == before


def test_a_running_session_keeps_the_rounds_that_started(fresh_db, planned) -> None:
    phases = sessions.list_phases(fresh_db, planned.id)
    each = _block(phases, "each")
    sessions.set_status(fresh_db, planned.id, SessionStatus.RUNNING)
    for phase in each[:5]:
        sessions.update_phase(fresh_db, replace(phase, started_at="2026-03-02T09:30:00+00:00"))
    ran = [p for p in sessions.list_phases(fresh_db, planned.id) if p.started_at]
    ids = planning.present_ids(fresh_db, planned.id)
    for pid in ids[:4]:
        planning.set_attendance(
            fresh_db, planned.id, pid, AttendanceStatus.LEFT_EARLY, "2026-03-02T10:00:00+00:00"
        )
    now = sessions.list_phases(fresh_db, planned.id)
    assert [p.round_no for p in _block(now, "each")] == [1, 2, 3, 4, 5]  # 3 present, 5 begun
    assert [replace(p, position=0) for p in now if p.started_at] == [
        replace(p, position=0) for p in ran
    ]  # untouched (the agenda before them had a round fewer)
    assert [p.round_no for p in _block(now, "trio")] == [1, 1, 2, 2, 3, 3]  # not yet run


def test_a_finished_session_keeps_its_agenda(fresh_db, planned) -> None:
    before = sessions.list_phases(fresh_db, planned.id)
    sessions.set_status(fresh_db, planned.id, SessionStatus.FINISHED)
    done = planning.set_present(fresh_db, planned.id, [])
    assert sessions.list_phases(fresh_db, planned.id) == before == done.value


def test_undo_brings_rounds_back_timed_for_the_people_present_now(fresh_db, planned) -> None:
    before = sessions.list_phases(fresh_db, planned.id)
    planning.remove_format(fresh_db, planned.id, _block(before, "each")[0].id)
    ids = planning.present_ids(fresh_db, planned.id)
    planning.set_present(fresh_db, planned.id, ids[:3])
    back = planning.restore_agenda(fresh_db, planned.id, before).value
    assert _shape(back) == _shape(_agenda(3, "trio", "each"))
    assert back == sessions.list_phases(fresh_db, planned.id)


def test_adding_a_format_plans_its_rounds_for_the_people_present(
    fresh_db, planned, monkeypatch
) -> None:
    monkeypatch.setattr(formats, "get_format", lambda key: FORMATS[key])
    ids = planning.present_ids(fresh_db, planned.id)
    planning.set_present(fresh_db, planned.id, ids[:4])
    phases = planning.add_format(fresh_db, planned.id, "pass").value
    assert [p.round_no for p in _block(phases, "pass")] == [1, 2, 3, 4, 5]
    assert _shape(phases) == _shape(_agenda(4, "trio", "each", "pass"))


def test_a_template_keeps_its_rounds_and_plans_them_for_who_comes(fresh_db, planned, team) -> None:
    phases = sessions.list_phases(fresh_db, planned.id)
    template = planning.save_template(fresh_db, team.id, "Trio day", phases).value
    kept = templates.get_template(fresh_db, template.id)
    assert [s["round_no"] for s in kept.steps if s["repeat"] == "member:3"] == [
        n for n in (1, 2, 3, 4) for _ in (1, 2)
    ]
    ids = planning.present_ids(fresh_db, planned.id)
    for present, rounds_of_trio in ((ids, 4), (ids[:6], 3), (ids[:2], 2)):
        session = planning.create_session(
            fresh_db, team.id, "Next", template_id=template.id, present_ids=present
        ).value
        now = sessions.list_phases(fresh_db, session.id)
        assert _shape(now) == _shape(_agenda(len(present), "trio", "each"))
        assert _block(now, "trio")[-1].rounds == rounds_of_trio


def test_a_template_saved_before_rounds_still_plans(fresh_db, team) -> None:
    """Templates saved by earlier versions have no round fields: their steps are plain."""
    template = templates.AgendaTemplate(
        team.id,
        "Old",
        ({"title": "Talk", "mode": "open", "planned_s": 600, "group": 0, "format_key": "x"},),
    )
    (phase,) = templates.phases_from(template, "s")
    assert (phase.repeat, phase.round_no, phase.rounds, phase.planned_s) == (None, None, None, 600)


def test_the_next_session_of_a_series_plans_rounds_for_its_people(fresh_db, planned, team) -> None:
    ids = planning.present_ids(fresh_db, planned.id)
    later = planning.create_session_from_agenda(
        fresh_db, team.id, "Next week", planned.id, present_ids=ids[:3]
    ).value
    assert _stored(fresh_db, later.id) == _shape(_agenda(3, "trio", "each"))


def test_a_later_round_that_is_round_one_again_is_found_and_an_edited_one_is_not() -> None:
    phases = _agenda(9, "trio", "each")  # trio: 3 rounds of 2 steps; each: 9 rounds of 1
    spans = agenda.same_rounds(phases)
    said = [[phases[i].heading for i in span] for span in spans]
    assert said[:2] == [
        ["Share (round 2 of 3)", "Consult (round 2 of 3)"],
        ["Share (round 3 of 3)", "Consult (round 3 of 3)"],
    ]
    assert len(said) == 2 + 8 and said[2] == ["Ask (round 2 of 9)"]
    longer = next(i for i, p in enumerate(phases) if p.heading == "Consult (round 3 of 3)")
    phases[longer] = agenda.change_duration(phases[longer], 400)
    spans = agenda.same_rounds(phases)
    assert [phases[i].heading for i in spans[0]][0] == "Share (round 2 of 3)"
    assert all(longer not in span for span in spans)  # round 3 is said in full
    assert agenda.same_rounds(_agenda(9, "trio")[:2]) == []  # no block, nothing said once

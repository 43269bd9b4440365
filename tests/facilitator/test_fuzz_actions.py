"""Fuzz: random text and random sequences of user actions through the core.

Whatever a user types or clicks, in whatever order (including acting on an item another
window just removed), the only exceptions that may escape are ``FacilitatorError``s, the
typed ones a screen shows as a message; and the database stays consistent.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from facilitator import capture as capture_actions
from facilitator import kinds, planning, record
from facilitator.clock import utc_now_iso
from facilitator.errors import FacilitatorError
from facilitator.model import (
    Action,
    Contribution,
    Decision,
    Experiment,
    Learning,
    Phase,
    RoleAssignment,
    SpeakingTurn,
    TimerEvent,
)
from facilitator.store import assignments, captures, memory, runs, sessions, teams

HOSTILE = [
    "",
    " ",
    "\t\n",
    "\x00",
    "a\x00b",
    "\x07bell",
    "<b>bold</b>",
    "'; drop table teams;--",
    '"AND (',
    "%_",
    "Łukasz",
    "Zoë",
    "Ψ",
    "Дмитрий",
    "שלום",
    "👩🏽‍💻",
    "\ud800",
    "a\udfffb",
    "x" * 5000,
    "2026-02-30",
    "2026-03-02",
    "-1",
    "0",
    "consent",
    "open",
    "running",
]
text = st.one_of(st.text(max_size=60), st.sampled_from(HOSTILE))
numbers = st.one_of(st.integers(min_value=-10, max_value=40_000), st.sampled_from([0, 1, 60]))
CAPTURES = [Contribution, Decision, Action, Experiment, Learning]


def attempt(action: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one user action; a typed, user-facing error is a fine outcome, anything else not."""
    try:
        return action(*args, **kwargs)
    except FacilitatorError as exc:
        assert str(exc).strip(), "a user-facing error needs a message"
        return None


class UserActions(RuleBasedStateMachine):
    teams = Bundle("teams")
    people = Bundle("people")
    roles = Bundle("roles")
    sessions_ = Bundle("sessions")
    phases = Bundle("phases")
    items = Bundle("items")

    def __init__(self) -> None:
        super().__init__()
        self.db = memory()

    def teardown(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ teams and people
    @rule(target=teams, name=text)
    def create_team(self, name: str) -> str:
        team = attempt(teams.create_team, self.db, name)
        return team.id if team else name

    @rule(team=teams, name=text)
    def rename_team(self, team: str, name: str) -> None:
        attempt(teams.rename_team, self.db, team, name)

    @rule(target=people, team=teams, name=text, area=text)
    def add_person(self, team: str, name: str, area: str) -> str:
        person = attempt(teams.add_participant, self.db, team, name, area)
        return person.id if person else name

    @rule(person=people, name=text, active=st.booleans())
    def edit_person(self, person: str, name: str, active: bool) -> None:
        found = attempt(teams.get_participant, self.db, person)
        if found:
            changed = attempt(dataclasses.replace, found, name=name)
            if changed:
                attempt(teams.update_participant, self.db, changed)
        attempt(teams.set_participant_active, self.db, person, active)

    @rule(target=roles, team=teams, name=text, brief=text)
    def add_role(self, team: str, name: str, brief: str) -> str:
        role = attempt(teams.add_role, self.db, team, name, brief)
        return role.id if role else name

    # ------------------------------------------------------------ sessions and agenda
    @rule(
        target=sessions_,
        team=teams,
        title=text,
        dilemma=text,
        day=text,
        minutes=st.one_of(st.none(), numbers),
    )
    def create_session(
        self, team: str, title: str, dilemma: str, day: str, minutes: int | None
    ) -> str:
        session = attempt(
            sessions.create_session,
            self.db,
            team,
            title,
            dilemma=dilemma,
            planned_date=day,
            available_min=minutes,
        )
        return session.id if session else title

    @rule(session=sessions_, title=text, place=text, status=text)
    def edit_session(self, session: str, title: str, place: str, status: str) -> None:
        attempt(sessions.edit_session, self.db, session, title=title, place=place)
        attempt(sessions.edit_session, self.db, session, status=status)

    @rule(session=sessions_, who=st.lists(people, max_size=4))
    def take_attendance(self, session: str, who: list[str]) -> None:
        attempt(planning.set_present, self.db, session, who)

    @rule(target=phases, session=sessions_, title=text, seconds=numbers, mode=text, prompt=text)
    def add_phase(self, session: str, title: str, seconds: int, mode: str, prompt: str) -> str:
        phase = attempt(
            Phase,
            session,
            len(attempt(sessions.list_phases, self.db, session) or []),
            title,
            seconds,
            mode or "open",
            prompt,
        )
        if phase and attempt(sessions.add_phases, self.db, [phase]):
            return phase.id
        return title

    @rule(session=sessions_, data=st.data())
    def reorder_agenda(self, session: str, data: st.DataObject) -> None:
        current = attempt(sessions.list_phases, self.db, session) or []
        order = data.draw(st.permutations(current))
        keep = data.draw(st.integers(min_value=0, max_value=len(order)))
        attempt(sessions.replace_phases, self.db, session, list(order[:keep]))

    # ------------------------------------------------------------ running
    @rule(session=sessions_, phase=phases, kind=text, when=text, seq=st.one_of(st.none(), numbers))
    def timer(self, session: str, phase: str, kind: str, when: str, seq: int | None) -> None:
        number = seq if seq is not None else attempt(runs.next_seq, self.db, session)
        event = attempt(TimerEvent, session, phase, number, kind or "start", when or utc_now_iso())
        if event:
            attempt(runs.add_timer_event, self.db, event)

    @rule(phase=phases, person=people, end=st.booleans())
    def speak(self, phase: str, person: str, end: bool) -> None:
        turn = attempt(runs.start_turn, self.db, SpeakingTurn(phase, person, utc_now_iso()))
        if turn and end:
            attempt(runs.end_turn, self.db, turn.id, utc_now_iso())

    @rule(
        session=sessions_,
        role=roles,
        person=people,
        phase=st.one_of(st.none(), phases),
        reason=text,
    )
    def assign_role(
        self, session: str, role: str, person: str, phase: str | None, reason: str
    ) -> None:
        attempt(
            assignments.add_assignments,
            self.db,
            [RoleAssignment(session, role, person, phase, reason=reason)],
        )

    # ------------------------------------------------------------ capturing
    @rule(
        target=items,
        session=sessions_,
        kind=st.sampled_from(CAPTURES),
        words=text,
        other=text,
        person=st.one_of(st.none(), people),
        day=st.one_of(st.none(), text),
    )
    def capture(
        self, session: str, kind: type, words: str, other: str, person: str | None, day: str | None
    ) -> tuple[type, str]:
        fields: dict[str, Any] = {}
        if kind is Contribution:
            fields = {"participant_id": person}
        elif kind is Decision:
            fields = {
                "method": other or "consent",
                "rationale": other,
                "consulted": (person,) if person else (),
            }
        elif kind is Action:
            fields = {"owner_id": person, "due": day}
        elif kind is Experiment:
            fields = {"owner_id": person, "review_on": day, "limit_money": other}
        item = attempt(kind, session, words, **fields)
        stored = attempt(captures.add, self.db, item) if item else None
        return kind, stored.id if stored else words

    @rule(item=items, words=text, status=text)
    def edit_item(self, item: tuple[type, str], words: str, status: str) -> None:
        kind, item_id = item
        found = attempt(captures.get, self.db, kind, item_id)
        if found is None:
            return
        field = "hypothesis" if kind is Experiment else "text"
        changed = attempt(dataclasses.replace, found, **{field: words})
        if changed and kind in (Action, Experiment):
            changed = attempt(dataclasses.replace, changed, status=status)
        if changed:
            attempt(capture_actions.edit, self.db, changed)

    @rule(item=consumes(items), undo=st.booleans())
    def delete_item(self, item: tuple[type, str], undo: bool) -> None:
        kind, item_id = item
        deleted = attempt(capture_actions.delete, self.db, kinds.of_class(kind).name, item_id)
        if undo and deleted is not None:
            attempt(capture_actions.undo, self.db, deleted.value.session_id)

    @rule(item=items, person=people, count=numbers)
    def vote(self, item: tuple[type, str], person: str, count: int) -> None:
        attempt(captures.set_votes, self.db, item[1], person, count)

    # ------------------------------------------------------------ reading
    @rule(session=sessions_, typed=text)
    def look(self, session: str, typed: str) -> None:
        attempt(record.load, self.db, session)
        attempt(sessions.resolve_session_id, self.db, typed)
        attempt(teams.find_team, self.db, typed)

    @invariant()
    def consistent(self) -> None:
        assert self.db.query("select count(*) as n from pragma_foreign_key_check")[0]["n"] == 0


UserActions.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
test_user_actions_raise_only_typed_errors = UserActions.TestCase

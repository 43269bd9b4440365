"""The rota's reasons are sentences of ours with names in them: a right-to-left name is
isolated there (FSI … PDI), so that "like ليلى حداد, everyone else present" reads in place
on screen and in the report; left-to-right names are left as they are."""

from __future__ import annotations

from dataclasses import replace

from facilitator import rota
from facilitator.direction import FSI, PDI
from facilitator.store import teams
from facilitator.store.database import Database
from tests.facilitator.run_fixtures import make_session

LAILA = "ليلى حداد"


def test_a_right_to_left_name_in_a_reason_is_isolated(fresh_db: Database) -> None:
    session_id, people = make_session(fresh_db, [300], present=2)
    first = teams.get_participant(fresh_db, people[0])
    teams.update_participant(fresh_db, replace(first, name=LAILA))
    reasons = [
        pick.reason
        for sitting in rota.suggest_for_session(fresh_db, session_id).sittings
        for pick in sitting.suggestion.picks
    ]
    with_her = [r for r in reasons if "ليلى" in r]
    assert with_her, reasons
    for reason in with_her:
        assert f"{FSI}ليلى{PDI}" in reason or f"{FSI}{LAILA}{PDI}" in reason
    latin = [r for r in reasons if "ليلى" not in r]
    assert all(FSI not in r for r in latin)

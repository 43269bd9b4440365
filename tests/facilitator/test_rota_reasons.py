"""An accepted suggestion's reason is shown with the day it was suggested: sessions synced in
from other laptops since may have changed the record, and the reason stays true of that day."""

from __future__ import annotations

from dataclasses import replace

from facilitator import rota
from facilitator.clock import FakeClock
from tests.facilitator.test_rota import make_team, new_session


def test_an_accepted_reason_says_the_day_it_was_suggested(fresh_db) -> None:  # noqa: ANN001
    team_id, _ids, _roles = make_team(fresh_db, ["Ann", "Bo", "Cy"], roles=3)
    sid = new_session(fresh_db, team_id, "2026-03-02")
    stored = rota.accept(fresh_db, rota.suggest_for_session(fresh_db, sid), clock=FakeClock())
    for assignment in stored.value:
        day = rota.stored_reason(assignment)
        assert day.startswith(assignment.reason)
        assert day.endswith(")") and "(suggested on " in day
        assert day != assignment.reason


def test_a_facilitator_s_change_and_an_undated_reason_are_said_as_they_are(fresh_db) -> None:  # noqa: ANN001
    team_id, _ids, _roles = make_team(fresh_db, ["Ann", "Bo"], roles=1)
    sid = new_session(fresh_db, team_id, "2026-03-02")
    (accepted,) = rota.accept(
        fresh_db, rota.suggest_for_session(fresh_db, sid), clock=FakeClock()
    ).value
    changed = replace(accepted, reason="Bo asked", overridden=True)
    assert rota.stored_reason(changed) == "Changed by the facilitator: Bo asked"
    assert rota.stored_reason(replace(accepted, created_at="")) == accepted.reason
    assert rota.stored_reason(replace(accepted, reason="")) == ""

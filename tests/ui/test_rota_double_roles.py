"""A person holding two roles is flagged in the Roles window only when the roles could be
shared out (someone here holds nothing); with more roles than people the double is the
rota's own answer, its reason says so, and it is not shown as a problem."""

from __future__ import annotations

from facilitator import rota
from facilitator.rota_record import load_for
from facilitator.store import assignments
from facilitator.store.database import Database
from tests.facilitator.run_fixtures import make_session
from ui.screens.session_roles.rota_rows import rota_rows


def _rows(database: Database, session_id: str):  # noqa: ANN202
    data, session = load_for(database, session_id)
    plan = rota.suggest_for_session(database, session_id)
    return rota_rows(data, session, plan, assignments.for_session(database, session_id), 0)


def test_more_roles_than_people_doubles_without_a_warning(fresh_db: Database) -> None:
    session_id, _ = make_session(fresh_db, [300], present=2)  # six roles, two people
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, session_id))
    rows = _rows(fresh_db, session_id)
    assert any("also holds" in r.why for r in rows)  # the reason explains the double
    assert [r.warning for r in rows if r.holder_id] == [""] * len([r for r in rows if r.holder_id])


def test_a_double_while_someone_holds_nothing_is_flagged(fresh_db: Database) -> None:
    session_id, people = make_session(fresh_db, [300], present=5)
    rota.accept(fresh_db, rota.suggest_for_session(fresh_db, session_id))
    stored = [a for a in assignments.for_session(fresh_db, session_id) if not a.shadow_of]
    first, second = stored[0], stored[1]
    with fresh_db.write() as db:  # the second role given to the first holder too
        db.table("role_assignments").update(second.id, {"participant_id": first.participant_id})
    rows = _rows(fresh_db, session_id)
    flagged = [r for r in rows if r.warning]
    assert flagged and all("also holds" in r.warning for r in flagged)

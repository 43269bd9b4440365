"""Names sort as a reader expects: accents and case folded, so Álvaro files under A, Émile
under E and Øystein under O, in the core's key and in every list the roster returns."""

from __future__ import annotations

from facilitator import collation, roster

NAMES = ["Zoë", "Øystein", "bob", "Émile", "Pia", "Álvaro", "Anna", "Ólafur", "Bob", "Łukasz"]


def test_the_key_folds_accents_and_case() -> None:
    assert sorted(NAMES, key=collation.key) == [
        "Álvaro",
        "Anna",
        "Bob",
        "bob",
        "Émile",
        "Łukasz",
        "Ólafur",
        "Øystein",
        "Pia",
        "Zoë",
    ]


def test_names_that_fold_alike_keep_a_stable_order() -> None:
    assert collation.key("Ana") != collation.key("ana") != collation.key("Ána")
    assert sorted(["ana", "Ána", "Ana"], key=collation.key) == sorted(
        ["Ána", "Ana", "ana"], key=collation.key
    )


def test_the_roster_lists_people_and_teams_in_that_order(fresh_db) -> None:
    for name in ("Zulu", "Östra", "alpha", "Ängby"):
        roster.create_team(fresh_db, name)
    assert [t.name for t in roster.list_teams(fresh_db)] == ["alpha", "Ängby", "Östra", "Zulu"]
    team = roster.list_teams(fresh_db)[0]
    for name in ("Pia", "Øystein", "Bob", "Álvaro", "Émile", "Zed"):
        roster.add_participant(fresh_db, team.id, name)
    assert [p.name for p in roster.list_participants(fresh_db, team.id)] == [
        "Álvaro",
        "Bob",
        "Émile",
        "Øystein",
        "Pia",
        "Zed",
    ]


def test_a_round_robin_and_the_ledger_go_in_that_order(fresh_db) -> None:
    from facilitator import ledger, planning

    team = roster.create_team(fresh_db, "Ops").value
    for name in ("Pia", "Øystein", "Bob", "Álvaro"):
        roster.add_participant(fresh_db, team.id, name)
    session = planning.create_session(fresh_db, team.id, "Weekly").value
    by_id = {p.id: p.name for p in roster.list_participants(fresh_db, team.id)}
    order = [by_id[pid] for pid in planning.present_ids(fresh_db, session.id)]
    assert order == ["Álvaro", "Bob", "Øystein", "Pia"]
    assert [p.name for p in ledger.load(fresh_db, team.id).people] == order


def test_the_reports_participation_lists_names_in_collation_order(tmp_path) -> None:  # noqa: ANN001
    from facilitator import record, roster
    from facilitator.demo import add_demo
    from facilitator.report import figures
    from facilitator.store import open_database

    database = open_database(tmp_path / "f.db")
    try:
        sample = add_demo(database)
        people = roster.list_participants(database, record.load(database, sample).session.team_id)
        for person, name in zip(
            people[:4], ["Zoë Vos", "Øystein Berg", "Pia Lund", "Émile Roy"], strict=True
        ):
            roster.update_participant(database, person.id, name=name)
        names = [p.name for p in figures.participation(record.load(database, sample))]
        wanted = [n for n in ("Émile Roy", "Øystein Berg", "Pia Lund", "Zoë Vos") if n in names]
        assert len(wanted) == 4 and [n for n in names if n in wanted] == wanted
    finally:
        database.close()

"""Full-text search over every capture kind: kept current, grouped, safe for any query."""

from __future__ import annotations

import pytest

from facilitator import capture, search
from facilitator.model import DecisionMethod
from facilitator.store import open_database
from tests.facilitator.capture_world import World, make_world


@pytest.fixture
def world(fresh_db) -> World:
    return make_world(fresh_db)


def found(world: World, text: str) -> list[tuple[str, str]]:
    result = search.search(world.database, text)
    return [(hit.kind, hit.title) for group in result.groups for hit in group.hits]


def test_every_kind_is_searchable_in_all_its_text(world: World) -> None:
    db, sid = world.database, world.first.id
    capture.add(db, "contribution", sid, "Shadow mode for Bristol")
    capture.add(
        db,
        "decision",
        sid,
        "Go ahead",
        method=DecisionMethod.CONSENT,
        rationale="vendor support",
        objections="double entry burden",
    )
    capture.add(db, "action", sid, "Book the vendor workshop")
    capture.add(db, "experiment", sid, "Zone batching", stop_signal="mis-picks above 1%")
    capture.add(db, "learning", sid, "Ownership matters for wave plans")
    assert found(world, "shadow") == [("contribution", "Shadow mode for Bristol")]
    assert found(world, "burden") == [("decision", "Go ahead")]
    assert sorted(found(world, "vendor")) == [
        ("action", "Book the vendor workshop"),
        ("decision", "Go ahead"),
    ]
    assert found(world, "mis picks") == [("experiment", "Zone batching")]
    assert found(world, "wave") == [("learning", "Ownership matters for wave plans")]
    # Word starts match while typing, accents fold, case does not matter.
    assert found(world, "owners") == [("learning", "Ownership matters for wave plans")]


def test_edits_and_soft_deletes_keep_the_index_current(world: World) -> None:
    db, sid = world.database, world.first.id
    item = capture.add(db, "action", sid, "Call Zoë about pallets").value
    assert found(world, "zoe") == [("action", "Call Zoë about pallets")]
    capture.change(db, item, text="Call Jonas about pallets")
    assert found(world, "zoe") == [] and len(found(world, "jonas")) == 1
    capture.delete(db, "action", item.id)
    assert found(world, "pallets") == []
    capture.undo(db, sid)
    assert found(world, "pallets") == [("action", "Call Jonas about pallets")]
    capture.undo(db, sid)
    assert found(world, "zoë") == [("action", "Call Zoë about pallets")]
    db.db.execute("delete from actions where id = ?", [item.id])
    assert found(world, "pallets") == []
    assert db.query("select count(*) as n from capture_fts_map")[0]["n"] == 0


@pytest.mark.parametrize(
    "query",
    [
        '"AND (',
        "*",
        "NEAR(a b)",
        "a OR b",
        "title:x",
        "^x",
        '"',
        '""',
        "(",
        ")",
        "-x",
        "+",
        "AND",
        "NOT",
        "\x00",
        "\x07bell",
        "x" * 10_000,
        "🎉",
        "שלום",
        "a" * 3,
        "' OR 1=1 --",
        "col:*",
        "{a b}:c",
    ],
)
def test_hostile_queries_never_fail(world: World, query: str) -> None:
    capture.add(
        world.database,
        "contribution",
        world.first.id,
        'AND ( NEAR "quoted" 🎉 party שלום a*b aaa x',
    )
    result = search.search(world.database, query)
    assert isinstance(result.count, int)


def test_operators_are_searched_as_words(world: World) -> None:
    db, sid = world.database, world.first.id
    capture.add(db, "contribution", sid, "Cats AND dogs")
    capture.add(db, "contribution", sid, "Cats only")
    capture.add(db, "contribution", sid, "Party 🎉 tonight")
    assert found(world, "cats AND") == [("contribution", "Cats AND dogs")]
    assert found(world, '"AND (') == [("contribution", "Cats AND dogs")]
    assert found(world, "NOT") == []
    assert found(world, "🎉") == [("contribution", "Party 🎉 tonight")]
    nothing = search.search(db, "*")
    assert nothing.groups == [] and "punctuation" in nothing.hint
    assert search.search(db, "   ").hint == ""


def test_results_are_grouped_by_session_newest_first(world: World) -> None:
    db = world.database
    capture.add(db, "contribution", world.first.id, "pallet idea one")
    capture.add(db, "action", world.third.id, "pallet action")
    capture.add(db, "learning", world.first.id, "pallet learning")
    result = search.search(db, "pallet")
    assert [g.title for g in result.groups] == ["Third", "First"]
    assert result.groups[0].day == "2026-03-16" and result.groups[0].team == "Ops"
    assert {h.kind for h in result.groups[1].hits} == {"contribution", "learning"}
    hit = result.groups[0].hits[0]
    assert hit.session_id == world.third.id and hit.item_id
    assert ("pallet", True) in hit.snippet
    assert search.search(db, "pallet", limit=2).more


def test_search_by_team(world: World, fresh_db) -> None:
    from facilitator.store import sessions, teams

    other = teams.create_team(fresh_db, "Other")
    elsewhere = sessions.create_session(fresh_db, other.id, "Elsewhere")
    capture.add(fresh_db, "contribution", elsewhere.id, "pallet elsewhere")
    capture.add(fresh_db, "contribution", world.first.id, "pallet here")
    assert search.search(fresh_db, "pallet").count == 2
    assert search.search(fresh_db, "pallet", team_id=world.team_id).count == 1


def test_the_migration_indexes_existing_captures(db_path) -> None:
    from facilitator.store.migrations import migrations

    database = open_database(db_path, migrate=False)
    migrations.apply(database.db, stop_before="m040_capture_search")
    world = make_world(database)
    capture.add(database, "decision", world.first.id, "Made before the index existed")
    assert "capture_fts" not in database.db.table_names()
    database.close()
    reopened = open_database(db_path)
    assert search.search(reopened, "existed").count == 1
    reopened.close()


def test_fts_query_quotes_every_word() -> None:
    assert search.fts_query('say "hi" now') == '"say"* """hi"""* "now"*'
    assert search.fts_query("* ( )") is None
    assert search.fts_query(" ".join(["w"] * 40)).count('"w"*') == search.MAX_WORDS


def test_excerpts_mark_whole_words_and_fold_accents() -> None:
    def marked(title: str, detail: str, query: str) -> list[str]:
        return [t for t, hit in search.snippet(title, detail, search.matcher(query)) if hit]

    assert marked("Call Zoë about Łukasz", "", "zoe lukasz") == ["Zoë", "Łukasz"]
    assert marked("xlate late latex", "", "late") == ["late", "latex"]
    assert marked("Party 🎉 tonight", "", "🎉") == ["🎉"]
    pieces = search.snippet("Zone batching", "stop when mis-picks rise", search.matcher("mis"))
    assert "".join(t for t, _ in pieces) == "Zone batching — stop when mis-picks rise"
    long = search.snippet("a " * 300 + "pallet" + " b" * 300, "", search.matcher("pallet"))
    text = "".join(t for t, _ in long)
    assert text.startswith("…") and text.endswith("…") and len(text) <= 170
    assert search.snippet("line\none", "", None) == (("line one", False),)


def test_captures_written_in_bulk_are_indexed_as_the_triggers_index_them(world: World) -> None:
    # store.search.indexed_at_end (a sync's bulk writes) indexes every kind's title and
    # detail as the triggers do; a block that fails leaves the index and triggers as they were.
    from facilitator.store import search as store_search

    db, sid = world.database, world.first.id
    decision = capture.add(
        db, "decision", sid, "Go ahead", method=DecisionMethod.CONSENT, rationale="vendor support"
    ).value
    index_rows = "select title, detail, kind, item_id, session_id from capture_fts order by 4"
    by_trigger = db.query(index_rows)
    triggers = db.query("select name, sql from sqlite_master where type = 'trigger' order by 1")
    with db.write() as w, store_search.indexed_at_end(w) as written:
        w.execute("update decisions set rationale = 'vendor backing' where id = ?", [decision.id])
        written["decisions"] = {decision.id}
        assert db.query(index_rows) == by_trigger  # not yet: at the end of the block
    assert found(world, "backing") == [("decision", "Go ahead")]
    assert found(world, "support") == []
    assert db.query(index_rows)[0]["detail"] == "vendor backing\n"  # rationale, objections
    with pytest.raises(RuntimeError), db.write() as w, store_search.indexed_at_end(w) as written:
        w.execute("update decisions set text = 'Stop' where id = ?", [decision.id])
        written["decisions"] = {decision.id}
        raise RuntimeError("a failed sync")
    assert found(world, "go") == [("decision", "Go ahead")]
    assert db.query("select name, sql from sqlite_master where type = 'trigger' order by 1") == (
        triggers
    )


def test_a_name_finds_what_that_person_owns_said_or_was_consulted_on(world: World) -> None:
    db, sid = world.database, world.first.id
    ann, bo = world.ann.id, world.bo.id  # Ann Lee, Bo Jensen
    capture.add(db, "action", sid, "Call the vendor", owner_id=bo)
    capture.add(db, "experiment", sid, "Zone batching", owner_id=bo)
    capture.add(db, "contribution", sid, "Shadow mode first", participant_id=bo)
    capture.add(db, "decision", sid, "Go ahead", method=DecisionMethod.ADVICE, consulted=(bo, ann))
    capture.add(db, "action", sid, "Order labels", owner_id=ann)
    gone = capture.add(db, "action", sid, "Deleted one", owner_id=bo).value
    capture.delete(db, "action", gone.id)
    bos = [
        ("action", "Call the vendor"),
        ("experiment", "Zone batching"),
        ("contribution", "Shadow mode first"),
        ("decision", "Go ahead"),
    ]
    assert sorted(found(world, "bo")) == sorted(bos)  # a word start, as for text
    assert sorted(found(world, "JENSEN")) == sorted(bos)
    assert sorted(found(world, "bo jen")) == sorted(bos)  # every word, each a word start
    assert found(world, "bo lee") == []  # not one person: nothing
    hit = next(h for g in search.search(db, "bo").groups for h in g.hits if h.kind == "action")
    # The result says how the person is tied to it, their name marked.
    assert hit.snippet == (
        ("Call the vendor", False),
        (" — ", False),
        ("Owner: ", False),
        ("Bo", True),
        (" Jensen", False),
    )
    assert ("decision", "Go ahead") in found(world, "ann")
    assert ("action", "Order labels") in found(world, "ann")


def test_a_name_with_accents_is_found_without_them(world: World) -> None:
    from facilitator import roster

    roster.update_participant(world.database, world.cy.id, name="Benoît Lefèvre")
    capture.add(world.database, "action", world.first.id, "Brief the shift", owner_id=world.cy.id)
    assert found(world, "benoit") == [("action", "Brief the shift")]
    assert found(world, "lefevre") == [("action", "Brief the shift")]

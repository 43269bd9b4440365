"""Changes: what an action touched, combined and asked about."""

from __future__ import annotations

from facilitator.changes import EVERYTHING, NOTHING, Changes, Topic


def test_touches_asks_about_any_of_the_topics() -> None:
    changes = Changes.of(Topic.CAPTURES, session_id="s1")
    assert changes.touches(Topic.CAPTURES)
    assert changes.touches(Topic.AGENDA, Topic.CAPTURES)
    assert not changes.touches(Topic.AGENDA)
    assert changes and not NOTHING


def test_everything_touches_every_topic() -> None:
    assert all(EVERYTHING.touches(topic) for topic in Topic)


def test_combined_changes_keep_a_place_only_when_both_share_it() -> None:
    a = Changes.of(Topic.CAPTURES, session_id="s1", team_id="t")
    b = Changes.of(Topic.VOTES, session_id="s2", team_id="t")
    both = a | b
    assert both.topics == {Topic.CAPTURES, Topic.VOTES}
    assert both.session_id is None and both.team_id == "t"
    assert (a | EVERYTHING).everything

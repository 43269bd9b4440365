"""Property: any text (except NUL) goes into the store and comes back unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator import capture, kinds, search
from facilitator.store import memory
from tests.facilitator.capture_world import make_world

DATABASE = memory()
WORLD = make_world(DATABASE)

# Any text a keyboard or a paste can produce: everything but NUL (refused with a message)
# and lone surrogates (not text at all; refused too, see test_capture.py).
CHARS = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
texts = st.text(alphabet=CHARS, min_size=1, max_size=2000).filter(lambda t: t.strip() != "")
kind_names = st.sampled_from(kinds.NAMES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=kind_names, text=texts, detail=st.text(alphabet=CHARS, max_size=300))
def test_any_text_round_trips(kind: str, text: str, detail: str) -> None:
    extra = {
        "decision": {"rationale": detail, "objections": detail},
        "experiment": {"outcome": detail, "stop_signal": detail},
    }.get(kind, {})
    item = capture.add(DATABASE, kind, WORLD.first.id, text, **extra).value
    stored = capture.get(DATABASE, kind, item.id)
    assert kinds.main_text(stored) == text
    for name, value in extra.items():
        assert getattr(stored, name) == value
    main = kinds.get(kind).main_field
    edited = capture.change(DATABASE, stored, **{main: text[::-1] or text}).value
    assert kinds.main_text(capture.get(DATABASE, kind, item.id)) == kinds.main_text(edited)


@settings(max_examples=150, deadline=None)
@given(query=st.text(alphabet=st.characters(), max_size=200))
def test_any_query_is_valid(query: str) -> None:
    result = search.search(DATABASE, query)
    assert result.count >= 0

"""The Markdown export rendered as a wiki would (CommonMark with GFM tables): every text
reads as typed, no stray backslash, each decision once, and typed syntax stays text."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from facilitator.model import Action, Decision, Experiment
from facilitator.record import load
from facilitator.report.text import clean
from facilitator.store import captures, memory, sessions, teams
from facilitator.summaries import md_escape, to_markdown
from tests.facilitator.report.hostile import hostile_session

DAY = date(2026, 3, 4)
NOT_PRINTED = ("area", "reason", "prompt")  # the Markdown summary leaves these out


class _Page(HTMLParser):
    """The rendered page's text, and the tags it used."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def rendered(markdown: str) -> _Page:
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    page = _Page()
    page.feed(html)
    page.close()
    return page


def words(text: str) -> str:
    """Text as a reader sees it: whitespace runs count as one space."""
    return " ".join(text.split())


def page_text(markdown: str) -> str:
    return words("".join(rendered(markdown).parts))


@pytest.fixture(scope="module")
def hostile() -> tuple[str, dict[str, str]]:
    database = memory()
    session_id, fields = hostile_session(database)
    return to_markdown(load(database, session_id), today=DAY), fields


def test_hostile_text_renders_exactly_as_typed(hostile) -> None:
    markdown, fields = hostile
    text = page_text(markdown)
    for name, typed in fields.items():
        if name.startswith(NOT_PRINTED):
            continue
        assert words(clean(typed)) in text, name


def test_typed_markup_stays_text(hostile) -> None:
    markdown, _fields = hostile
    page = rendered(markdown)
    assert not {"img", "b", "i", "a", "code", "del", "blockquote", "hr"} & set(page.tags)


def test_no_stray_backslash(hostile, demo_db) -> None:
    database, sample = demo_db
    for markdown in (hostile[0], to_markdown(load(database, sample), today=DAY)):
        assert "\\" not in page_text(markdown)


def test_each_decision_and_experiment_once(hostile, demo_db) -> None:
    database, sample = demo_db
    record = load(database, sample)
    text = page_text(to_markdown(record, today=DAY))
    for typed in [d.text for d in record.decisions] + [x.hypothesis for x in record.experiments]:
        assert text.count(words(typed)) == 1, typed
    markdown, fields = hostile
    hostile_text = page_text(markdown)
    for name in ("decision", "decision2", "hypothesis"):
        assert hostile_text.count(words(clean(fields[name]))) == 1, name


def test_empty_values_read_as_words_and_paragraphs_stay_apart() -> None:
    database = memory()
    team = teams.create_team(database, "T")
    s = sessions.create_session(database, team.id, "S", dilemma="First thought.\n\n\nSecond.")
    captures.add(database, Decision(s.id, "Go ahead"))
    captures.add(database, Action(s.id, "Ask around"))
    captures.add(database, Experiment(s.id, "Try it"))
    markdown = to_markdown(load(database, s.id), today=DAY)
    text = page_text(markdown)
    assert "Objections: none raised" in text
    assert "| Ask around | — |" in markdown
    assert "<p>First thought.</p>\n<p>Second.</p>" in MarkdownIt("commonmark").render(markdown)
    assert "\\" not in markdown


SYNTAX = [
    "- not a list",
    "+ nor this",
    "* nor this",
    "1. not numbered",
    "2) nor this",
    "# not a heading",
    "> not a quote",
    "***",
    "---",
    "===",
    "a_b_c and _not emphasis_ and __nor this__",
    "*not* **bold** `not code` ~~not struck~~",
    "[not a link](http://x) and <http://x> and <b>raw</b>",
    "&amp; &#38; & stay as typed",
    "a trailing #",
    "back\\slash \\* kept",
    "| not | a table |",
]


@pytest.mark.parametrize("typed", SYNTAX)
def test_markdown_syntax_typed_by_a_user_is_shown_as_typed(typed: str) -> None:
    page = rendered(
        f"{md_escape(typed)}\n\n- {md_escape(typed)}\n\n| x |\n|---|\n| {md_escape(typed)} |"
    )
    assert set(page.tags) == {"p", "ul", "li", "table", "thead", "tr", "th", "tbody", "td"}
    assert words("".join(page.parts)).count(typed) == 3


def test_line_breaks_are_kept_and_nothing_is_printed_for_nothing() -> None:
    assert md_escape("") == "" and md_escape("  \n\n ") == ""
    html = MarkdownIt("commonmark").render(md_escape("one\n- two\nthree"))
    assert html == "<p>one<br />\n- two<br />\nthree</p>\n"

"""A session whose block repeats for the group (Troika Consulting, a round per member of the
trio), reported: every row of the agenda and timing table, the timekeeper's changes and the
Markdown summary say the round ("Consult (round 2 of 3)"); a long agenda says a later
round that ran as round 1 in one row; a step's prompt is printed when it is not the one the
library gives that step, found by the step's place in the agenda."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date

import pytest
from pypdf import PdfReader

from facilitator import formats, planning, record
from facilitator.clock import FakeClock
from facilitator.model import Phase
from facilitator.report import figures, render_session, session_data
from facilitator.run import SessionRun
from facilitator.store import sessions
from facilitator.store.database import Database
from facilitator.summaries import to_markdown
from tests.facilitator.rounds_world import troika_session

TODAY = date(2026, 12, 9)


def _text(database: Database, session_id: str) -> str:
    buffer = io.BytesIO()
    render_session(session_data(database, session_id), buffer, today=TODAY, tz=UTC)
    pages = PdfReader(io.BytesIO(buffer.getvalue())).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _run_all(database: Database, session_id: str, extend_at: str = "") -> None:
    """Run every phase a minute and a half; the one headed ``extend_at`` gets a minute more."""
    clock = FakeClock()
    run = SessionRun(database, session_id, clock)
    run.toggle()
    for i in range(len(run.timer.phases)):
        if run.timer.phase.heading == extend_at:
            run.extend(60.0)
        clock.advance(90)
        if i < len(run.timer.phases) - 1:
            run.next_phase()
    run.end_session()


def test_the_report_says_the_round_of_each_step(fresh_db) -> None:
    session_id = troika_session(fresh_db)
    _run_all(fresh_db, session_id, extend_at="Consult (round 2 of 3)")
    text = _text(fresh_db, session_id)
    for n in (1, 2, 3):
        for step in ("Client shares", "Clarifying questions", "Consult", "Client reflects"):
            assert f"{step} (round {n} of 3)" in text
    assert "Prepare (round" not in text  # a step that does not repeat: its title alone
    assert "Round 2 of 3" not in text  # thirteen phases: every round in full
    assert "(Consult (round 2 of 3) +1:00)" in text  # the extension names its round
    summary = to_markdown(record.load(fresh_db, session_id), TODAY)
    assert "| 8 | Consult (round 2 of 3) | 5:00 | 1:30 | −3:30 |" in summary
    assert "| 1 | Prepare | 1:00 |" in summary


def test_a_long_agenda_says_a_round_run_as_round_one_in_one_row(fresh_db) -> None:
    opening = [Phase("x", i, f"Opening {i + 1}", 120) for i in range(10)]
    session_id = troika_session(fresh_db, before=opening)
    phases = sessions.list_phases(fresh_db, session_id)
    assert len(phases) == 23 > figures.LONG_AGENDA
    _run_all(fresh_db, session_id, extend_at="Consult (round 2 of 3)")
    text = _text(fresh_db, session_id)
    assert "Consult (round 1 of 3)" in text  # round 1 in full, prompts and modes
    # Round 2 was extended: each step says what happened to it; round 3 ran as planned.
    assert "Consult (round 2 of 3)" in text and "extended +1:00" in text
    assert "22 Consult (round 3 of 3)" not in text  # (the skips above the table name it)
    assert (
        "20–23 Round 3 of 3 Troika Consulting · as round 1: Client shares, Clarifying "
        "questions, Consult, Client reflects"
    ) in text
    summary = to_markdown(record.load(fresh_db, session_id), TODAY)
    assert (
        "| 20–23 | Round 3 of 3, as round 1: Client shares, Clarifying questions, Consult, "
        "Client reflects | 9:30 | 6:00 | −3:30 |"
    ) in summary
    assert "| 18 | Consult (round 2 of 3) | 5:00 | 1:30 | −3:30 |" in summary


def test_a_long_agenda_not_run_says_later_rounds_in_one_row(fresh_db) -> None:
    opening = [Phase("x", i, f"Opening {i + 1}", 120) for i in range(10)]
    session_id = troika_session(fresh_db, before=opening)
    text = _text(fresh_db, session_id)
    assert "16–19 Round 2 of 3" in text and "20–23 Round 3 of 3" in text
    assert "Consult (round 1 of 3)" in text and "Consult (round 2 of 3)" not in text


def test_an_edited_prompt_in_a_later_round_is_printed_and_the_librarys_is_not(fresh_db) -> None:
    session_id = troika_session(fresh_db)
    phases = sessions.list_phases(fresh_db, session_id)
    consult = formats.get_format("troika-consulting").steps[3]
    assert phases[7].heading == "Consult (round 2 of 3)"
    phases[7] = Phase(**{**_fields(phases[7]), "prompt": "Consult on the Bristol budget only."})
    planning.save_agenda(fresh_db, session_id, phases)
    text = _text(fresh_db, session_id)
    assert "Consult on the Bristol budget only." in text
    assert " ".join(consult.prompt.split()) not in text  # the library's own: not repeated


def _fields(phase: Phase) -> dict[str, object]:
    return {name: getattr(phase, name) for name in Phase.__dataclass_fields__}


def test_a_title_used_in_and_out_of_the_block_has_each_places_prompt(monkeypatch) -> None:
    step = {"title": "Share", "mode": "small_groups", "duration_s": 60}
    (fmt,) = formats.parse_library(
        {
            "version": 2,
            "purposes": {"generate": "Generate ideas"},
            "formats": [
                {
                    "key": "share-twice",
                    "name": "Share twice",
                    "family": "Liberating Structures",
                    "purposes": ["generate"],
                    "summary": "Share, then share in trios.",
                    "group_size": {"min": 3, "max": 12},
                    "steps": [
                        {**step, "prompt": "Everyone shares with the whole group."},
                        {"repeat": "member:3", "steps": [{**step, "prompt": "Share in trios."}]},
                        {**step, "prompt": "Share what you take away."},
                    ],
                }
            ],
        }
    )
    library = formats.get_format

    def get_format(key: str) -> formats.Format:
        return fmt if key == fmt.key else library(key)

    monkeypatch.setattr(formats, "get_format", get_format)
    phases = formats.expand(fmt, "s", 0, 6)
    assert [p.heading for p in phases] == [
        "Share",
        "Share (round 1 of 3)",
        "Share (round 2 of 3)",
        "Share (round 3 of 3)",
        "Share",
    ]
    prompts = figures.library_prompts(phases)
    assert [prompts[p.id] for p in phases] == [
        "Everyone shares with the whole group.",
        "Share in trios.",
        "Share in trios.",
        "Share in trios.",
        "Share what you take away.",
    ]
    # Renamed, a step keeps its place's prompt; moved within its round, it is found by title.
    renamed = replace(phases[2], title="Share with your trio")
    assert figures.library_prompts([phases[0], phases[1], renamed])[renamed.id] == (
        "Share in trios."
    )
    troika = formats.get_format("troika-consulting")
    steps = formats.expand(troika, "s", 0, 6)
    steps[5], steps[6] = steps[6], steps[5]  # round 2 asks its questions first
    assert [p.heading for p in steps[5:7]] == [
        "Clarifying questions (round 2 of 3)",
        "Client shares (round 2 of 3)",
    ]
    prompts = figures.library_prompts(steps)
    assert all(prompts[p.id] == p.prompt for p in steps)  # each its own step's prompt
    # A phase of a format the library does not have: no library prompt, so it is printed.
    other = Phase("s", 9, "Share", 60, format_key="own-1", group_id="g")
    assert figures.library_prompts([other]) == {}


@pytest.mark.parametrize("title", ["ייעוץ", "استشارة"])
def test_a_right_to_left_title_keeps_its_round(fresh_db, title: str) -> None:
    session_id = troika_session(fresh_db)
    phases = sessions.list_phases(fresh_db, session_id)
    phases = [
        Phase(**{**_fields(p), "title": title}) if p.title == "Consult" else p for p in phases
    ]
    planning.save_agenda(fresh_db, session_id, phases)
    text = _text(fresh_db, session_id)
    assert "(round 2 of 3)" in text and text.count("of 3)") == 12

"""The printable agenda: what the room needs before a session, on one or two pages."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from facilitator import agenda, planning
from facilitator.cli import cli
from facilitator.cli_agenda import next_session_id
from facilitator.demo import add_demo
from facilitator.errors import NotFoundError
from facilitator.model import AttendanceStatus, Phase, PhaseMode, RoleAssignment, label
from facilitator.record import SessionRecord, load
from facilitator.report import figures
from facilitator.report.agenda_sheet import SIDE_BY_SIDE_ROWS, render_agenda
from facilitator.store import assignments, memory, sessions, teams
from facilitator.store.database import Database
from tests.facilitator.report.hostile import hostile_session

DAY = date(2026, 3, 2)  # the demo is made on this day; its next session is a week later


def pages(record: SessionRecord, paper: str = "a4") -> list[str]:
    buffer = io.BytesIO()
    render_agenda(record, buffer, paper=paper, today=DAY)
    return [page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def planned() -> SessionRecord:
    """The demo team's next session, planned and not yet run."""
    database = memory()
    add_demo(database, today=DAY)
    return load(database, next_session_id(database, DAY))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_demos_next_session_fits_on_two_pages(planned, paper) -> None:
    assert 1 <= len(pages(planned, paper)) <= 2


def test_the_sheet_says_when_where_and_what_about(planned) -> None:
    text = words(" ".join(pages(planned)))
    s = planned.session
    assert s.status.value == "planned"
    for part in (s.title, planned.team.name, s.place, words(s.dilemma)):
        assert words(part) in text
    assert "Monday 9 March 2026" in text
    end = agenda.planned_end(s, planned.phases)
    assert end is not None and f"09:30–{end:%H:%M}" in text
    assert "2 h available" in text


def test_every_phase_with_its_clock_times_format_mode_and_prompt(planned) -> None:
    text = words(" ".join(pages(planned)))
    slots = agenda.timeline(planned.session, planned.phases)
    assert len(slots) > 10
    again = {i: span for span in agenda.same_rounds(planned.phases) for i in span}
    assert again, "the demo's Troika Consulting has rounds that are round 1 again"
    for i, slot in enumerate(slots):
        assert slot.start is not None and slot.end is not None
        ph = slot.phase
        if i in again:  # said in one line, with its steps named: round 1 says the prompts
            first = slots[again[i].start]
            line = f"{first.start:%H:%M} Round {ph.round_no} of {ph.rounds} as round 1:"
            assert line in text and words(ph.title) in text
            continue
        assert f"{slot.start:%H:%M} {ph.heading}" in text, ph.title
        assert words(ph.title) in text and words(ph.prompt) in text
        assert ph.group_title in text and label(ph.mode) in text


def test_who_holds_which_role_and_who_is_coming(planned) -> None:
    text = words(" ".join(pages(planned)))
    listed = figures.listed_roles(planned)
    assert len(listed) >= 4
    for held in listed:
        assert f"{planned.role_name(held.role_id)} {planned.person(held.participant_id)}" in text
    assert planned.present() and all(p.name in text for p in planned.present())


def long_agenda(database: Database, people: int = 30) -> str:
    """A day-long session: 40 phases with prompts, a break, many people, one away, a role
    held in one phase only and a newcomer shadowing."""
    team = teams.create_team(database, "Big team")
    roster = [teams.add_participant(database, team.id, f"Person {i:02d}") for i in range(people)]
    s = sessions.create_session(
        database, team.id, "Offsite", planned_date="2026-12-20", planned_start="08:45"
    )
    planning.set_present(database, s.id, [p.id for p in roster[:-1]])
    planning.set_attendance(database, s.id, roster[-1].id, AttendanceStatus.ABSENT)
    modes = [m for m in PhaseMode if m is not PhaseMode.BREAK]
    sessions.add_phases(
        database,
        [
            Phase(
                s.id,
                i,
                f"Step {i:02d}",
                300 + 30 * i,
                mode=modes[i % len(modes)],
                prompt=f"Prompt {i:02d}. " + "Talk it through with care. " * (1 + i % 5),
                is_break=i == 20,
            )
            for i in range(40)
        ],
    )
    roles = teams.list_roles(database, team.id)
    phases = sessions.list_phases(database, s.id)
    assignments.add_assignments(
        database,
        [
            RoleAssignment(s.id, roles[0].id, roster[0].id),
            RoleAssignment(s.id, roles[1].id, roster[1].id, phase_id=phases[3].id),
            RoleAssignment(s.id, roles[2].id, roster[3].id, shadow_of=roster[2].id),
        ],
    )
    return s.id


def test_a_long_agenda_keeps_each_phase_whole_and_lists_everyone() -> None:
    database = memory()
    record = load(database, long_agenda(database))
    assert len(record.present()) > SIDE_BY_SIDE_ROWS  # the lists stand one below the other
    sheet = pages(record)
    assert len(sheet) <= 5
    for i in range(40):
        if i == 20:  # a break prints no prompt
            continue
        on = [page for page in sheet if f"Prompt {i:02d}." in page]
        assert len(on) == 1 and f"Step {i:02d}" in on[0], f"step {i} split from its prompt"
    text = words(" ".join(sheet))
    assert all(f"Person {i:02d}" in text for i in range(29))
    assert "Not coming: Person 29" in text
    assert "(in Step 03)" in text and "shadowing Person 02" in text
    assert "08:45 Step 00" in text and "08:50 Step 01" in text and "5 min 30 s" in text


def test_without_a_start_time_the_sheet_counts_from_the_start() -> None:
    database = memory()
    team = teams.create_team(database, "T")
    s = sessions.create_session(database, team.id, "Undated")
    sessions.add_phases(database, [Phase(s.id, 0, "Only", 5400)])
    text = words(" ".join(pages(load(database, s.id))))
    assert "No date set" in text and "No start time set" in text
    assert (
        "From start" in text and "0:00 Only" in text and "Nobody is marked as coming yet." in text
    )


def test_hostile_text_is_printed_not_obeyed() -> None:
    database = memory()
    session_id, fields = hostile_session(database)
    text = "".join(" ".join(pages(load(database, session_id))).split())
    for name in ("title", "phase", "team", "person0"):
        assert "".join(fields[name].split()).replace("|", "")[:12] in text.replace("|", "")


def test_next_is_the_first_session_still_to_run(fresh_db) -> None:
    team = teams.create_team(fresh_db, "T")
    passed = sessions.create_session(fresh_db, team.id, "Passed", planned_date="2026-03-01")
    with pytest.raises(NotFoundError):
        next_session_id(memory(), DAY)
    assert next_session_id(fresh_db, DAY) == passed.id  # nothing ahead: the latest planned
    later = sessions.create_session(fresh_db, team.id, "Later", planned_date="2026-04-01")
    soon = sessions.create_session(fresh_db, team.id, "Soon", planned_date="2026-03-02")
    assert next_session_id(fresh_db, DAY) == soon.id
    assert next_session_id(fresh_db, date(2026, 3, 3)) == later.id


def test_the_command_writes_the_agenda(tmp_path: Path, monkeypatch) -> None:
    db = str(tmp_path / "d.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "--db", db]).exit_code == 0
    out = tmp_path / "agenda.pdf"
    result = runner.invoke(
        cli, ["agenda", "next", "--out", str(out), "--paper", "letter"] + ["--db", db]
    )
    assert result.exit_code == 0 and result.stdout.strip() == str(out)
    reader = PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert reader.metadata is not None and reader.metadata.title.endswith("— agenda")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["agenda", "latest", "--db", db])
    assert result.exit_code == 0 and result.stdout.strip().endswith(" agenda.pdf")
    missing = runner.invoke(cli, ["agenda", "nope", "--db", db])
    assert missing.exit_code == 2 and "No session 'nope'" in missing.stderr
    before = Path(db).read_bytes()
    over_the_database = runner.invoke(cli, ["agenda", "next", "--out", db, "--db", db])
    assert over_the_database.exit_code == 2 and Path(db).read_bytes() == before


def test_the_file_says_what_it_is(planned) -> None:
    buffer = io.BytesIO()
    render_agenda(planned, buffer, today=DAY)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    info = reader.metadata
    assert info is not None and info.title == f"{planned.session.title} — agenda"
    assert info.subject == words(planned.session.dilemma)
    assert info.author == planned.team.name
    assert reader.trailer["/Root"]["/Lang"] == "en"
    outline = [getattr(entry, "title", None) for entry in reader.outline]
    assert "Agenda" in outline and "Roles and who is coming" in outline


def test_a_hebrew_agenda_says_so() -> None:
    database = memory()
    team = teams.create_team(database, "צוות")
    s = sessions.create_session(database, team.id, "פגישת תכנון", dilemma="האם להמשיך עכשיו")
    buffer = io.BytesIO()
    render_agenda(load(database, s.id), buffer, today=DAY)
    assert PdfReader(io.BytesIO(buffer.getvalue())).trailer["/Root"]["/Lang"] == "he"


def test_lengths_and_times_read_in_one_style_and_agree_with_the_plan(planned) -> None:
    text = words(" ".join(pages(planned)))
    assert "1 h 38 min in 27 phases · 2 h available · 22 min to spare" in text
    assert "09:30–11:07" in text
    # a phase of 4:30 reads in words, as every other length, and not as a clock
    assert "4 min 30 s" in text and "4:30" not in text and "Round-robin, 45 s each" in text
    # each phase starts where the one before ended, as a clock shows it: 10:36:15 + 4:30
    assert "10:36 Clarify" in text and "10:40 React" in text and "10:45 Amend" in text
    assert "a start between whole minutes (after a phase with seconds in its length)" in text

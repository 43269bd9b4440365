"""The team report as a reader walks through it: overdue actions in Coming up, planned
sessions not counted as held, plurals and periods in its words, one definition of success,
the chosen period in the PDF's metadata, and a list's "… and N more" kept with its rows."""

from __future__ import annotations

import io
import re
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.demo import add_demo
from facilitator.model import Action, Experiment, ExperimentStatus
from facilitator.report import render_team, team_data
from facilitator.report import team_summary as ts
from facilitator.report.figures import session_day, short_date
from facilitator.report.team_summary import TeamReportData, narrowed
from facilitator.store import teams
from facilitator.store.database import Database, open_database

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from archive import build_archive  # noqa: E402

TODAY = date(2026, 12, 1)


@pytest.fixture
def demo(fresh_db: Database) -> TeamReportData:
    add_demo(fresh_db, today=TODAY)
    return team_data(fresh_db, teams.list_teams(fresh_db)[0].id)


def render(data: TeamReportData, today: date = TODAY) -> tuple[list[str], dict[str, str]]:
    out = io.BytesIO()
    render_team(data, out, today=today)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    return [" ".join(page.extract_text().split()) for page in reader.pages], info


def test_coming_up_lists_the_overdue_actions_first(demo: TeamReportData) -> None:
    planned = next(r for r in demo.records if r.session.status.value == "planned")
    today = date.fromisoformat(session_day(planned)) - timedelta(days=8)
    actions = [a for r in demo.records for a in r.actions if a.status.value == "open" and a.due]
    late = [a for a in actions if date.fromisoformat(a.due or "") < today]
    until = session_day(planned)
    soon = [a for a in actions if a not in late and (a.due or "") <= until]
    assert late and soon
    text = " ".join(render(narrowed(demo), today)[0])
    coming = text[text.index("Coming up") : text.index("Year by year")]
    assert "Actions overdue or due by" in coming
    where = [coming.index(a.text[:20]) for a in late + soon]
    assert max(where[: len(late)]) < min(where[len(late) :])  # the overdue ones first
    assert f"{short_date(late[0].due)} overdue" in coming


def test_coming_up_caps_the_overdue_and_says_how_many_more(demo: TeamReportData) -> None:
    today = TODAY + timedelta(days=400)  # every open action is overdue by then
    soon = ts.coming_up(demo.records, today)
    late = [a for r in demo.records for a in r.actions if a.status.value == "open" and a.due]
    assert len(soon.overdue) == len(late) and not soon.actions
    assert [a.due for _, a in soon.overdue] == sorted((a.due for a in late), reverse=True)
    many = narrowed(demo)
    big = next(r for r in many.records if r.actions)
    extra = [
        Action(session_id=big.session.id, text=f"Chase supplier {i}", due="2027-01-01")
        for i in range(ts.PER_OWNER + 3)
    ]
    big.actions.extend(extra)
    text = " ".join(render(many, today)[0])
    assert f"… and {len(late) + 3:,} more overdue" in text


def test_a_planned_session_is_not_counted_as_held(demo: TeamReportData) -> None:
    ran = [r for r in demo.records if r.session.status.value != "planned"]
    assert len(ran) == len(demo.records) - 1
    text, info = render(narrowed(demo))
    held = f"{len(ran)} held, 1 planned"
    assert f"Sessions {held}" in text[0]
    assert f"Team report · {len(ran)} sessions held, 1 planned" in text[1]
    whole = " ".join(text)
    assert re.search(rf"Jonas Berg IT systems {len(ran)} of {len(ran)}\b", whole)
    assert re.search(rf"Year by year .*?2026 {len(ran)} \d", whole)
    assert f"{len(ran)} sessions held, 1 planned" in info["/Subject"]


def test_the_words_agree_in_number_and_period(demo: TeamReportData) -> None:
    counts = {"done": 1, "open": 0, "overdue": 0, "dropped": 0}
    assert ts.follow_through_trend([], counts).startswith("Of 1 action, ")
    record = demo.records[0]
    record.experiments[:] = [Experiment(session_id=record.session.id, hypothesis="Try it")]
    words = ts.experiment_trend([record])
    assert words.startswith("1 experiment: ") and "None has concluded yet." in words
    assert "—" not in words
    assert ts.decision_trend(demo.records[:1]).startswith("1 decision, ")
    quiet = narrowed(demo, date(2026, 11, 10), date(2026, 11, 12))
    whole = " ".join(render(quiet)[0])
    assert "No decisions were recorded in this period." in whole
    assert "have been recorded yet" not in whole
    later = narrowed(demo, date(2026, 11, 10), date(2026, 11, 25))
    whole = " ".join(render(later)[0])
    assert "Open items by owner" in whole and later.earlier
    assert "from before this period" not in whole  # only the period's own are open


def test_succeeded_means_the_same_on_page_one_and_in_the_years(demo: TeamReportData) -> None:
    experiments = [x for r in demo.records for x in r.experiments]
    ended = [x for x in experiments if x.status in ts.CONCLUDED]
    assert 0 < len(ended) < len(experiments)
    worked = ts.percent(sum(x.status is ExperimentStatus.SUCCEEDED for x in ended), len(ended))
    text = render(narrowed(demo))[0]
    assert f"Of those concluded, {worked} worked" in text[0]
    row = re.search(r"2026 \d+ \d+ \d+ \d+% \d+% \d+ (\S+) ", " ".join(text))
    assert row and row.group(1) == worked


def test_the_metadata_names_the_period_the_cover_shows(demo: TeamReportData) -> None:
    text, info = render(narrowed(demo, date(2026, 11, 10), date(2026, 11, 25)))
    assert "10 Nov 2026 to 25 Nov 2026" in text[0]
    assert "2026-11-10 to 2026-11-25" in info["/Subject"]
    assert "2026-11-10 to 2026-11-25" in info["/Keywords"]


@pytest.fixture(scope="module")
def archive_pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = tmp_path_factory.mktemp("archive") / "archive.db"
    build_archive(path, captures=30_000, today=TODAY)
    database = open_database(path, read_only=True)
    try:
        team = next(t for t in teams.list_teams(database) if t.name == "Archive team 1")
        data = team_data(database, team.id)
    finally:
        database.close()
    out = io.BytesIO()
    render_team(narrowed(data), out, today=TODAY)
    return [page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages]


def body_lines(page: str, *header: str) -> list[str]:
    """A page's lines without its running header and footer."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    skip = (*header, "Team report ·", "Facilitator team report", "Page ")
    return [line for line in lines if not line.startswith(skip)]


def test_the_archive_chases_its_latest_overdue_actions(archive_pages: list[str]) -> None:
    coming = " ".join(archive_pages[1].split())
    assert "Actions overdue or due by" in coming
    assert re.search(r"… and [\d,]+ more overdue, due earlier", coming)
    for number, page in enumerate(archive_pages[1:], 2):
        body = body_lines(page, "Archive team 1")
        assert body and not body[0].startswith("… and"), (number, body[:2])


def test_and_n_more_stays_with_the_rows_it_follows(demo: TeamReportData) -> None:
    """Wherever the page ends, a year's "… and N more" never starts the next page alone."""
    from reportlab.platypus import Spacer

    from facilitator.report.layout import frame_width, make_doc, paper_size
    from facilitator.report.team import TeamStory
    from facilitator.report.text import Text

    record = next(r for r in demo.records if r.decisions)
    for i in range(ts.PER_YEAR + 3):
        record.decisions.append(replace(record.decisions[0], text=f"Decision {i}", id=f"d{i}"))
    text = Text()
    story = TeamStory(narrowed(demo), frame_width("a4"), text, TODAY, None)
    alone = []
    for lead in range(0, int(paper_size("a4")[1] * 0.8), 4):
        out = io.BytesIO()
        doc = make_doc(out, "a4", "t", "Left", "Right", text)
        doc.build([Spacer(1, lead), *story.decisions()])
        pages = PdfReader(io.BytesIO(out.getvalue())).pages
        for page in pages[1:]:
            body = body_lines(page.extract_text(), "Left", "Right")
            if body and body[0].startswith("… and"):
                alone.append(lead)
    assert not alone, alone

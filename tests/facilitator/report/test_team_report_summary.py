"""The team report summarises: trends on page 1, a decisions log, open items by owner, lists
capped per year (every item on request), a date range, years on every date, whole headers,
and a ten-year team in a few dozen pages."""

from __future__ import annotations

import io
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from facilitator.cli import cli
from facilitator.errors import ValidationError
from facilitator.report import render_team, team_data
from facilitator.report.figures import session_day, short_date
from facilitator.report.team_summary import PER_YEAR, TeamReportData, narrowed
from facilitator.store import teams
from facilitator.store.database import Database, open_database

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from archive import build_archive  # noqa: E402

TODAY = date(2026, 12, 1)
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten years of weekly sessions for four teams (fewer captures than the benchmark)."""
    path = tmp_path_factory.mktemp("archive") / "archive.db"
    build_archive(path, captures=30_000, today=TODAY)
    return path


@pytest.fixture(scope="module")
def database(archive: Path):
    database = open_database(archive, read_only=True)
    yield database
    database.close()


@pytest.fixture(scope="module")
def ten_years(database: Database) -> TeamReportData:
    team = next(t for t in teams.list_teams(database) if t.name == "Archive team 1")
    return team_data(database, team.id)


def pages(data: TeamReportData) -> list[str]:
    out = io.BytesIO()
    render_team(data, out, today=TODAY)
    return [page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages]


@pytest.fixture(scope="module")
def default_pages(ten_years: TeamReportData) -> list[str]:
    return pages(narrowed(ten_years))


@pytest.fixture(scope="module")
def every_pages(ten_years: TeamReportData) -> list[str]:
    return pages(narrowed(ten_years, every=True))


def test_a_ten_year_team_reads_in_a_few_dozen_pages(default_pages, every_pages) -> None:
    assert len(default_pages) <= 36, len(default_pages)
    assert len(every_pages) > 3 * len(default_pages), (len(default_pages), len(every_pages))
    assert "2016" in default_pages[0] and "2026" in default_pages[0]


def test_the_first_page_tells_the_trends_in_words(default_pages) -> None:
    first = " ".join(default_pages[0].split())
    for heading in (
        "Leadership distribution over time",
        "Action follow-through",
        "Decisions and experiments",
        "What the latest ones taught",
    ):
        assert heading in first
    assert re.search(r"Of [\d,]+ actions, \d+% are done, \d+% dropped", first)
    assert re.search(r"Done within the year: \d+% in 2016, \d+% in 2026", first)
    assert re.search(r"[\d,]+ decisions, by \w+", first)
    assert re.search(r"[\d,]+ experiments: [\d,]+ succeeded, [\d,]+ stopped", first)
    assert re.search(r"Each point is the average of a (quarter|half-year|year)'s sessions", first)


def test_the_decisions_log_lists_each_year_capped(default_pages, ten_years) -> None:
    text = "\n".join(default_pages)
    assert "Decisions log" in text
    for year in range(2017, 2027):
        assert re.search(rf"{year} · \d+ decisions", text), year
        assert re.search(rf"… and \d+ more in {year}\.", text), year
    latest = [d for r in ten_years.records for d in r.decisions][-1]
    assert latest.text[:40] in text.replace("\n", " ")


def test_every_item_is_listed_on_request(default_pages, every_pages, ten_years) -> None:
    default = " ".join(default_pages).replace("\n", " ")
    every = " ".join(every_pages).replace("\n", " ")
    year = [r for r in ten_years.records if session_day(r).startswith("2019")]
    decisions = [d for r in year for d in r.decisions]
    assert len(decisions) > PER_YEAR
    oldest = decisions[0].text[:40]
    assert oldest not in default and oldest in every
    assert "Every action" in every and "Every action" not in default
    assert "… and" not in every


def test_open_items_are_grouped_by_owner(default_pages) -> None:
    text = " ".join(" ".join(default_pages).split())
    assert "Open items by owner" in text
    owners = re.findall(r"Person 1\.\d · \d+ open", text)
    assert len(set(owners)) >= 5


def test_every_date_carries_its_year(default_pages) -> None:
    text = "\n".join(default_pages)
    bare = re.findall(rf"\b\d{{1,2}} (?:{MONTHS})\b(?! \d{{4}})", text)
    assert not bare, bare[:5]
    assert re.search(r"\b(?:Q\d|H\d) 20\d\d\b", default_pages[0])  # the chart's axis


def test_headers_are_never_split_mid_word(default_pages) -> None:
    text = "\n".join(default_pages)
    for header in ("Facilitator", "Timekeeper", "Voice-keeper", "Challenger", "Experiments"):
        assert re.search(rf"\b{header}\b", text), header
    assert not re.search(r"Facilitato\s|Voice-keepe\s|Inconclusiv\s", text)


def test_a_date_range_narrows_the_report(ten_years) -> None:
    data = narrowed(ten_years, date(2025, 1, 1), date(2025, 12, 31))
    assert data.records and all(session_day(r).startswith("2025") for r in data.records)
    text = [" ".join(page.split()) for page in pages(data)]
    assert "1 Jan 2025 to 31 Dec 2025" in text[0]
    assert re.search(r"Sessions \d+ held in this period \(\d+ more outside it\)", text[0])
    whole = "\n".join(text)
    assert "2024 ·" not in whole and "2026 ·" not in whole
    assert "Includes actions from before this period that are still open." in whole


def test_a_range_that_ends_before_it_starts_is_refused(ten_years) -> None:
    with pytest.raises(ValidationError, match="cannot start on 1 Jan 2026"):
        narrowed(ten_years, date(2026, 1, 1), date(2025, 1, 1))


def test_the_command_line_takes_from_to_and_all(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.pdf"
    args = ["team-report", "Archive team 1", "--db", str(archive), "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--from", "2026-01-01", "--to", "2026-06-30"])
    assert result.exit_code == 0, result.output
    short = PdfReader(out).pages
    assert "1 Jan 2026 to 30 Jun 2026" in short[0].extract_text()
    result = CliRunner().invoke(cli, [*args, "--from", "2026-01-01", "--all"])
    assert result.exit_code == 0, result.output
    assert len(PdfReader(out).pages) > len(short)
    assert "Every action" in "".join(p.extract_text() for p in PdfReader(out).pages)
    refused = CliRunner().invoke(cli, [*args, "--from", "2026-02-01", "--to", "2026-01-01"])
    assert refused.exit_code == 2
    assert "cannot start on 1 Feb 2026" in refused.stderr


def test_coming_up_names_the_next_session_and_what_falls_due(demo_db) -> None:
    database, _ = demo_db
    data = team_data(database, teams.list_teams(database)[0].id)
    planned = next(r for r in data.records if r.session.status.value == "planned")
    day = date.fromisoformat(session_day(planned))
    text = " ".join(" ".join(pages_on(narrowed(data), day - timedelta(days=8))).split())
    assert f"Next session: {planned.session.title}" in text
    due = [a for r in data.records for a in r.actions if a.status.value == "open" and a.due]
    soon = [a for a in due if day - timedelta(days=8) <= date.fromisoformat(a.due) <= day]
    assert soon and f"Actions overdue or due by {short_date(day.isoformat())}" in text
    assert all(a.text[:30] in text for a in soon)
    assert "The full lists" not in text  # nothing of the small demo is left out


def pages_on(data: TeamReportData, today: date) -> list[str]:
    out = io.BytesIO()
    render_team(data, out, today=today)
    return [page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages]

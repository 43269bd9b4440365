"""A session as a spreadsheet (CSV of actions, experiments and decisions) or a wiki page
(Markdown).

Summaries to read, not to import: the JSON export in ``interchange`` is the lossless one.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import TYPE_CHECKING

from facilitator import session_time
from facilitator.durations import clock_mm_ss, signed_clock
from facilitator.errors import ValidationError
from facilitator.model import (
    Session,
    label,
)
from facilitator.record import SessionRecord

if TYPE_CHECKING:
    from facilitator.report.figures import AgendaLine

# ------------------------------------------------------------------ CSV

CSV_COLUMNS = [
    "type",
    "id",
    "text",
    "owner",
    "owner_area",
    "due_or_review",
    "status",
    "what_we_try",
    "limit_time",
    "limit_money",
    "limit_risk",
    "success_signal",
    "stop_signal",
    "outcome",
    "method",
    "rationale",
    "consulted",
    "objections",
    "session",
    "session_date",
    "created_at",
]
# The separators a spreadsheet uses: "," where the decimal mark is a point (English), ";"
# where it is a comma (German, French, Polish Excel read a comma file as one column).
CSV_SEPARATORS = (",", ";")

# Where a spreadsheet could start a cell: the field's start, and after anything a reader
# may split on (either separator, a tab, a line break, a quote), past any spaces (a no-break
# or ideographic space too, and the zero-width ones a spreadsheet trims) and quotes; the
# formula characters include their full-width forms, which some spreadsheets also take.
_CELL_START = re.compile(
    r'(^|[,;\t\r\n"])([\s"\u200b\u2060\ufeff]*)([=+\-@\uff1d\uff0b\uff0d\uff20])'
)
# Control characters (C0 but tab and line breaks, DEL, C1): invisible in a cell, and an
# escape sequence would act on a terminal the file is printed in, so they are dropped.
# Tabs and line breaks stay as typed: every field is quoted, so they stay in their cell.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _cell(value: str) -> str:
    """Spreadsheet-safe text: control characters dropped, an apostrophe before every
    ``= + - @`` that could begin a cell, however the line is split (a ``;`` reader splits
    ``Budget check;=2+3`` in two), and before a leading tab or carriage return; a
    spreadsheet shows the rest as text."""
    value = _CELL_START.sub(r"\1\2'\3", _CONTROL.sub("", value))
    return "'" + value if value[:1] in ("\t", "\r") else value


def to_csv(record: SessionRecord, today: date | None = None, sep: str = ",") -> str:
    """Actions, experiments and decisions of the session as one table (a ``type`` column
    tells them apart), for filtering and sorting in a spreadsheet.

    Every field is quoted, so a separator, quote or line break typed in a text stays in
    its cell; ``sep`` is the spreadsheet's separator (``CSV_SEPARATORS``)."""
    from facilitator.report import figures

    if sep not in CSV_SEPARATORS:
        raise ValidationError(f"Unknown CSV separator {sep!r}; use , or ;.")
    day = today or date.today()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    areas = {p.id: p.area for p in record.participants}
    common = {"session": record.session.title, "session_date": figures.session_day(record)}

    def row(**fields: str) -> None:
        writer.writerow([_cell({**common, **fields}.get(name, "")) for name in CSV_COLUMNS])

    for a in record.actions:
        row(
            type="action",
            id=a.id,
            text=a.text,
            owner=record.person(a.owner_id),
            owner_area=areas.get(a.owner_id or "", ""),
            due_or_review=a.due or "",
            status=figures.action_state(a, day),
            created_at=a.created_at,
        )
    for x in record.experiments:
        row(
            type="experiment",
            id=x.id,
            text=x.hypothesis,
            owner=record.person(x.owner_id),
            owner_area=areas.get(x.owner_id or "", ""),
            due_or_review=x.review_on or "",
            status=x.status.value,
            what_we_try=x.what_we_try,
            limit_time=x.limit_time,
            limit_money=x.limit_money,
            limit_risk=x.limit_risk,
            success_signal=x.success_signal,
            stop_signal=x.stop_signal,
            outcome=x.outcome,
            created_at=x.created_at,
        )
    for d in record.decisions:
        row(
            type="decision",
            id=d.id,
            text=d.text,
            method=label(d.method),
            rationale=d.rationale,
            consulted=", ".join(record.person(pid) for pid in d.consulted),
            objections=d.objections,
            created_at=d.created_at,
        )
    return out.getvalue()


# ------------------------------------------------------------------ Markdown

# Characters CommonMark/GFM give a meaning anywhere in a line: code, emphasis, links, raw
# HTML and autolinks (both brackets, so a tag reads as typed in the source too), table
# cells, strikethrough, and the backslash itself.
_MD_INLINE = frozenset("\\`*[]<>|~")
# A character reference (``&amp;``, ``&#38;``) would print as the character it names.
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What makes a line a list item, heading or rule: its marker's last character is escaped.
_MD_LINE_START = re.compile(r"[-+=#]|\d{1,9}[.)]")


def md_escape(text: str) -> str:
    """User text that renders as typed in CommonMark and GFM: backslashes only where a
    character would otherwise mean something (emphasis, links, HTML, a list or heading
    at the start of a line); line breaks kept as hard breaks, blank lines as paragraph
    breaks; nothing at all for empty text."""
    from facilitator.report.text import clean

    paragraphs: list[list[str]] = [[]]
    for line in clean(text).split("\n"):
        line = line.strip()
        if line:
            paragraphs[-1].append(_md_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("  \n".join(lines) for lines in paragraphs if lines)


def _md_line(line: str) -> str:
    """One line of user text (not blank, not indented) made inert."""
    out = []
    for i, ch in enumerate(line):
        if ch in _MD_INLINE or (ch == "_" and not _within_word(line, i)):
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = _MD_ENTITY.sub(r"\\&", "".join(out))
    if marker := _MD_LINE_START.match(escaped):
        cut = marker.end() - 1  # before the marker's last character: "\-", "\#", "1\."
        escaped = escaped[:cut] + "\\" + escaped[cut:]
    if escaped.endswith("#"):  # a heading's closing sequence would be dropped
        escaped = escaped[:-1] + "\\#"
    return escaped


def _within_word(line: str, i: int) -> bool:
    """``snake_case``: an underscore between letters or digits never starts emphasis."""
    return 0 < i < len(line) - 1 and line[i - 1].isalnum() and line[i + 1].isalnum()


def _md_cell(text: str) -> str:
    """User text on one line: a table cell, a list item's value, a heading."""
    return md_escape(" ".join(text.split()))


def _md_agenda_phase(line: AgendaLine) -> str:
    """An agenda row's phase: its title with its round ("Consult (round 2 of 3)"), or a
    later round that was round 1 again ("Round 2 of 3, as round 1: Client shares, ...")."""
    first = line.rows[0].phase
    if not line.is_round:
        return _md_cell(first.heading)
    names = ", ".join(_md_cell(row.phase.title) for row in line.rows)
    return f"Round {first.round_no} of {first.rounds}, as round 1: {names}"


_HEADING_MAX = 200  # longer text is a paragraph under a bare "### D2" heading


def _md_titled(tag: str, text: str) -> list[str]:
    """A decision's or experiment's heading and text, the text printed once: in the
    heading when it is one short line, else as paragraphs under the bare tag."""
    one_line = " ".join(text.split())
    if len(one_line) <= _HEADING_MAX and "\n" not in text.strip():
        return [f"### {tag}. {_md_cell(one_line)}", ""]
    return [f"### {tag}", "", md_escape(text), ""]


def session_date_text(session: Session) -> str:
    """``Tuesday 1 December 2026 (planned for Tuesday 8 December 2026)``: the day it ran,
    and the planned day when that was another."""
    from facilitator.report import figures

    text = figures.long_date(session_time.session_day_text(session))
    if planned := session_time.planned_other_day(session):
        text += f" (planned for {figures.long_date(planned)})"
    return text


def to_markdown(record: SessionRecord, today: date | None = None) -> str:
    """A readable summary for a wiki: dilemma, agenda, roles and every capture."""
    from facilitator.report import figures

    day = today or date.today()
    r, s = record, record.session
    lines = [
        f"# {_md_cell(s.title)}",
        "",
        f"**Team:** {_md_cell(r.team.name)}  ",
        f"**Date:** {_md_cell(session_date_text(s)) or '—'}  ",
        f"**Time:** {_md_cell(session_time.times_text(s)) or '—'}  ",
        f"**Place:** {_md_cell(s.place) or '—'}  ",
        f"**Status:** {s.status.value}  ",
        f"**Took part:** {_md_cell(', '.join(p.name for p in r.present())) or '—'}",
        "",
    ]
    lines += [
        "## Dilemma",
        "",
        md_escape(s.dilemma) if s.dilemma.strip() else "_None written._",
        "",
    ]
    lines += ["## Agenda", "", figures.timing_summary(r), ""]
    if r.phases:
        lines += ["| # | Phase | Planned | Actual | +/− |", "|---:|---|---:|---:|---:|"]
        for row in figures.agenda_lines(r, figures.agenda(r)):
            lines.append(
                f"| {row.numbers} | {_md_agenda_phase(row)} | "
                f"{clock_mm_ss(row.planned_s)} | "
                f"{clock_mm_ss(row.actual_s)} | {signed_clock(row.diff_s)} |"
            )
        lines.append("")
    lines += ["## Roles", ""]
    listed = figures.listed_roles(r)
    if listed:
        for held in listed:
            during = f" ({_md_cell(r.phase_title(held.phase_id))})" if held.phase_id else ""
            watching = (
                f" (shadowing {_md_cell(r.person(held.shadow_of))})" if held.shadow_of else ""
            )
            lines.append(
                f"- **{_md_cell(r.role_name(held.role_id))}**{during}: "
                f"{_md_cell(r.person(held.participant_id))}{watching}"
            )
    else:
        lines.append("_No roles were assigned._")
    lines += ["", "## Decisions", ""]
    if not r.decisions:
        lines.append("_No decisions were recorded._")
    for i, d in enumerate(r.decisions, 1):
        lines += [*_md_titled(f"D{i}", d.text), f"- **Method:** {label(d.method)}"]
        if d.rationale:
            lines.append(f"- **Rationale:** {_md_cell(d.rationale)}")
        consulted = ", ".join(r.person(pid) for pid in d.consulted)
        lines.append(f"- **Consulted:** {_md_cell(consulted) or 'nobody recorded'}")
        lines.append(f"- **Objections:** {_md_cell(d.objections) or 'none raised'}")
        lines.append("")
    lines += ["", "## Actions", ""]
    if r.actions:
        lines += ["| Action | Owner | Due | Status |", "|---|---|---|---|"]
        for a in r.actions:
            lines.append(
                f"| {_md_cell(a.text)} | {_md_cell(r.person(a.owner_id)) or '—'} | "
                f"{a.due or '—'} | {figures.action_state(a, day)} |"
            )
    else:
        lines.append("_No actions were agreed._")
    lines += ["", "## Experiments", ""]
    if not r.experiments:
        lines.append("_No experiments were designed._")
    for i, x in enumerate(r.experiments, 1):
        lines += _md_titled(f"E{i}", x.hypothesis)
        for name, value in (
            ("What we try", x.what_we_try),
            ("Time limit", x.limit_time),
            ("Money limit", x.limit_money),
            ("Risk limit", x.limit_risk),
            ("Works when", x.success_signal),
            ("Stop when", x.stop_signal),
            ("Owner", r.person(x.owner_id)),
            ("Review on", x.review_on or ""),
            ("Status", x.status.value),
            ("Outcome", x.outcome),
        ):
            if value:
                lines.append(f"- **{name}:** {_md_cell(value)}")
        lines.append("")
    lines += ["", "## Learnings", ""]
    if r.learnings:
        lines += [f"- {_md_cell(lr.text)}" for lr in r.learnings]
    else:
        lines.append("_No learnings were written down._")
    lines += ["", "## Ideas and contributions", ""]
    votes = r.vote_totals()
    if r.contributions:
        for c in sorted(r.contributions, key=lambda c: -votes.get(c.id, 0)):
            who = r.person(c.participant_id)
            dots = votes.get(c.id, 0)
            lines.append(
                f"- {_md_cell(c.text)}"
                + (f" — {_md_cell(who)}" if who else "")
                + (f" ({dots} dots)" if dots else "")
            )
    else:
        lines.append("_No contributions were captured._")
    if r.reviewed_actions or r.reviewed_experiments:
        lines += ["", "## Reviewed from earlier sessions", ""]
        reviewed: list[tuple[str, str, str, str]] = [
            *(("action", a.id, a.text, figures.action_state(a, day)) for a in r.reviewed_actions),
            *(("experiment", x.id, x.hypothesis, x.status.value) for x in r.reviewed_experiments),
        ]
        for kind, item_id, text, now in reviewed:
            review = r.review_of(item_id)
            line = f"- {kind.capitalize()}: {_md_cell(text)} — "
            outcome = review.outcome if review else ""
            if review is None:
                line += f"closed here: {now}" if kind == "action" else now
                outcome = next((x.outcome for x in r.reviewed_experiments if x.id == item_id), "")
            else:
                line += "**" + figures.reviewed_as(kind, review.status).lower() + "**"
            lines.append(line)
            if outcome:
                lines.append(f"  - Outcome: {_md_cell(outcome)}")
            if review is not None and review.learning:
                lines.append(f"  - Learning: {_md_cell(review.learning)}")
    lines += ["", "## Participation", ""]
    people = figures.participation(r)
    if people:
        lines += ["| Person | Airtime | Share | Roles held |", "|---|---:|---:|---|"]
        for p in people:
            lines.append(
                f"| {_md_cell(p.name)} | {clock_mm_ss(p.airtime_s)} | "
                f"{p.share:.0%} | {_md_cell(', '.join(p.roles)) or '—'} |"
            )
        lines += [
            "",
            f"Leadership distribution: {figures.distribution_text(figures.distribution(r))}",
        ]
    else:
        lines.append("_Nobody was marked present._")
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------ the end of a run


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def ended_summary(record: SessionRecord) -> tuple[str, str, str]:
    """What a finished session comes to, for the run screen's end panel, in three lines:
    when it ran against the plan, what was captured, and who held the roles."""
    from facilitator.clock import parse_iso
    from facilitator.durations import minutes_text
    from facilitator.report import figures

    s = record.session
    planned = f"{minutes_text(record.planned_s())} planned"
    if s.started_at and s.ended_at:
        took = (parse_iso(s.ended_at) - parse_iso(s.started_at)).total_seconds()
        length = minutes_text(took) if took >= 30 else "under a minute"
        ran = f"Ran {session_time.ran_text(s)}: {length} of the {planned}."
    else:
        ran = f"Not run to its end ({planned})."
    counts = [
        _counted(len(record.contributions), "idea", "ideas"),
        _counted(len(record.decisions), "decision", "decisions"),
        _counted(len(record.actions), "action", "actions"),
        _counted(len(record.experiments), "experiment", "experiments"),
        _counted(len(record.learnings), "learning", "learnings"),
    ]
    captured = f"Captured {', '.join(counts[:-1])} and {counts[-1]}."
    holders: dict[str, list[str]] = {}
    for held in figures.listed_roles(record):
        if held.shadow_of:
            continue
        people = holders.setdefault(record.role_name(held.role_id), [])
        name = record.person(held.participant_id)
        if name not in people:
            people.append(name)
    roles = "; ".join(f"{role}: {', then '.join(people)}" for role, people in holders.items())
    return ran, captured, f"Roles: {roles}." if roles else "No roles were held."

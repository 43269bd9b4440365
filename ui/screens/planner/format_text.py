"""How the planner's library describes a format for the people present: its line in the
list, and its details (steps, a repeated block once with its rounds, the total, the group
size, the variant's note and the credit its source asks for). Rich text for the details
label, every text from the library or the user escaped, so it shows exactly as typed."""

from __future__ import annotations

import html

from facilitator import agenda, durations, formats, own_formats, rounds
from facilitator.formats import Format, PlannedStep

YOURS = "Your format"
NBSP = "\u00a0"  # how the list marks a format of the facilitator's own


def is_own(fmt: Format) -> bool:
    return fmt.key.startswith(own_formats.KEY_PREFIX)


def list_line(fmt: Format, present: int, chosen: Format | None = None) -> str:
    """ "Troika Consulting  ·  28 min"; with a variant ``chosen``, its length and name
    ("1-2-4-All  ·  6 min, short"); a format of your own says so on a second line (the
    narrow column keeps its name and length whole)."""
    timed = chosen or fmt
    length = durations.length_text(timed.planned_s(present))
    if timed.variant and timed is not fmt:
        length += f", {timed.variant.lower()}"
    # A narrow column wraps the line between words of the name, or before the length,
    # never inside the length ("19 min 45 s" stays whole).
    line = f"{fmt.name}  ·  {length.replace(' ', NBSP)}"
    return f"{line}\n    {YOURS}" if is_own(fmt) else line


def choice_text(fmt: Format, present: int) -> str:
    """A variant as the Variant choice says it: "Short · 15 min"."""
    return f"{fmt.variant or 'Standard'} · {durations.length_text(fmt.planned_s(present))}"


def step_text(planned: PlannedStep, present: int = 0) -> str:
    """ "Consult — Small groups of 3, 4 min" (a step of a group-of-N block in the groups
    planned for the people present: "Small groups of 3 or 4"); a round-robin says each
    speaker's slot."""
    return f"{planned.step.title} — {formats.step_line(planned, present)}"


def steps_html(fmt: Format, present: int) -> str:
    """Each step once; a repeated block's steps under one line with its rounds, and a
    note under it when a group would be too small for the format."""
    items: list[str] = []
    block: list[str] = []
    for planned in fmt.plan(present):
        if planned.round_no is None:
            items.append(f"<li>{html.escape(step_text(planned, present))}</li>")
        elif planned.round_no == 1:
            if not block:
                items.append("")  # where the block goes, filled below
            block.append(f"<li>{html.escape(step_text(planned, present))}</li>")
    if block:
        where = items.index("")
        note = rounds.warning(fmt.repeat or "", present, fmt.name)
        noted = f"<br><i>{html.escape(note)}</i>" if note else ""
        items[where] = (
            f"<li>{html.escape(formats.block_line(fmt, present))}{noted}"
            f"<ul style='margin:0'>{''.join(block)}</ul></li>"
        )
    return f"<ul style='margin:2px 0'>{''.join(items)}</ul>"


def details_html(fmt: Format, present: int, fit: agenda.Fit | None = None) -> str:
    """The format (the variant chosen) as the details under the list show it; with the
    agenda's ``fit``, whether it fits the time left."""
    purposes = ", ".join(formats.purposes().get(p, p) for p in fmt.purposes)
    heading = f"<b>{html.escape(fmt.title)}</b>"
    if purposes:
        heading += f" <small>({html.escape(purposes)})</small>"
    if is_own(fmt):
        heading += f" · <i>{YOURS}</i>"
    parts = [heading]
    total = durations.length_text(fmt.planned_s(present))
    who = f"for {present} present" if present else "with nobody marked present yet"
    suits = f"suits {fmt.people_text}"
    if present and not fmt.suits(present):
        parts.append(f"<br><b>{html.escape(f'{total} {who}; it {suits}.')}</b>")
    else:
        parts.append(f"<br><b>{html.escape(f'{total} {who}')}</b> · {html.escape(suits)}")
    room = fit.addition_text(fmt.planned_s(present)) if fit is not None else ""
    if room:
        parts.append(f"<br>{html.escape(room[0].upper() + room[1:])}.")
    if fmt.variant_note:
        parts.append(f"<br><i>{html.escape(fmt.variant)}: {html.escape(fmt.variant_note)}</i>")
    parts.append(steps_html(fmt, present))
    if fmt.summary:
        parts.append(html.escape(fmt.summary))
    if fmt.attribution:
        parts.append(f"<br><small>{html.escape(fmt.attribution)}</small>")
    return "".join(parts)

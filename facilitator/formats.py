"""The dialogue-format library (resources/formats.json) and expanding a format into phases."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from facilitator import collation, rounds
from facilitator.assets import load_json
from facilitator.errors import NotFoundError, ValidationError
from facilitator.model import (
    MAX_PHASE_S,
    Phase,
    PhaseMode,
    check_duration,
    clean_name,
    clean_text,
    new_id,
    parse_enum,
    round_heading,
)

T = TypeVar("T")
ANY_SIZE = 99  # a group_size max from this up means no limit worth saying ("3 or more")
STEP_TITLE_MAX = 80  # a step's title fits the run screen's heading with its round


@dataclass(frozen=True, slots=True)
class Step:
    title: str
    prompt: str
    mode: PhaseMode
    duration_s: int
    per_speaker_s: int | None = None
    group_of: int | None = None  # the size of the small groups for this step, when it says
    repeat: str | None = None  # a step of the format's repeated block: how it repeats

    def planned_s(self, present: int) -> int:
        """Round-robin steps give every present person the same slot; others keep their time."""
        if self.mode is PhaseMode.ROUND_ROBIN and self.per_speaker_s and present > 0:
            return min(self.per_speaker_s * present, MAX_PHASE_S)
        return self.duration_s


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """One step as it runs for a number of people: a step of a repeated block once per
    round, with its round number; every step timed for the people present."""

    step: Step
    seconds: int
    round_no: int | None = None
    rounds: int | None = None

    @property
    def heading(self) -> str:
        return round_heading(self.step.title, self.round_no, self.rounds)


@dataclass(frozen=True, slots=True)
class Format:
    key: str
    name: str
    family: str  # where it comes from: "Liberating Structures", "Sociocracy", "Facilitator"...
    purposes: tuple[str, ...]
    summary: str
    min_people: int
    max_people: int
    steps: tuple[Step, ...]  # one round of a repeated block; ``plan`` expands it
    attribution: str = ""  # the credit its source asks for, shown with it
    variant: str = ""  # a variant's label ("Short", "Long"); empty for the standard form
    variant_note: str = ""  # when to choose the variant
    variant_of: str | None = None  # the standard form's key, for a variant
    variants: tuple[Format, ...] = ()  # the standard form's variants, in the library's order

    @property
    def repeat(self) -> str | None:
        """How the format's repeated block repeats, when it has one."""
        return next((s.repeat for s in self.steps if s.repeat), None)

    @property
    def title(self) -> str:
        """The name with the variant: "1-2-4-All (short)"."""
        return f"{self.name} ({self.variant.lower()})" if self.variant else self.name

    def rounds(self, present: int) -> int | None:
        """How many rounds the repeated block has for ``present`` people (None without one)."""
        return rounds.rounds_for(self.repeat, present) if self.repeat else None

    def plan(self, present: int) -> tuple[PlannedStep, ...]:
        """The steps as they run for ``present`` people, the repeated block once per round."""
        planned: list[PlannedStep] = []
        block = [s for s in self.steps if s.repeat]
        for step in self.steps:
            if step.repeat is None:
                planned.append(PlannedStep(step, step.planned_s(present)))
            elif step is block[0]:
                count = rounds.rounds_for(step.repeat, present)
                planned += [
                    PlannedStep(each, each.planned_s(present), n, count)
                    for n in range(1, count + 1)
                    for each in block
                ]
        return tuple(planned)

    def planned_s(self, present: int) -> int:
        return sum(p.seconds for p in self.plan(present))

    def suits(self, present: int) -> bool:
        return self.min_people <= present <= self.max_people

    @property
    def people_text(self) -> str:
        """The group it suits in words: "3–12 people", "3 or more people" when it has no
        upper limit worth saying (the most a group is counted to), "6 people"."""
        if self.max_people >= ANY_SIZE:
            return f"{self.min_people} or more people"
        if self.min_people == self.max_people:
            return f"{self.min_people} people" if self.min_people != 1 else "1 person"
        return f"{self.min_people}–{self.max_people} people"


@cache
def library() -> tuple[Format, ...]:
    """Every format in its standard form, in the library's order (each carries its
    variants); loaded once, on first use (not at start-up)."""
    return parse_library(load_json("formats.json"))


def parse_library(data: object) -> tuple[Format, ...]:
    """The formats of a library file's data (``resources/formats.json``, version 1 or 2),
    checked; a ``ValidationError`` names the format and field at fault."""
    if not isinstance(data, dict) or data.get("version") not in (1, 2):
        raise ValidationError("The format library is not version 1 or 2.")
    known = set(_field(data, "purposes", dict, "The format library"))
    attributions = data.get("attributions") or {}
    result: list[Format] = []
    keys: set[str] = set()
    for i, spec in enumerate(_field(data, "formats", list, "The format library")):
        fmt = parse_format(spec, f"Format {i + 1}", known, attributions)
        for each in (fmt, *fmt.variants):
            if each.key in keys:
                raise ValidationError(f"{each.title}: the key {each.key!r} is used twice.")
            keys.add(each.key)
        result.append(fmt)
    return tuple(result)


def parse_format(
    spec: object, where: str, known_purposes: set[str], attributions: dict[str, str]
) -> Format:
    """One format of the library's data, with its variants, checked."""
    if not isinstance(spec, dict):
        raise ValidationError(f"{where} is not an object.")
    name = clean_name(_field(spec, "name", str, where), f"{where}: name")
    where = name
    purposes_of = tuple(_field(spec, "purposes", list, where))
    unknown = [p for p in purposes_of if p not in known_purposes]
    if not purposes_of or unknown:
        raise ValidationError(f"{where}: purposes must be some of {sorted(known_purposes)}.")
    size = _field(spec, "group_size", dict, where)
    low, high = size.get("min"), size.get("max")
    if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high):
        raise ValidationError(f"{where}: group_size needs a min and a max, 1 <= min <= max.")
    family = _field(spec, "family", str, where)
    standard = Format(
        key=_key(spec, where),
        name=name,
        family=family,
        purposes=purposes_of,
        summary=_field(spec, "summary", str, where),
        min_people=low,
        max_people=high,
        steps=parse_steps(_field(spec, "steps", list, where), where),
        attribution=str(attributions.get(family, "")),
    )
    variants = []
    for v in spec.get("variants") or ():
        if not isinstance(v, dict):
            raise ValidationError(f"{where}: a variant is not an object.")
        label_text = clean_name(_field(v, "label", str, f"{where}: variant"), f"{where}: label")
        variants.append(
            dataclasses.replace(
                standard,
                key=_key(v, f"{where} ({label_text})"),
                steps=parse_steps(_field(v, "steps", list, where), f"{where} ({label_text})"),
                variant=label_text,
                variant_note=str(v.get("note", "")),
                variant_of=standard.key,
            )
        )
    return dataclasses.replace(standard, variants=tuple(variants))


def parse_steps(specs: list[object], where: str) -> tuple[Step, ...]:
    """Steps in the library's shape: a list of steps and at most one repeated block
    ``{"repeat": "member:3", "steps": [...]}`` whose steps are one round."""
    steps: list[Step] = []
    blocks = 0
    for i, spec in enumerate(specs):
        at = f"{where}, step {i + 1}"
        if isinstance(spec, dict) and "repeat" in spec:
            blocks += 1
            if blocks > 1:
                raise ValidationError(f"{at}: a format repeats one block of steps at most.")
            repeat = str(rounds.parse(spec["repeat"], at))
            inner = _field(spec, "steps", list, at)
            if not inner:
                raise ValidationError(f"{at}: the repeated block has no steps.")
            steps += [_step(s, f"{at}.{j + 1}", repeat) for j, s in enumerate(inner)]
        else:
            steps.append(_step(spec, at, None))
    if not steps:
        raise ValidationError(f"{where}: a format needs at least one step.")
    return tuple(steps)


def _step(spec: object, where: str, repeat: str | None) -> Step:
    if not isinstance(spec, dict):
        raise ValidationError(f"{where} is not an object.")
    mode = parse_enum(PhaseMode, spec.get("mode"), f"{where}: speaking mode")
    per_speaker = spec.get("per_speaker_s")
    if mode is PhaseMode.ROUND_ROBIN:
        per_speaker = _seconds(spec, "per_speaker_s", f"{where}: time per speaker")
    elif per_speaker is not None:
        raise ValidationError(f"{where}: only a round-robin has a time per speaker.")
    group_of = spec.get("group_of")
    if group_of is not None and not (
        isinstance(group_of, int) and not isinstance(group_of, bool) and 2 <= group_of <= 99
    ):
        raise ValidationError(f"{where}: group_of must be a whole number from 2 to 99.")
    return Step(
        title=clean_name(spec.get("title"), f"{where}: title", STEP_TITLE_MAX),
        prompt=clean_text(spec.get("prompt", ""), f"{where}: prompt", required=False),
        mode=mode,
        duration_s=_seconds(spec, "duration_s", f"{where}: duration"),
        per_speaker_s=per_speaker,
        group_of=group_of,
        repeat=repeat,
    )


def _seconds(spec: dict[str, object], name: str, what: str) -> int:
    """A step's time in seconds; a file without it is told which field is missing."""
    if spec.get(name) is None:
        raise ValidationError(f"{what} is missing ({name!r}, in seconds).")
    return check_duration(spec[name], what)


def _key(spec: dict[str, object], where: str) -> str:
    key = spec.get("key")
    if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key):
        raise ValidationError(f"{where}: the key must be lowercase words joined by hyphens.")
    return key


def _field(spec: dict[str, Any], name: str, kind: type[T], where: str) -> T:
    value = spec.get(name)
    if not isinstance(value, kind):
        raise ValidationError(f"{where}: {name!r} is missing or not a {kind.__name__}.")
    return value


@cache
def purposes() -> dict[str, str]:
    """Purpose key -> label, in the order the planner shows them."""
    result: dict[str, str] = load_json("formats.json")["purposes"]
    return result


def get_format(key: str) -> Format:
    """A format of the library by key, its standard form or a variant."""
    for fmt in library():
        for each in (fmt, *fmt.variants):
            if each.key == key:
                return each
    raise NotFoundError(f"No dialogue format {key!r}.")


def search(
    text: str = "", purpose: str | None = None, extra: Sequence[Format] = ()
) -> list[Format]:
    """Formats matching ``text``, optionally of one purpose, the obvious ones first.

    An exact name comes first, then names that start with the text (or have a word that
    does: "round" finds "Review round"), then names that hold it anywhere, then formats
    that mention it only in their summary, purposes or steps. Case and accents do not
    matter; within a rank the library's order holds, then ``extra`` (the facilitator's own
    formats) in its order.
    """
    needle = _folded(text)
    ranked = []
    for order, fmt in enumerate((*library(), *extra)):
        if purpose and purpose not in fmt.purposes:
            continue
        rank = _rank(fmt, needle) if needle else 0
        if rank is not None:
            ranked.append((rank, order, fmt))
    return [fmt for *_rank_and_order, fmt in sorted(ranked, key=lambda found: found[:2])]


def _rank(fmt: Format, needle: str) -> int | None:
    """How plainly ``fmt`` matches ``needle`` (0 best), or None when it does not."""
    name = _folded(fmt.name)
    if name == needle:
        return 0
    if name.startswith(needle) or any(word.startswith(needle) for word in _words(name)):
        return 1
    if needle in name:
        return 2
    labels = purposes()
    mentions = [
        fmt.summary,
        *fmt.purposes,
        *(labels.get(p, p) for p in fmt.purposes),
        *(text for step in fmt.steps for text in (step.title, step.prompt)),
    ]
    if needle in _folded(" ".join(mentions)):
        return 3
    return None


def _folded(text: str) -> str:
    """``text`` with case, accents and runs of spaces folded (the collation key's letters)."""
    return collation.key(text)[0]


def _words(name: str) -> list[str]:
    """The words of a folded name ("1-2-4-all" has "1", "2", "4" and "all")."""
    return [word for word in re.split(r"[^\w%]+", name) if word]


def expand(fmt: Format, session_id: str, start_position: int, present: int) -> list[Phase]:
    """The format's steps as phases of a session, the repeated block once per round for
    the people present; they share a group id and the format's title."""
    group = new_id()
    return [
        Phase(
            session_id=session_id,
            position=start_position + i,
            title=planned.step.title,
            planned_s=planned.seconds,
            mode=planned.step.mode,
            prompt=planned.step.prompt,
            format_key=fmt.key,
            group_id=group,
            group_title=fmt.title,
            per_speaker_s=planned.step.per_speaker_s
            if planned.step.mode is PhaseMode.ROUND_ROBIN
            else None,
            repeat=planned.step.repeat,
            round_no=planned.round_no,
            rounds=planned.rounds,
        )
        for i, planned in enumerate(fmt.plan(present))
    ]


def block_line(fmt: Format, present: int) -> str:
    """A repeated block said once, for the people present: "× 3 rounds, a round for each
    member of each group (2 groups of 3), 9 min a round:"; "× 5 rounds (3 min a round):".
    The planner's details and ``facilitator formats`` both say it so."""
    from facilitator import durations

    repeat = rounds.parse(fmt.repeat)
    count = fmt.rounds(present) or 0
    a_round = sum(p.seconds for p in fmt.plan(present) if p.round_no == 1)
    why = "" if repeat.kind == rounds.TIMES else f", {rounds.describe(repeat, present)}"
    plural = "round" if count == 1 else "rounds"
    length = durations.length_text(a_round)
    each = f", {length} a round" if why.endswith(")") else f" ({length} a round)"
    return f"× {count} {plural}{why}{each}:"


def step_line(planned: PlannedStep, present: int) -> str:
    """How a step runs, for the people present: "Small groups of 3, 5 min" (a step of a
    group-of-N block in the groups planned: "Small groups of 3 or 4"); a round-robin says
    each speaker's slot: "Round-robin, 6 min (1:00 each)"."""
    from facilitator.model import label

    step = planned.step
    mode = label(step.mode)
    if step.group_of and step.mode is PhaseMode.SMALL_GROUPS:
        mode = f"{mode} of {rounds.step_group_text(step.group_of, step.repeat, present)}"
    return timing_text(mode, planned.seconds, step.per_speaker_s)


def timing_text(mode: str, seconds: int, per_speaker_s: int | None) -> str:
    """A step's mode (as said) and length, a round-robin's slot for each speaker after it:
    "Round-robin, 6 min (1:00 each)"; shared by every list of steps."""
    from facilitator import durations

    each = f" ({durations.clock_mm_ss(per_speaker_s)} each)" if per_speaker_s else ""
    return f"{mode}, {durations.length_text(seconds)}{each}"

"""The dialogue-format library (resources/formats.json) and expanding a format into phases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from facilitator import collation
from facilitator.assets import load_json
from facilitator.errors import NotFoundError
from facilitator.model import Phase, PhaseMode, check_duration, new_id


@dataclass(frozen=True, slots=True)
class Step:
    title: str
    prompt: str
    mode: PhaseMode
    duration_s: int
    per_speaker_s: int | None = None

    def planned_s(self, present: int) -> int:
        """Round-robin steps give every present person the same slot; others keep their time."""
        if self.mode is PhaseMode.ROUND_ROBIN and self.per_speaker_s and present > 0:
            return self.per_speaker_s * present
        return self.duration_s


@dataclass(frozen=True, slots=True)
class Format:
    key: str
    name: str
    family: str  # where it comes from: "Liberating Structures", "Sociocracy", "Facilitator"...
    purposes: tuple[str, ...]
    summary: str
    min_people: int
    max_people: int
    steps: tuple[Step, ...]

    def planned_s(self, present: int) -> int:
        return sum(step.planned_s(present) for step in self.steps)

    def suits(self, present: int) -> bool:
        return self.min_people <= present <= self.max_people


@cache
def library() -> tuple[Format, ...]:
    """Every format, in the library's order; loaded once, on first use (not at start-up)."""
    data = load_json("formats.json")
    formats = []
    for spec in data["formats"]:
        steps = tuple(
            Step(
                title=s["title"],
                prompt=s["prompt"],
                mode=PhaseMode(s["mode"]),
                duration_s=check_duration(s["duration_s"], f"{spec['name']}: duration"),
                per_speaker_s=s.get("per_speaker_s"),
            )
            for s in spec["steps"]
        )
        formats.append(
            Format(
                key=spec["key"],
                name=spec["name"],
                family=spec["family"],
                purposes=tuple(spec["purposes"]),
                summary=spec["summary"],
                min_people=spec["group_size"]["min"],
                max_people=spec["group_size"]["max"],
                steps=steps,
            )
        )
    return tuple(formats)


@cache
def purposes() -> dict[str, str]:
    """Purpose key -> label, in the order the planner shows them."""
    result: dict[str, str] = load_json("formats.json")["purposes"]
    return result


def get_format(key: str) -> Format:
    for fmt in library():
        if fmt.key == key:
            return fmt
    raise NotFoundError(f"No dialogue format {key!r}.")


def search(text: str = "", purpose: str | None = None) -> list[Format]:
    """Formats matching ``text``, optionally of one purpose, the obvious ones first.

    An exact name comes first, then names that start with the text (or have a word that
    does: "round" finds "Review round"), then names that hold it anywhere, then formats
    that mention it only in their summary, purposes or steps. Case and accents do not
    matter; within a rank the library's order holds.
    """
    needle = _folded(text)
    ranked = []
    for order, fmt in enumerate(library()):
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
    """The format's steps as phases of a session; they share a group id and title."""
    group = new_id()
    return [
        Phase(
            session_id=session_id,
            position=start_position + i,
            title=step.title,
            planned_s=step.planned_s(present),
            mode=step.mode,
            prompt=step.prompt,
            format_key=fmt.key,
            group_id=group,
            group_title=fmt.name,
            per_speaker_s=step.per_speaker_s if step.mode is PhaseMode.ROUND_ROBIN else None,
        )
        for i, step in enumerate(fmt.steps)
    ]

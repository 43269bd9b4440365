"""The facilitator's own formats: multi-step formats a team keeps beside the library's,
saved from an agenda, edited, deleted (with undo), exported to a file and imported on
another laptop (the file, ``own_formats_file``: docs/formats.md).

An own format is a ``formats.Format`` of the family "Your formats", keyed ``own-<id>``: it
plans, expands and is searched like a library format (``formats.search(extra=list_own(db))``).
Its steps are kept in the library's step shape and checked by ``formats.parse_steps``, so
an own format obeys the library's rules: at most one repeated block, whose steps are one
round. Each action checks, commits one transaction and returns ``Done`` with
``Topic.FORMATS``.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from facilitator import agenda, collation, formats
from facilitator.changes import NOTHING, Changes, Done, Topic
from facilitator.clock import utc_now_iso
from facilitator.errors import NotFoundError, ValidationError
from facilitator.formats import Format, Step
from facilitator.model import MAX_PHASE_S, NAME_MAX, Phase, PhaseMode, clean_name, clean_text
from facilitator.phrases import and_list
from facilitator.store import own_formats as store
from facilitator.store.database import Database

FAMILY = "Your formats"
KEY_PREFIX = "own-"
MAX_STEPS = 40  # steps of one format, a repeated block's counted once
SUMMARY_MAX = 2000
CREDIT_MAX = 1000  # the credit a format carries for the formats it was made from
PROMPT_MAX = 5000  # what a phase's prompt may hold (model.Phase)
MAX_GROUP = 500  # the most people a format may say it suits
ROUND_ROBIN_PLAN = 10  # a round-robin's length while nobody is marked present: ten speakers


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """A format as a file or a form gives it, checked: everything but its key."""

    name: str
    summary: str
    purposes: tuple[str, ...]
    min_people: int
    max_people: int
    steps: tuple[Step, ...]
    credit: str = ""  # the credit the formats it was made from ask for, shown with it


@dataclass(frozen=True, slots=True)
class Deleted:
    """What ``delete_own`` took away, for ``restore_own`` to put back."""

    format: Format
    created_at: str


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did: the formats added (a name already used by a different format
    gets " (2)"), and the names of those skipped as already here, the same in every way."""

    added: tuple[Format, ...]
    skipped: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TypedStep:
    """A step as the facilitator typed it in the editor: ``time`` is "10", "2:30" or "90s",
    per speaker for a round-robin; ``repeats`` says it belongs to the repeated block."""

    title: str
    mode: str
    time: str
    prompt: str = ""
    repeats: bool = False
    group_of: int | None = None  # kept from the step it was, the editor does not show it


# ------------------------------------------------------------------ reads


def list_own(database: Database) -> list[Format]:
    """The facilitator's own formats, by name."""
    found = [_from_row(row) for row in store.list_rows(database)]
    return sorted(found, key=lambda f: collation.key(f.name))


def find_format(database: Database, key: str) -> Format:
    """A format by key: the library's (a variant too), else one of the facilitator's own."""
    if key.startswith(KEY_PREFIX):
        row = store.get_row(database, key.removeprefix(KEY_PREFIX))
        if row is None:
            raise NotFoundError("That format of yours no longer exists; it may have been deleted.")
        return _from_row(row)
    try:
        return formats.get_format(key)
    except NotFoundError:
        raise NotFoundError(
            f"No dialogue format {key!r} in the library or among your formats."
        ) from None


def name_taken(database: Database, name: str, *, besides: str | None = None) -> bool:
    """Whether one of the facilitator's own formats (other than ``besides``, a key) is
    already called ``name``, spaces and case aside; ``save_own`` replaces it only when
    told to."""
    return _named(database, name, besides) is not None


def step_time_text(step: Step) -> str:
    """The time the editor shows for a step, as it would be typed: "10", "2:30" (per
    speaker for a round-robin)."""
    seconds = step.per_speaker_s if step.mode is PhaseMode.ROUND_ROBIN else step.duration_s
    minutes, rest = divmod(seconds or 0, 60)
    return f"{minutes}:{rest:02d}" if rest else str(minutes)


def typed_steps(rows: Sequence[TypedStep], repeat: str | None) -> tuple[Step, ...]:
    """The editor's rows as steps: each time read as typed (``agenda.parse_duration``),
    the rows marked as repeating given ``repeat``. A refusal names the step."""
    steps = []
    for i, row in enumerate(rows, 1):
        at = f"Step {i}"
        mode = _mode(row.mode, at)
        round_robin = mode is PhaseMode.ROUND_ROBIN
        seconds = agenda.parse_duration(
            row.time, f"{at}: time per speaker" if round_robin else f"{at}: duration"
        )
        if row.repeats and not repeat:
            raise ValidationError(f"{at} repeats; say how its block repeats.")
        steps.append(
            Step(
                title=row.title,
                prompt=row.prompt,
                mode=mode,
                duration_s=min(seconds * ROUND_ROBIN_PLAN, MAX_PHASE_S) if round_robin else seconds,
                per_speaker_s=seconds if round_robin else None,
                group_of=row.group_of,
                repeat=repeat if row.repeats else None,
            )
        )
    return _checked_steps(steps, "The format")


# ------------------------------------------------------------------ actions


def suggest_name(database: Database, name: str) -> str:
    """A name for a format of yours saved from ``name`` (a library format, or one of yours):
    ``name`` itself when nothing else is called so, else "Troika Consulting (ours)", then
    "Troika Consulting (ours) (2)"... so the library never lists two rows of one name."""
    taken = {_fold(f.name) for f in formats.library() for f in (f, *f.variants)}
    taken |= {_fold(f.name) for f in list_own(database)}
    if _fold(name) not in taken:
        return name
    suffix = " (ours)"
    return _free_name(name[: NAME_MAX - len(suffix)].rstrip() + suffix, taken)


def suggest_summary(source: Format) -> str:
    """What a format of yours saved from ``source`` starts with as its summary: the
    source's (its credit is kept apart, see ``credit_for``)."""
    return source.summary[:SUMMARY_MAX]


def credit_for(database: Database, phases: Sequence[Phase]) -> str:
    """The credit a format saved from these phases carries: "Adapted from Troika
    Consulting." and the credit the library gives it, for each source that asks for one
    (a format of yours passes its own on); empty when none does."""
    sources: list[Format] = []
    for key in dict.fromkeys(p.format_key for p in phases if p.format_key):
        try:
            sources.append(find_format(database, key))
        except NotFoundError:
            continue
    credited = [f for f in sources if f.attribution]
    if not credited:
        return ""
    library = [f.title for f in credited if not f.key.startswith(KEY_PREFIX)]
    lines = [f"Adapted from {and_list(library)}."] if library else []
    lines += [f.attribution for f in credited]
    return " ".join(dict.fromkeys(lines))[:CREDIT_MAX]


def save_own(
    database: Database,
    name: str,
    phases: Sequence[Phase],
    *,
    summary: str = "",
    purposes: Sequence[str] = (),
    min_people: int = 2,
    max_people: int = 40,
    replace: bool = False,
) -> Done[Format]:
    """Keep agenda phases (one format's block, or several phases chosen together) as a
    format of your own: each phase's title, prompt, mode and duration (a round-robin its
    time per speaker); a repeated block kept as one round with its repeat. A name already
    used by one of your formats needs ``replace`` (which keeps that format's key)."""
    spec = checked_spec(
        name, summary, purposes, min_people, max_people, _steps_of(database, phases)
    )
    spec = dataclasses.replace(spec, credit=credit_for(database, phases))
    existing = _named(database, spec.name)
    if existing is not None and not replace:
        raise ValidationError(
            f"You already have a format called {existing.name!r}; choose another name or "
            "replace it."
        )
    now = utc_now_iso()
    if existing is not None:
        format_id = _id_of(existing.key)
        store.update(database, format_id, {**_columns(spec), "updated_at": now})
    else:
        format_id = _new_id()
        store.insert(
            database, {"id": format_id, **_columns(spec), "created_at": now, "updated_at": now}
        )
    return Done(_format(format_id, spec), _changed())


def edit_own(
    database: Database,
    key: str,
    *,
    name: str,
    summary: str,
    purposes: Sequence[str],
    min_people: int,
    max_people: int,
    steps: Sequence[Step] | list[Any],
) -> Done[Format]:
    """Change one of your formats: its name (not one another of yours has), summary,
    purposes, group size and steps (``Step`` objects, or the library's step shape).
    Nothing is stored when nothing changes."""
    before = find_own(database, key)
    spec = checked_spec(name, summary, purposes, min_people, max_people, list(steps))
    spec = dataclasses.replace(spec, credit=before.attribution)  # the credit stays with the format
    other = _named(database, spec.name, besides=key)
    if other is not None:
        raise ValidationError(
            f"You already have another format called {other.name!r}; choose another name."
        )
    after = _format(_id_of(key), spec)
    if after == before:
        return Done(before, NOTHING)
    store.update(database, _id_of(key), {**_columns(spec), "updated_at": utc_now_iso()})
    return Done(after, _changed())


def own_named(database: Database, name: str) -> Format | None:
    """Your format called ``name`` (spaces and case aside), the one ``save_own`` with
    ``replace`` would replace; None when there is none."""
    return _named(database, name)


def take_back_save(database: Database, saved: Format, replaced: Format | None) -> Done[None]:
    """Undo a ``save_own``: the format it made goes; the one it replaced (``replaced``, as
    it was before) comes back as it was, under its key. Nothing changes when the saved
    format has gone since."""
    row = store.get_row(database, _id_of(saved.key))
    if row is None:
        return Done(None, NOTHING)
    if replaced is None:
        store.delete(database, _id_of(saved.key))
    else:
        store.update(
            database,
            _id_of(saved.key),
            {**_columns(_spec_of(replaced)), "updated_at": utc_now_iso()},
        )
    return Done(None, _changed())


def find_own(database: Database, key: str) -> Format:
    """One of your formats by key (never the library's)."""
    if not key.startswith(KEY_PREFIX):
        raise NotFoundError("Only your own formats can be changed; the library's stay as they are.")
    return find_format(database, key)


def delete_own(database: Database, key: str) -> Done[Deleted]:
    """Delete one of your formats; ``restore_own`` with the value puts it back (undo).
    Agendas that used it keep their phases."""
    fmt = find_own(database, key)
    row = store.get_row(database, _id_of(key))
    created = str(row["created_at"]) if row else utc_now_iso()
    store.delete(database, _id_of(key))
    return Done(Deleted(fmt, created), _changed())


def restore_own(database: Database, deleted: Deleted) -> Done[Format]:
    """Put a deleted format back under its key (an undo); when its name has been taken
    since, it comes back as "Name (2)"."""
    fmt = deleted.format
    if store.get_row(database, _id_of(fmt.key)) is not None:
        return Done(find_format(database, fmt.key), NOTHING)
    spec = _spec_of(fmt)
    spec = _renamed(spec, _free_name(spec.name, {_fold(f.name) for f in list_own(database)}))
    row = {
        "id": _id_of(fmt.key),
        **_columns(spec),
        "created_at": deleted.created_at,
        "updated_at": utc_now_iso(),
    }
    store.insert(database, row)
    return Done(_format(_id_of(fmt.key), spec), _changed())


def add_specs(database: Database, specs: Sequence[FormatSpec]) -> Done[Imported]:
    """Add checked formats (a formats file's, ``own_formats_file.import_own``) to yours,
    all in one transaction. A format the same in every way as one of yours is skipped; one
    whose name you already use for a different format is added as "Name (2)"."""
    mine = [_spec_of(f) for f in list_own(database)]
    names = {_fold(s.name) for s in mine}
    added: list[Format] = []
    skipped: list[str] = []
    rows = []
    now = utc_now_iso()
    for spec in specs:
        if any(_same(spec, other) for other in mine):
            skipped.append(spec.name)
            continue
        spec = _renamed(spec, _free_name(spec.name, names))
        names.add(_fold(spec.name))
        mine.append(spec)
        format_id = _new_id()
        rows.append({"id": format_id, **_columns(spec), "created_at": now, "updated_at": now})
        added.append(_format(format_id, spec))
    if rows:
        store.insert_many(database, rows)
    return Done(Imported(tuple(added), tuple(skipped)), _changed() if rows else NOTHING)


# ------------------------------------------------------------------ the rules


def _changed() -> Changes:
    return Changes.of(Topic.FORMATS)


def _new_id() -> str:
    return uuid.uuid4().hex


def _id_of(key: str) -> str:
    return key.removeprefix(KEY_PREFIX)


def _fold(name: str) -> str:
    return collation.key(" ".join(name.split()))[0]


def _named(database: Database, name: str, besides: str | None = None) -> Format | None:
    wanted = _fold(name)
    return next(
        (f for f in list_own(database) if _fold(f.name) == wanted and f.key != besides), None
    )


def _free_name(name: str, taken: set[str]) -> str:
    """``name``, or "name (2)", "name (3)"... the first not in ``taken`` (folded names)."""
    if _fold(name) not in taken:
        return name
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = name[: NAME_MAX - len(suffix)].rstrip() + suffix
        if _fold(candidate) not in taken:
            return candidate
        n += 1


def _renamed(spec: FormatSpec, name: str) -> FormatSpec:
    return dataclasses.replace(spec, name=name)


def _same(one: FormatSpec, other: FormatSpec) -> bool:
    return _fold(one.name) == _fold(other.name) and _renamed(one, other.name) == other


def _mode(value: str, where: str) -> PhaseMode:
    try:
        return PhaseMode(value)
    except ValueError:
        allowed = ", ".join(m.value for m in PhaseMode)
        raise ValidationError(f"{where}: unknown speaking mode {value!r} ({allowed}).") from None


def checked_spec(
    name: object,
    summary: object,
    purposes: object,
    min_people: object,
    max_people: object,
    steps: object,
    where: str | None = None,
) -> FormatSpec:
    """A format's fields checked. A refusal is one line that starts with ``where`` (a
    file's "format 2 (Name)") or else the format's name."""
    name = clean_name(name, f"{where}: name" if where else "The format's name")
    label = where or name
    summary = clean_text(summary, f"{label}: summary", required=False, max_len=SUMMARY_MAX)
    known = formats.purposes()
    if isinstance(purposes, str) or not isinstance(purposes, Sequence):
        raise ValidationError(f"{label}: purposes must be a list.")
    unknown = [p for p in purposes if p not in known]
    if unknown:
        raise ValidationError(
            f"{label}: unknown purpose {unknown[0]!r}; purposes are some of {', '.join(known)}."
        )
    low, high = min_people, max_people
    if (
        isinstance(low, bool)
        or isinstance(high, bool)
        or not isinstance(low, int)
        or not isinstance(high, int)
        or not 1 <= low <= high <= MAX_GROUP
    ):
        raise ValidationError(
            f"{label}: the group size needs whole numbers, 1 <= fewest <= most <= {MAX_GROUP}."
        )
    if isinstance(steps, list | tuple) and steps and all(isinstance(s, Step) for s in steps):
        checked = _checked_steps(list(steps), label)
    elif isinstance(steps, list):
        checked = _checked_steps(formats.parse_steps(steps, label), label)
    else:
        raise ValidationError(f"{label}: steps must be a list.")
    return FormatSpec(
        name, summary, tuple(dict.fromkeys(str(p) for p in purposes)), low, high, checked
    )


def _checked_steps(steps: Sequence[Step], where: str) -> tuple[Step, ...]:
    """Steps the library's way (through ``formats.parse_steps``: titles, modes, times, one
    repeated block), the block's steps following one another, within our limits."""
    if not steps:
        raise ValidationError(f"{where}: a format needs at least one step.")
    marked = [i for i, s in enumerate(steps) if s.repeat]
    if marked:
        if len({steps[i].repeat for i in marked}) > 1:
            raise ValidationError(f"{where}: a format repeats one block of steps at most.")
        gap = next((i for i in range(marked[0], marked[-1]) if not steps[i].repeat), None)
        if gap is not None:
            raise ValidationError(
                f"{where}: step {gap + 1} lies inside the repeated block but does not "
                "repeat; the repeated steps must follow one another."
            )
    if len(steps) > MAX_STEPS:
        raise ValidationError(f"{where}: {len(steps)} steps; a format has at most {MAX_STEPS}.")
    checked = formats.parse_steps(step_specs(steps), where)
    for i, step in enumerate(checked, 1):
        if len(step.prompt) > PROMPT_MAX:
            raise ValidationError(
                f"{where}, step {i}: the prompt is too long ({len(step.prompt):,} "
                f"characters; at most {PROMPT_MAX:,})."
            )
    return checked


def _step_spec(step: Step) -> dict[str, Any]:
    spec: dict[str, Any] = {"title": step.title, "mode": step.mode.value}
    spec["duration_s"] = step.duration_s
    if step.per_speaker_s is not None:
        spec["per_speaker_s"] = step.per_speaker_s
    if step.group_of is not None:
        spec["group_of"] = step.group_of
    spec["prompt"] = step.prompt
    return spec


def step_specs(steps: Sequence[Step]) -> list[Any]:
    """Steps in the library's shape: the repeated block as ``{"repeat", "steps"}`` where its
    first step stands."""
    specs: list[Any] = []
    block: list[dict[str, Any]] | None = None
    for step in steps:
        if step.repeat is None:
            specs.append(_step_spec(step))
        elif block is None:
            block = [_step_spec(step)]
            specs.append({"repeat": step.repeat, "steps": block})
        else:
            block.append(_step_spec(step))
    return specs


def _steps_of(database: Database, phases: Sequence[Phase]) -> tuple[Step, ...]:
    """Agenda phases as steps: a repeated block's first round only (its other rounds are
    the same steps again), each step's group size kept from the format it came from."""
    if not phases:
        raise ValidationError("Choose at least one phase to save as a format.")
    blocks = list(dict.fromkeys((p.group_id, p.repeat) for p in phases if p.repeat))
    if len(blocks) > 1:
        raise ValidationError(
            "These phases hold more than one repeated block; a format repeats one block at "
            "most, so save them as separate formats."
        )
    first_round = min((p.round_no or 1 for p in phases if p.repeat), default=1)
    steps = []
    for phase in phases:
        if phase.repeat and (phase.round_no or 1) != first_round:
            continue
        per_speaker, seconds = None, phase.planned_s
        if phase.mode is PhaseMode.ROUND_ROBIN:
            per_speaker = phase.per_speaker_s or max(1, phase.planned_s // ROUND_ROBIN_PLAN)
            seconds = min(per_speaker * ROUND_ROBIN_PLAN, MAX_PHASE_S)
        steps.append(
            Step(
                title=phase.title,
                prompt=phase.prompt,
                mode=phase.mode,
                duration_s=seconds,
                per_speaker_s=per_speaker,
                group_of=_group_of(database, phase),
                repeat=phase.repeat,
            )
        )
    return tuple(steps)


def _group_of(database: Database, phase: Phase) -> int | None:
    """The small-group size the phase's format gives the step of this title, if any."""
    if not phase.format_key:
        return None
    try:
        fmt = find_format(database, phase.format_key)
    except NotFoundError:
        return None
    return next((s.group_of for s in fmt.steps if s.title == phase.title), None)


def _columns(spec: FormatSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "summary": spec.summary,
        "purposes": list(spec.purposes),
        "min_people": spec.min_people,
        "max_people": spec.max_people,
        "steps": step_specs(spec.steps),
        "credit": spec.credit,
    }


def _format(format_id: str, spec: FormatSpec) -> Format:
    return Format(
        key=KEY_PREFIX + format_id,
        name=spec.name,
        family=FAMILY,
        purposes=spec.purposes,
        summary=spec.summary,
        min_people=spec.min_people,
        max_people=spec.max_people,
        steps=spec.steps,
        attribution=spec.credit,
    )


def _from_row(row: dict[str, Any]) -> Format:
    spec = FormatSpec(
        name=str(row["name"]),
        summary=str(row.get("summary") or ""),
        purposes=tuple(row["purposes"]),
        min_people=int(row["min_people"] or 1),
        max_people=int(row["max_people"] or MAX_GROUP),
        steps=formats.parse_steps(row["steps"], str(row["name"])),
        credit=str(row.get("credit") or ""),
    )
    return _format(str(row["id"]), spec)


def _spec_of(fmt: Format) -> FormatSpec:
    return FormatSpec(
        fmt.name,
        fmt.summary,
        fmt.purposes,
        fmt.min_people,
        fmt.max_people,
        fmt.steps,
        fmt.attribution,
    )

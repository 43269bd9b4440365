"""The workshop's entities as typed, validated dataclasses.

Objects are immutable; change one with ``dataclasses.replace`` and store it again.
Validation raises ``ValidationError`` with a message fit to show the user.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from facilitator.errors import ValidationError

NAME_MAX = 120
TITLE_MAX = 200
TEXT_MAX = 200_000
MAX_PHASE_S = 8 * 60 * 60


def new_id() -> str:
    """A fresh UUID as text; ids never clash when sessions move between laptops."""
    return str(uuid.uuid4())


# ---------------------------------------------------------------- validation helpers


def _has_control(text: str, allow_newlines: bool) -> bool:
    for ch in text:
        if ch in "\n\r\t" and allow_newlines:
            continue
        if ord(ch) < 32 or ord(ch) == 127:
            return True
    return False


def clean_name(value: object, what: str = "Name", max_len: int = NAME_MAX) -> str:
    """A one-line name or title: trimmed, not empty, no control characters, not too long."""
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text.")
    text = " ".join(value.split())
    if not text:
        raise ValidationError(f"{what} cannot be empty.")
    if len(text) > max_len:
        raise ValidationError(f"{what} is too long ({len(text)} characters; at most {max_len}).")
    if _has_control(text, allow_newlines=False):
        raise ValidationError(f"{what} contains control characters.")
    return text


def clean_text(
    value: object, what: str = "Text", *, required: bool = True, max_len: int = TEXT_MAX
) -> str:
    """Free text kept exactly as typed; refused only when empty, too long or holding NUL."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text.")
    if required and not value.strip():
        raise ValidationError(f"{what} cannot be empty.")
    if "\x00" in value:
        raise ValidationError(f"{what} contains a NUL character, which cannot be stored.")
    if len(value) > max_len:
        raise ValidationError(
            f"{what} is too long ({len(value):,} characters; at most {max_len:,})."
        )
    return value


def check_duration(seconds: object, what: str = "Duration") -> int:
    """A positive whole number of seconds, at most eight hours."""
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise ValidationError(f"{what} must be a whole number of seconds.")
    if seconds <= 0:
        raise ValidationError(f"{what} must be more than zero.")
    if seconds > MAX_PHASE_S:
        raise ValidationError(f"{what} is over 8 hours; split it into several phases.")
    return seconds


E = TypeVar("E", bound=StrEnum)


def parse_enum(enum: type[E], value: object, what: str) -> E:
    """An enum member from its value, or a message listing the allowed values."""
    try:
        return enum(str(value)) if isinstance(value, str) else enum(value)  # type: ignore[arg-type]
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(f"Unknown {what} {value!r}; expected one of: {allowed}.") from None


# ---------------------------------------------------------------- enums


class SessionStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"


class PhaseMode(StrEnum):
    """How people speak during a phase."""

    ROUND_ROBIN = "round_robin"
    PAIRS = "pairs"
    SMALL_GROUPS = "small_groups"
    OPEN = "open"
    SILENT = "silent"
    BREAK = "break"  # nobody speaks: the group rests; a phase in this mode is a break


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    LEFT_EARLY = "left_early"


class DecisionMethod(StrEnum):
    CONSENT = "consent"
    CONSENSUS = "consensus"
    ADVICE = "advice"
    VOTE = "vote"
    DELEGATED = "delegated"
    LEADER_AFTER_CONSULTATION = "leader_after_consultation"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class ExperimentStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    STOPPED = "stopped"
    INCONCLUSIVE = "inconclusive"


class TimerEventKind(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    SHORTEN = "shorten"
    SKIP = "skip"
    BACK = "back"
    END = "end"
    SLEEP = "sleep"


LABELS: dict[str, str] = {
    "consent": "Consent",
    "consensus": "Consensus",
    "advice": "Advice process",
    "vote": "Majority vote",
    "delegated": "Delegated to an owner",
    "leader_after_consultation": "Leader decides after consultation",
    "round_robin": "Round-robin",
    "pairs": "Pairs",
    "small_groups": "Small groups",
    "open": "Open discussion",
    "silent": "Silent writing",
    "break": "Break",
}


def label(value: StrEnum | str) -> str:
    """A human label for an enum value ("leader_after_consultation" -> "Leader decides ...")."""
    text = str(value)
    return LABELS.get(text, text.replace("_", " ").capitalize())


# ---------------------------------------------------------------- entities


@dataclass(frozen=True, slots=True)
class Team:
    name: str
    id: str = field(default_factory=new_id)
    created_at: str = ""
    rotate_per_phase: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_name(self.name, "Team name"))


@dataclass(frozen=True, slots=True)
class Participant:
    team_id: str
    name: str
    area: str = ""
    note: str = ""
    active: bool = True
    joined_on: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_name(self.name, "Participant name"))
        area = self.area.strip() if isinstance(self.area, str) else self.area
        object.__setattr__(
            self, "area", clean_text(area, "Area of work", required=False, max_len=TITLE_MAX)
        )
        object.__setattr__(
            self, "note", clean_text(self.note, "Note", required=False, max_len=2000)
        )


@dataclass(frozen=True, slots=True)
class Role:
    team_id: str
    name: str
    brief: str = ""
    behaviours: tuple[str, ...] = ()
    opening_line: str = ""
    rotates: bool = True
    builtin_key: str | None = None
    position: int = 0
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_name(self.name, "Role name", max_len=60))
        object.__setattr__(
            self, "brief", clean_text(self.brief, "Role brief", required=False, max_len=5000)
        )
        object.__setattr__(self, "behaviours", tuple(self.behaviours))


@dataclass(frozen=True, slots=True)
class Session:
    team_id: str
    title: str
    dilemma: str = ""
    place: str = ""
    planned_date: str = ""  # YYYY-MM-DD, local date of the workshop
    planned_start: str = ""  # HH:MM, local time
    available_min: int | None = None
    status: SessionStatus = SessionStatus.PLANNED
    started_at: str | None = None
    ended_at: str | None = None
    created_at: str = ""
    id: str = field(default_factory=new_id)
    time_zone: str | None = None  # IANA name of the zone it ran in (see session_time)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_name(self.title, "Session title", TITLE_MAX))
        object.__setattr__(
            self, "dilemma", clean_text(self.dilemma, "Dilemma", required=False, max_len=20_000)
        )
        object.__setattr__(self, "status", parse_enum(SessionStatus, self.status, "status"))
        if self.planned_date:
            try:
                date.fromisoformat(self.planned_date)
            except ValueError:
                raise ValidationError(
                    f"Date {self.planned_date!r} is not a date like 2026-03-02."
                ) from None
        if self.available_min is not None and (
            isinstance(self.available_min, bool)
            or not isinstance(self.available_min, int)
            or self.available_min <= 0
        ):
            raise ValidationError("Time available must be a positive number of minutes.")


def round_heading(title: str, round_no: int | None, rounds: int | None) -> str:
    """A step's title with its round, "Consult (round 2 of 3)"; the title alone for a step
    that does not repeat."""
    if round_no is None or rounds is None:
        return title
    return f"{title} (round {round_no} of {rounds})"


@dataclass(frozen=True, slots=True)
class Phase:
    session_id: str
    position: int
    title: str
    planned_s: int
    mode: PhaseMode = PhaseMode.OPEN
    prompt: str = ""
    format_key: str | None = None
    group_id: str | None = None  # steps expanded from one format share a group
    group_title: str = ""
    per_speaker_s: int | None = None  # round-robin: seconds per present person
    is_break: bool = False
    started_at: str | None = None
    ended_at: str | None = None
    # A step of a block that repeats for the group (facilitator/rounds.py): how it repeats
    # ("person", "member:3", "times:5"), which round this is and how many rounds there are.
    repeat: str | None = None
    round_no: int | None = None
    rounds: int | None = None
    id: str = field(default_factory=new_id)

    @property
    def heading(self) -> str:
        """The title with its round, "Consult (round 2 of 3)"; the title alone elsewhere."""
        return round_heading(self.title, self.round_no, self.rounds)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_name(self.title, "Phase title", TITLE_MAX))
        object.__setattr__(self, "planned_s", check_duration(self.planned_s, "Phase duration"))
        object.__setattr__(self, "mode", parse_enum(PhaseMode, self.mode, "speaking mode"))
        if self.mode is PhaseMode.BREAK:
            object.__setattr__(self, "is_break", True)
        object.__setattr__(
            self, "prompt", clean_text(self.prompt, "Prompt", required=False, max_len=5000)
        )
        if self.per_speaker_s is not None:
            check_duration(self.per_speaker_s, "Time per speaker")
        if self.repeat is not None or self.round_no is not None or self.rounds is not None:
            self._check_round()

    def _check_round(self) -> None:
        from facilitator import rounds  # only phases that repeat need it

        object.__setattr__(self, "repeat", str(rounds.parse(self.repeat, "Phase repeat")))
        counts = (self.round_no, self.rounds)
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in counts):
            raise ValidationError("A repeated phase needs its round and how many rounds.")
        if not 1 <= self.round_no <= self.rounds <= rounds.MAX_ROUNDS:  # type: ignore[operator]
            raise ValidationError(
                f"Round {self.round_no} of {self.rounds} is not a round of its block."
            )


@dataclass(frozen=True, slots=True)
class Attendance:
    session_id: str
    participant_id: str
    status: AttendanceStatus = AttendanceStatus.PRESENT
    left_at: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "status", parse_enum(AttendanceStatus, self.status, "attendance status")
        )


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    session_id: str
    role_id: str
    participant_id: str
    phase_id: str | None = None  # None: for the whole session
    reason: str = ""
    overridden: bool = False  # True when a person changed the engine's suggestion
    shadow_of: str | None = None  # a newcomer shadowing this participant id
    confirmed_at: str | None = None
    ended_at: str | None = None  # set when the holder left or the role was reassigned
    created_at: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class RoleOptOut:
    """A person does not take a role ("not Timekeeper this quarter"), until a date or for good."""

    participant_id: str
    role_id: str
    until: str = ""  # YYYY-MM-DD, last day it applies; "" until removed
    note: str = ""
    created_at: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        object.__setattr__(self, "until", self.until or "")
        _check_date(self.until, "Opt-out end date")
        object.__setattr__(
            self, "note", clean_text(self.note, "Opt-out note", required=False, max_len=500)
        )

    def applies_on(self, day: str) -> bool:
        """True when the opt-out is in force on ``day`` (YYYY-MM-DD)."""
        return not self.until or not day or day[:10] <= self.until


@dataclass(frozen=True, slots=True)
class RotationRules:
    """How a team rotates: per session or per agenda item, and whether newcomers shadow."""

    per_phase: bool = False
    shadow_newcomers: bool = True


@dataclass(frozen=True, slots=True)
class RotaReview:
    """The team looked back at its rota after everyone had held a role (or chose to skip)."""

    team_id: str
    session_id: str
    cycle: int  # 1 for the first full rotation, 2 for the next, ...
    learning_id: str | None = None  # the retrospective's text, kept as a learning
    created_at: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class TimerEvent:
    session_id: str
    phase_id: str
    seq: int
    kind: TimerEventKind
    at_utc: str
    at_monotonic: float | None = None
    deadline_utc: str | None = None
    remaining_s: float | None = None
    amount_s: float | None = None
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", parse_enum(TimerEventKind, self.kind, "timer event"))


@dataclass(frozen=True, slots=True)
class SpeakingTurn:
    phase_id: str
    participant_id: str
    started_at: str
    ended_at: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class Contribution:
    session_id: str
    text: str
    participant_id: str | None = None
    phase_id: str | None = None
    created_at: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text(self.text, "Contribution"))


@dataclass(frozen=True, slots=True)
class Decision:
    session_id: str
    text: str
    method: DecisionMethod = DecisionMethod.CONSENT
    rationale: str = ""
    consulted: tuple[str, ...] = ()  # participant ids
    objections: str = ""
    phase_id: str | None = None
    created_at: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text(self.text, "Decision"))
        object.__setattr__(
            self, "method", parse_enum(DecisionMethod, self.method, "decision method")
        )
        object.__setattr__(
            self, "rationale", clean_text(self.rationale, "Rationale", required=False)
        )
        object.__setattr__(
            self, "objections", clean_text(self.objections, "Objections", required=False)
        )
        object.__setattr__(self, "consulted", tuple(self.consulted))


@dataclass(frozen=True, slots=True)
class Action:
    session_id: str
    text: str
    owner_id: str | None = None
    due: str | None = None  # YYYY-MM-DD
    status: ActionStatus = ActionStatus.OPEN
    closed_in_session: str | None = None
    phase_id: str | None = None
    created_at: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text(self.text, "Action"))
        object.__setattr__(self, "status", parse_enum(ActionStatus, self.status, "action status"))
        _check_date(self.due, "Due date")


@dataclass(frozen=True, slots=True)
class Experiment:
    session_id: str
    hypothesis: str
    what_we_try: str = ""
    limit_time: str = ""
    limit_money: str = ""
    limit_risk: str = ""
    success_signal: str = ""
    stop_signal: str = ""
    owner_id: str | None = None
    review_on: str | None = None  # YYYY-MM-DD
    status: ExperimentStatus = ExperimentStatus.PLANNED
    outcome: str = ""
    started_on: str | None = None
    phase_id: str | None = None
    created_at: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hypothesis", clean_text(self.hypothesis, "Hypothesis"))
        for name in (
            "what_we_try",
            "limit_time",
            "limit_money",
            "limit_risk",
            "success_signal",
            "stop_signal",
            "outcome",
        ):
            object.__setattr__(
                self,
                name,
                clean_text(
                    getattr(self, name), name.replace("_", " ").capitalize(), required=False
                ),
            )
        object.__setattr__(
            self, "status", parse_enum(ExperimentStatus, self.status, "experiment status")
        )
        _check_date(self.review_on, "Review date")
        _check_date(self.started_on, "Start date")


@dataclass(frozen=True, slots=True)
class Learning:
    session_id: str
    text: str
    experiment_id: str | None = None
    phase_id: str | None = None
    created_at: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text(self.text, "Learning"))


@dataclass(frozen=True, slots=True)
class Vote:
    contribution_id: str
    participant_id: str
    count: int = 1
    phase_id: str | None = None
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 0:
            raise ValidationError("Votes must be a whole number, zero or more.")


def _check_date(value: str | None, what: str) -> None:
    if value is None or value == "":
        return
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{what} {value!r} is not a date like 2026-03-02.") from None

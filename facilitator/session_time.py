"""When a session ran, in the room's own time: its day, its clock times and its time zone.

A session is dated by when it ran (``started_at`` read in the zone it ran in), not by the
date it was planned for: a session planned for the 8th but run on the 1st happened on the
1st. A session that has not run yet keeps its planned date. Every screen, report and export
asks this module, so the same session reads the same on any computer: its times are shown
in its own zone (``time_zone``, the IANA name stored when it started), never in the zone of
the machine that happens to print it. A session with no stored zone (planned, or recorded
before zones were kept) is read in the local zone.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path

from facilitator.clock import parse_iso
from facilitator.model import Session

LOCALTIME = Path("/etc/localtime")
_ZONEINFO_MARK = "zoneinfo/"


def _known_zone(name: str) -> bool:
    """Whether ``name`` is an IANA zone this machine's zone database knows."""
    if not name or name.startswith(("/", ".")) or ".." in name:
        return False
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # with the first zone asked for

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _zone_in_path(path: str) -> str:
    """``Europe/London`` from ``/usr/share/zoneinfo/Europe/London``; "" when not such a path."""
    at = path.rfind(_ZONEINFO_MARK)
    if at < 0:
        return ""
    name = path[at + len(_ZONEINFO_MARK) :]
    for prefix in ("posix/", "right/"):
        name = name.removeprefix(prefix)
    return name if _known_zone(name) else ""


def offset_text(offset: timedelta | None) -> str:
    """A fixed UTC offset as text: ``UTC``, ``UTC+05:30``, ``UTC-04:00``."""
    if not offset:
        return "UTC"
    sign = "+" if offset >= timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def local_zone_name(
    environ: Mapping[str, str] | None = None,
    localtime: Path = LOCALTIME,
    now: datetime | None = None,
) -> str:
    """This machine's time zone as an IANA name (``Europe/London``).

    From the ``TZ`` variable (a name, or a path into the zone database), else the link
    ``/etc/localtime`` points to. When neither names a known zone (Windows, a bare ``TZ``
    rule), the zone's current UTC offset as text (``UTC+01:00``), which ``zone`` reads back.
    """
    env = os.environ if environ is None else environ
    setting = env.get("TZ", "").lstrip(":")
    if setting:
        if _known_zone(setting):
            return setting
        if _zone_in_path(setting):
            return _zone_in_path(setting)
    else:
        try:
            name = _zone_in_path(str(localtime.resolve(strict=True)))
        except OSError:
            name = ""
        if name:
            return name
    moment = now or datetime.now(UTC)
    return offset_text(moment.astimezone().utcoffset())


def _offset_zone(name: str) -> tzinfo | None:
    """The fixed zone ``offset_text`` wrote, or None when ``name`` is not one."""
    if name == "UTC":
        return UTC
    if len(name) != 9 or not name.startswith("UTC") or name[3] not in "+-" or name[6] != ":":
        return None
    try:
        hours, minutes = int(name[4:6]), int(name[7:9])
    except ValueError:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if name[3] == "-" else offset)


def zone(name: str | None) -> tzinfo | None:
    """The zone a stored name stands for; None (the local zone) when unknown or empty."""
    if not name:
        return None
    fixed = _offset_zone(name)
    if fixed is not None:
        return fixed
    if not _known_zone(name):
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _in_zone(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def session_zone(session: Session) -> tzinfo | None:
    """The zone a session's times are read in: where it ran, else this machine's (None)."""
    return zone(session.time_zone)


def session_day(session: Session) -> date | None:
    """The day a session happened: when it started, in its own zone; until it has run, the
    day it is planned for; failing both, the day it was made. None when it has no date."""
    tz = session_zone(session)
    if session.started_at:
        return _in_zone(parse_iso(session.started_at), tz).date()
    if session.planned_date:
        try:
            return date.fromisoformat(session.planned_date)
        except ValueError:
            pass
    if session.created_at:
        try:
            return _in_zone(parse_iso(session.created_at), tz).date()
        except ValueError:
            return None
    return None


def session_day_text(session: Session) -> str:
    """``session_day`` as ``YYYY-MM-DD`` ("" when the session has no date)."""
    day = session_day(session)
    return day.isoformat() if day else ""


def day_and_time(session: Session) -> str:
    """``2026-12-01 09:30`` for a list of sessions: the day and the time it started on the
    room's clock once it has run (a session planned for 09:30 and run at 14:05 reads 14:05),
    else the day and time it is planned for."""
    day = session_day_text(session)
    start = session_clock(session.started_at, session) if session.started_at else ""
    return f"{day} {start or session.planned_start}".strip()


def planned_other_day(session: Session) -> str:
    """The planned date (``YYYY-MM-DD``) when the session ran on another day, else ""."""
    if session.started_at and session.planned_date != session_day_text(session):
        return session.planned_date
    return ""


def session_order(session: Session) -> tuple[str, str, str, str]:
    """Sorts sessions by when they happened: by day, then by the moment they started (on one
    day, those not yet run come after those that ran), then by when they were made."""
    return (
        session_day_text(session),
        session.started_at or "~",  # "~" sorts after every timestamp
        session.created_at,
        session.id,
    )


def stamp_day(stamp: str | None, session: Session) -> str:
    """The day (``YYYY-MM-DD``) a moment of the session fell on in its zone; "" if none."""
    if not stamp:
        return ""
    try:
        return _in_zone(parse_iso(stamp), session_zone(session)).date().isoformat()
    except ValueError:
        return ""


def clock_in(stamp: str | None, tz: tzinfo | None) -> str:
    """``09:42``: a stored moment on the clock of ``tz`` (None: this machine's)."""
    if not stamp:
        return ""
    return _in_zone(parse_iso(stamp), tz).strftime("%H:%M")


def session_clock(stamp: str | None, session: Session) -> str:
    """``09:42``: a moment of the session on the clock of the room it ran in."""
    return clock_in(stamp, session_zone(session))


def ran_text(session: Session, tz: tzinfo | None = None) -> str:
    """``09:30–11:20`` (or ``09:30`` while it runs; "" before it starts), in its zone (a
    session with no stored zone: ``tz``, else this machine's)."""
    if not session.started_at:
        return ""
    clock = session_zone(session) or tz
    text = clock_in(session.started_at, clock)
    if session.ended_at:
        text += f"–{clock_in(session.ended_at, clock)}"
    return text


def zone_note(session: Session, viewer: str | None = None) -> str:
    """``Europe/London time`` when the session ran in a zone other than the viewer's (the
    local zone by default), so a time read elsewhere is not taken for local; else ""."""
    if not session.time_zone:
        return ""
    here = viewer if viewer is not None else local_zone_name()
    if session.time_zone == here:
        return ""
    return f"{session.time_zone} time"


def times_text(session: Session, viewer: str | None = None, tz: tzinfo | None = None) -> str:
    """``planned 09:00 · ran 09:30–11:20``, on the room's clock (``tz`` for a session with
    no stored zone), with ``· Europe/London time`` when the viewer is elsewhere; "" when
    nothing was planned or run."""
    parts = []
    if session.planned_start:
        parts.append(f"planned {session.planned_start}")
    if session.started_at:
        parts.append(f"ran {ran_text(session, tz)}")
        note = zone_note(session, viewer)
        if note:
            parts.append(note)
    return " · ".join(parts)


def when_text(session: Session, viewer: str | None = None) -> str:
    """``2026-12-01 (planned for 2026-12-08) · ran 09:30–11:20``: the day it ran and its
    times on the room's clock (with that zone when the viewer is elsewhere), for screens."""
    text = session_day_text(session)
    if planned := planned_other_day(session):
        text += f" (planned for {planned})"
    times = times_text(session, viewer)
    return f"{text} · {times}" if text and times else text or times

"""Drafts: what is being typed is kept, so a crash or a flat battery loses none of it.

A screen saves a field's text as a draft shortly after typing pauses (and when it loses
focus or its window closes); on the next start the screen takes the session's drafts and
puts the text back. Saving the text where it belongs (Enter on a capture, recording a
review) drops its draft in the same transaction (``entered``). A field emptied drops its
draft too.

Drafts belong to a session and a field key ("capture", "review:<item id>"); another
session's drafts never replace them. A session's drafts saved before it ended are dropped
when drafts are next taken (a deleted session takes its drafts with it). Each call is one
committed transaction through ``Database.write()``; on a read-only database drafts are
simply not kept (no error). Text is kept exactly as typed; text no file can hold (NUL, a
broken character, more than 200,000 characters) is refused with a ``ValidationError``.

A form with several fields is kept as one draft (``save_form`` / ``take_form``): the typed
values and the choices made beside them, as JSON.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from facilitator import capture
from facilitator.clock import Clock, SystemClock, iso
from facilitator.errors import FacilitatorError, ValidationError
from facilitator.model import clean_text
from facilitator.store import drafts as store
from facilitator.store.database import Database

T = TypeVar("T")
KEY_MAX = 200
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FormDraft:
    """A form's draft: what was typed in each field, and the choices made beside them."""

    values: dict[str, str]
    choices: dict[str, str] = field(default_factory=dict)


def _check_key(field_key: str) -> str:
    if (
        not isinstance(field_key, str)
        or not field_key.strip()
        or len(field_key) > KEY_MAX
        or not field_key.isprintable()
    ):
        raise ValidationError("A draft needs a short, printable field name.")
    return field_key


def _check_text(text: str, what: str = "The draft") -> str:
    text = clean_text(text, what, required=False)
    capture.check_storable(text, what)
    return text


def save_draft(
    database: Database, session_id: str, field_key: str, text: str, *, clock: Clock | None = None
) -> bool:
    """Keep what is typed in a field; empty text drops the draft. True when it was kept.

    On a read-only database nothing is kept and nothing is said (False).
    """
    _check_key(field_key)
    _check_text(text)
    if database.read_only:
        return False
    if text == "":
        store.delete(database, session_id, field_key)
        return False
    store.put(database, session_id, field_key, text, iso((clock or SystemClock()).now()))
    return True


def clear_draft(database: Database, session_id: str, field_key: str) -> None:
    """Drop a field's draft (nothing happens when there is none, or when read-only)."""
    _check_key(field_key)
    if not database.read_only:
        store.delete(database, session_id, field_key)


def take_drafts(database: Database, session_id: str) -> dict[str, str]:
    """The session's drafts by field key, to put back into their fields.

    They stay stored until the text is saved or the field emptied, so a second crash right
    after a restart loses nothing either. Drafts saved before their session ended are
    dropped here (and never returned).
    """
    if not database.read_only and store.stale_count(database):
        try:
            store.drop_stale(database)
        except FacilitatorError as exc:  # they are not returned anyway; try again next time
            log.warning("Could not drop the drafts of ended sessions: %s", exc)
    return {str(r["field_key"]): str(r["text"]) for r in store.live(database, session_id)}


def save_form(
    database: Database,
    session_id: str,
    form_key: str,
    values: Mapping[str, str],
    choices: Mapping[str, str] | None = None,
    *,
    clock: Clock | None = None,
) -> bool:
    """Keep a form's typed ``values`` (with its ``choices``) as one draft; True when kept.

    When every value is empty the form's draft is dropped instead: choices alone are not
    something typed.
    """
    _check_key(form_key)
    for name, value in values.items():
        _check_text(value, f"The draft of {name.replace('_', ' ')}")
    picked = {str(k): str(v) for k, v in (choices or {}).items()}
    for name, value in picked.items():
        _check_text(value, f"The draft of {name.replace('_', ' ')}")
    if not any(values.values()):
        clear_draft(database, session_id, form_key)
        return False
    if database.read_only:
        return False
    # Each value was checked; the JSON around them may be longer than one text may be.
    text = json.dumps({"values": dict(values), "choices": picked}, ensure_ascii=False)
    store.put(database, session_id, form_key, text, iso((clock or SystemClock()).now()))
    return True


def _form(text: str) -> FormDraft | None:
    try:
        data = json.loads(text)
        values = data["values"]
        choices = data.get("choices", {})
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if not isinstance(values, dict) or not isinstance(choices, dict):
        return None
    return FormDraft(
        {str(k): str(v) for k, v in values.items()}, {str(k): str(v) for k, v in choices.items()}
    )


def take_forms(database: Database, session_id: str, prefix: str = "") -> dict[str, FormDraft]:
    """The session's form drafts whose key starts with ``prefix``, by key."""
    found: dict[str, FormDraft] = {}
    for key, text in take_drafts(database, session_id).items():
        if key.startswith(prefix) and (form := _form(text)) is not None:
            found[key] = form
    return found


def take_form(database: Database, session_id: str, form_key: str) -> FormDraft | None:
    """The form's draft, or None when nothing typed there is kept."""
    return take_forms(database, session_id, form_key).get(form_key)


def entered(database: Database, session_id: str, field_key: str, save: Callable[[], T]) -> T:
    """Run the normal save of what was typed (``save``) and drop its draft, all or nothing.

    When ``save`` fails nothing is written and the draft stays.
    """
    _check_key(field_key)
    if database.read_only:
        return save()  # refuses with the read-only message; there is no draft to drop
    with database.write():
        result = save()
        store.delete(database, session_id, field_key)
    return result

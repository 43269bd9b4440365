"""The one way from a user action to the core, and back to every screen.

A slot calls ``run_op(self, "Could not …", lambda: feature.action(database, …))``. The core
action checks, commits and returns ``Changes`` (or ``Done``: a value and its changes). A
refusal (any ``FacilitatorError``) is shown here, the same way everywhere, and the typed text
stays where it was; on success the changes are broadcast, and every screen that follows the
topics they touch reloads itself (``follow``), now if it is on screen, else when next shown.
No screen refreshes another.

Signals (ChangeBus):
    changes_did_happen(object, object): the ``Changes`` and the widget whose action made them
        (None when the action came from outside a screen, e.g. a restore).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar, overload

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from facilitator.changes import Changes, Done, Topic
from facilitator.errors import FacilitatorError

log = logging.getLogger(__name__)

T = TypeVar("T")


class ChangeBus(QObject):
    """Carries every action's changes to the screens (one per application)."""

    changes_did_happen = Signal(object, object)


_bus: ChangeBus | None = None


def bus() -> ChangeBus:
    """The application's change bus, made on first use as a child of the application."""
    global _bus
    app = QCoreApplication.instance()
    if _bus is None or _bus.parent() is not app:
        _bus = ChangeBus(app)
    return _bus


def broadcast(changes: Changes, source: QObject | None = None) -> None:
    """Tell every screen what changed (also used for changes made outside an action, such
    as a restore or an import finished by a worker)."""
    if changes:
        bus().changes_did_happen.emit(changes, source)


def show_error(parent: QWidget | None, title: str, error: BaseException | str) -> None:
    """A refusal, shown the one way: a warning titled by what failed, the error's sentence."""
    text = str(error)
    log.info("%s: %s", title, text)
    QMessageBox.warning(parent, title, text)


@overload
def run_op(
    parent: QWidget | None,
    title: str,
    action: Callable[[], Done[T]],
    *,
    inline: QLabel | None = None,
) -> Done[T] | None: ...


@overload
def run_op(
    parent: QWidget | None,
    title: str,
    action: Callable[[], Changes],
    *,
    inline: QLabel | None = None,
) -> Changes | None: ...


def run_op(
    parent: QWidget | None,
    title: str,
    action: Callable[[], Done[T]] | Callable[[], Changes],
    *,
    inline: QLabel | None = None,
) -> Done[T] | Changes | None:
    """Run one user action; None when the core refused it (the refusal has been shown).

    ``title`` names the failure ("Could not save the agenda"). With ``inline`` (a label under
    the field being edited) the refusal is shown there instead of in a message box, and the
    label is cleared when the action succeeds.
    """
    try:
        result = action()
    except FacilitatorError as exc:
        if inline is not None:
            log.info("%s: %s", title, exc)
            inline.setText(str(exc))
            inline.setVisible(True)
        else:
            show_error(parent, title, exc)
        return None
    if inline is not None:
        inline.clear()
    changes = result.changes if isinstance(result, Done) else result
    broadcast(changes, parent)
    return result


class _Follower(QObject):
    """Calls a screen's reload when a change touches what it shows, now or when next shown."""

    def __init__(
        self,
        widget: QWidget,
        topics: tuple[Topic, ...],
        reload: Callable[[Changes], None],
        own: bool,
    ) -> None:
        super().__init__(widget)
        self.widget, self.topics, self.reload, self.own = widget, topics, reload, own
        self.pending: Changes | None = None
        widget.installEventFilter(self)
        bus().changes_did_happen.connect(self._on_bus_changes_did_happen)

    def _on_bus_changes_did_happen(self, changes: Changes, source: QObject | None) -> None:
        if not changes.touches(*self.topics) or (source is self.widget and not self.own):
            return
        if self.widget.isVisible():
            self.reload(changes)
        else:
            self.pending = changes if self.pending is None else self.pending | changes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # The event's type first: as the screen is deleted, its last events (never a Show)
        # can come after this follower's Python side has gone.
        if event.type() == QEvent.Type.Show and watched is self.widget and self.pending:
            changes, self.pending = self.pending, None
            self.reload(changes)
        return False


def follow(
    widget: QWidget,
    topics: tuple[Topic, ...] | list[Topic],
    reload: Callable[[Changes], None],
    *,
    own: bool = False,
) -> None:
    """Reload ``widget`` whenever an action changes one of ``topics``: at once while it is
    visible, else the next time it is shown. Its own actions are skipped unless ``own``
    (the screen already shows what it just did). Ends with the widget."""
    _Follower(widget, tuple(topics), reload, own)

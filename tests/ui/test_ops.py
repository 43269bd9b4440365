"""The one path from a user action to the core: refusals shown one way, changes broadcast,
screens reloading themselves when what they show has changed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from facilitator.changes import Changes, Done, Topic
from facilitator.errors import ValidationError
from ui import ops


def _refuse() -> Changes:
    raise ValidationError("The title is empty; type one.")


def test_a_refusal_is_shown_once_and_nothing_is_broadcast(qtbot, _no_blocking_dialogs) -> None:
    heard: list[Changes] = []
    ops.bus().changes_did_happen.connect(lambda changes, source: heard.append(changes))
    assert ops.run_op(None, "Could not rename the session", _refuse) is None
    assert _no_blocking_dialogs == [
        ("Could not rename the session", "The title is empty; type one.")
    ]
    assert heard == []


def test_an_inline_refusal_goes_under_the_field_and_clears_on_success(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    assert ops.run_op(None, "Could not save", _refuse, inline=label) is None
    assert label.text() == "The title is empty; type one."
    changes = Changes.of(Topic.SESSIONS)
    assert ops.run_op(None, "Could not save", lambda: changes, inline=label) is changes
    assert label.text() == ""


def test_done_values_come_back_and_their_changes_are_broadcast(qtbot) -> None:
    heard: list[tuple[Changes, object]] = []
    ops.bus().changes_did_happen.connect(lambda changes, source: heard.append((changes, source)))
    screen = QWidget()
    qtbot.addWidget(screen)
    done = Done("new-id", Changes.of(Topic.CAPTURES, session_id="s1"))
    assert ops.run_op(screen, "Could not add", lambda: done) is done
    assert heard == [(done.changes, screen)]


def test_a_follower_reloads_now_when_shown_and_later_when_hidden(qtbot) -> None:
    screen, other = QWidget(), QWidget()
    qtbot.addWidget(screen)
    qtbot.addWidget(other)
    reloads: list[Changes] = []
    ops.follow(screen, [Topic.CAPTURES], reloads.append)
    screen.show()
    qtbot.waitExposed(screen)
    ops.broadcast(Changes.of(Topic.CAPTURES), other)
    ops.broadcast(Changes.of(Topic.AGENDA), other)  # not what it shows
    ops.broadcast(Changes.of(Topic.CAPTURES), screen)  # its own action: it already shows it
    assert len(reloads) == 1
    screen.hide()
    ops.broadcast(Changes.of(Topic.CAPTURES, session_id="s1"), other)
    ops.broadcast(Changes.of(Topic.CAPTURES, session_id="s1"), other)
    assert len(reloads) == 1  # hidden: nothing until it is shown, then once
    screen.show()
    qtbot.waitUntil(lambda: len(reloads) == 2)
    assert reloads[-1].session_id == "s1"


def test_a_follower_ends_with_its_screen(qtbot) -> None:
    import shiboken6

    reloads: list[Changes] = []
    screen = QWidget()
    ops.follow(screen, [Topic.CAPTURES], reloads.append)
    screen.show()
    screen.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen))
    ops.broadcast(Changes.of(Topic.CAPTURES))  # a surviving follower would fail here
    assert reloads == []

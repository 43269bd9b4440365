"""The team folder's dialogs: linking, joining, unlinking and renaming this laptop by keys,
refusals in one line; the items changed on two laptops listed with both versions, copied
and dismissed by keys; every control named for a screen reader."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
)

from facilitator import capture, team_folder
from facilitator.store import sessions
from tests.facilitator.team_folder_world import Laptops, make_laptops
from tests.ui.test_sync_flow import _settle, _titles, _window
from ui.screens.sync_conflicts import NONE_LEFT, SyncConflictsDialog, moment_text, where_text
from ui.screens.team_folder_dialog import NOT_LINKED, REPORT_LINES, TeamFolderDialog

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def laptops(tmp_path: Path) -> Laptops:
    return make_laptops(tmp_path)


def _conflict(w: Laptops) -> str:
    """An action edited offline on both laptops (A first, B later), both synced."""
    sid = w.run_session(w.a, "2026-03-02")
    item = capture.add(w.a, "action", sid, "Call the supplier", clock=w.clock).value
    w.sync(w.a)
    team_folder.join_folder(w.b, w.folder, now=w.clock.now())
    w.sync(w.b)
    w.clock.advance(600)
    capture.change(w.a, item, clock=w.clock, text="Call the supplier on Monday")
    w.clock.advance(60)
    capture.change(w.b, item, clock=w.clock, text="Email the supplier instead")
    w.sync(w.a)
    w.sync(w.b)
    w.sync(w.a)
    return item.id


def _unnamed(dialog: QDialog) -> list[str]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QListWidget, QPlainTextEdit)
    return [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        for kind in kinds
        for w in dialog.findChildren(kind)
        if w.isVisible() and not w.accessibleName()
    ]


def _show(qtbot, dialog: QDialog) -> None:  # noqa: ANN001
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def _press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_the_conflicts_list_shows_both_versions_copies_and_dismisses_by_keys(
    qtbot,
    laptops,  # noqa: ANN001
) -> None:
    w = laptops
    _conflict(w)
    dialog = SyncConflictsDialog(w.a, w.team_id, clock=w.clock)
    _show(qtbot, dialog)
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text() == (
        "Action “Email the supplier instead”\n"
        "Session “Session 2026-03-02” of 2026-03-02\n"
        "Changed on Laptop B and Laptop A"
    )
    assert dialog.where.text() == "Session “Session 2026-03-02” of 2026-03-02"
    assert "kept for review" in dialog.summary.text()
    assert dialog.kept.toPlainText() == "Text: Email the supplier instead"
    assert dialog.other.toPlainText() == "Text: Call the supplier on Monday"
    assert "changed on Laptop B," in dialog.kept_label.text()
    assert "changed on Laptop A (this laptop)," in dialog.other_label.text()
    assert QApplication.focusWidget() is dialog.list
    assert _unnamed(dialog) == []
    _press(qtbot, Qt.Key.Key_O, ALT)  # a mnemonic clicks its button a moment later
    qtbot.waitUntil(lambda: bool(dialog.note.text()))
    assert QGuiApplication.clipboard().text() == "Call the supplier on Monday"
    _press(qtbot, Qt.Key.Key_D, ALT)
    qtbot.waitUntil(lambda: dialog.list.count() == 0)
    assert dialog.list.count() == 0 and dialog.summary.text() == NONE_LEFT
    assert not dialog.dismiss_button.isEnabled() and not dialog.copy_button.isEnabled()
    assert QApplication.focusWidget() is dialog.close_button
    assert team_folder.list_conflicts(w.a, w.team_id) == []
    assert len(team_folder.list_conflicts(w.a, w.team_id, dismissed=True)) == 1
    assert team_folder.list_conflicts(w.b, w.team_id) != []  # seen on A only
    # Dismissed by mistake: Ctrl+Z brings it back, the other version with it.
    assert dialog.note.text() == "Dismissed. Ctrl+Z brings it back."
    _press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.list.count() == 1)
    assert dialog.note.text() == "Back in the list."
    assert len(team_folder.list_conflicts(w.a, w.team_id)) == 1
    assert "Email the supplier instead" in dialog.kept.toPlainText()


@pytest.fixture
def kolkata(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """This computer's clock is on India's time (UTC+5:30, no summer time)."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_each_version_says_its_laptop_and_when_to_the_second_on_this_computer_s_clock(
    qtbot,
    laptops,
    kolkata,  # noqa: ANN001
) -> None:
    w = laptops
    _conflict(w)  # B's edit at 10:14:00 UTC, A's at 10:13:00 UTC, on 2 March 2026
    dialog = SyncConflictsDialog(w.b, w.team_id, clock=w.clock)
    _show(qtbot, dialog)
    assert dialog.kept_label.text() == (
        "&Kept: changed on Laptop B (this laptop), Mon 2 Mar, 15:44:00"
    )
    assert dialog.other_label.text() == (
        "The other &version: changed on Laptop A, Mon 2 Mar, 15:43:00"
    )
    assert moment_text(datetime(2025, 12, 1, 8, 33, 12, tzinfo=UTC), w.clock.now()) == (
        "Mon 1 Dec 2025, 14:03:12"  # another year than this one: it is said
    )


def test_an_item_of_the_roster_names_the_team_and_a_session_gone_says_so(laptops) -> None:  # noqa: ANN001
    w = laptops
    _conflict(w)
    (conflict,) = team_folder.list_conflicts(w.a, w.team_id)
    assert where_text(w.a, replace(conflict, session_id=None)) == "Team roster and roles of Ops"
    assert where_text(w.a, replace(conflict, session_id="gone")) == (
        "A session no longer on this laptop"
    )


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_the_conflicts_list_fits_the_screen_and_every_line_shows(qtbot, laptops, size) -> None:  # noqa: ANN001
    w = laptops
    _conflict(w)
    dialog = SyncConflictsDialog(w.a, w.team_id, clock=w.clock)
    _show(qtbot, dialog)
    width, height = size
    hint = dialog.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height - 60  # a panel, a title bar
    assert dialog.width() <= width and dialog.height() <= height - 60
    item = dialog.list.item(0)
    shown = dialog.list.visualItemRect(item)
    assert shown.height() >= 3 * dialog.list.fontMetrics().lineSpacing()  # its three lines


def test_conflicts_are_counted_at_home_and_in_the_team_folder_dialog(qtbot, laptops) -> None:  # noqa: ANN001
    w = laptops
    _conflict(w)
    window = _window(qtbot, w.a, w.clock)
    assert "1 item changed on two laptops to look at" in window.home.sync_status.text()
    dialog = TeamFolderDialog(w.a, window.sync_flow, w.team_id, parent=window)
    assert dialog.conflicts_button.text() == "Changed on t&wo laptops (1)…"
    assert dialog.conflicts_button.isEnabled()
    (conflict,) = team_folder.list_conflicts(w.a, w.team_id)
    team_folder.dismiss_conflict(w.a, conflict.id, now=w.clock.now())
    window.sync_now_action.trigger()
    _settle(qtbot, window)
    assert "changed on two laptops" not in window.home.sync_status.text()
    assert not dialog.conflicts_button.isEnabled()


def test_link_unlink_and_join_by_keys_and_a_missing_folder_refused_in_one_line(
    qtbot,
    laptops,
    tmp_path,  # noqa: ANN001
) -> None:
    w = laptops
    team_folder.unlink_folder(w.a, w.team_id)
    window = _window(qtbot, w.a, w.clock)
    chosen: list[str] = [str(tmp_path / "not there")]
    dialog = TeamFolderDialog(
        w.a, window.sync_flow, w.team_id, ask_folder=lambda _caption: chosen.pop(0), parent=window
    )
    _show(qtbot, dialog)
    assert dialog.folder.text() == NOT_LINKED and dialog.last.text() == "—"
    assert dialog.link_button.isVisible() and not dialog.unlink_button.isVisible()
    assert QApplication.focusWidget() is dialog.team
    assert _unnamed(dialog) == []
    _press(qtbot, Qt.Key.Key_K, ALT)  # Link to a folder… that is not there
    qtbot.waitUntil(dialog.message.isVisible)
    assert dialog.message.text().startswith("There is no folder ")
    assert team_folder.folder_for(w.a, w.team_id) is None
    chosen.append(str(w.folder))
    _press(qtbot, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: not dialog.message.isVisible())
    assert team_folder.folder_for(w.a, w.team_id) == w.folder.resolve()
    _settle(qtbot, window)
    assert dialog.last.text() != "Not yet"
    assert "Wrote 2 files to the team folder." in dialog.status.text()  # the team, manifest
    assert dialog.sync_button.isVisible() and dialog.unlink_button.isVisible()
    assert dialog.team.currentText() == "Ops (shared)"
    assert _unnamed(dialog) == []
    dialog.unlink_button.setFocus()
    _press(qtbot, Qt.Key.Key_U, ALT)
    qtbot.waitUntil(lambda: team_folder.folder_for(w.a, w.team_id) is None)
    assert dialog.folder.text() == NOT_LINKED
    assert window.home.sync_status.text() == ""  # nothing shared any more
    assert any(w.folder.iterdir())  # the folder's files are left as they were
    # Another laptop joins the team from the folder.
    b = _window(qtbot, w.b, w.clock)
    joining = TeamFolderDialog(
        w.b, b.sync_flow, None, ask_folder=lambda _caption: str(w.folder), parent=b
    )
    _show(qtbot, joining)
    assert "No team yet" in joining.folder.text()
    _press(qtbot, Qt.Key.Key_J, ALT)
    qtbot.waitUntil(lambda: joining.team_id() is not None)
    _settle(qtbot, b)
    assert joining.team_id() == w.team_id
    assert team_folder.folder_for(w.b, w.team_id) == w.folder.resolve()
    assert "The team: 4 people and 7 roles added." in joining.status.text()


def test_joining_an_empty_folder_is_refused_in_one_line(qtbot, laptops, tmp_path) -> None:  # noqa: ANN001
    w = laptops
    empty = tmp_path / "empty"
    empty.mkdir()
    b = _window(qtbot, w.b, w.clock)
    dialog = TeamFolderDialog(w.b, b.sync_flow, None, parent=b)
    assert not dialog.join_from(empty)
    assert dialog.message.text() == f"The folder {empty} carries no team yet; nothing was changed."
    assert sessions.list_sessions(w.b) == []


def test_this_laptop_is_renamed_and_a_blank_name_refused(qtbot, laptops) -> None:  # noqa: ANN001
    w = laptops
    window = _window(qtbot, w.a, w.clock)
    dialog = TeamFolderDialog(w.a, window.sync_flow, w.team_id, parent=window)
    _show(qtbot, dialog)
    assert dialog.laptop.text() == "Laptop A"
    dialog.laptop.setFocus()
    dialog.laptop.selectAll()
    qtbot.keyClicks(dialog.laptop, "   ")
    _press(qtbot, Qt.Key.Key_Return)
    assert dialog.message.isVisible()
    assert dialog.message.text() == "A laptop name is one line of 1 to 80 characters."
    assert dialog.laptop.text() == "   "  # what was typed stays
    assert not dialog.laptop_note.isVisible()  # nothing said saved
    assert team_folder.laptop_name(w.a) == "Laptop A"
    dialog.laptop.selectAll()
    qtbot.keyClicks(dialog.laptop, "Ann's  laptop")
    assert not dialog.laptop_note.isVisible()
    _press(qtbot, Qt.Key.Key_Return)
    assert team_folder.laptop_name(w.a) == "Ann's laptop"
    assert dialog.laptop.text() == "Ann's laptop" and not dialog.message.isVisible()
    assert dialog.laptop_note.isVisible()
    assert dialog.laptop_note.text() == "Saved: this laptop is now called Ann's laptop."
    QApplication.processEvents()
    for squeezed in (dialog.laptop, dialog.rename_button):  # the window grew to make room
        assert squeezed.height() >= squeezed.sizeHint().height()
    note = dialog.laptop_note
    assert note.height() >= note.heightForWidth(note.width())
    assert _unnamed(dialog) == []
    qtbot.keyClicks(dialog.laptop, "!")  # typing again: not saved yet, so not said
    assert not dialog.laptop_note.isVisible()
    dialog.laptop.setMaxLength(200)
    dialog.laptop.setText("y" * 81)
    _press(qtbot, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(dialog.message.isVisible)
    assert dialog.message.text() == "A laptop name is one line of 1 to 80 characters."
    assert not dialog.laptop_note.isVisible() and team_folder.laptop_name(w.a) == "Ann's laptop"


def test_file_team_folder_opens_the_dialog_on_the_team_chosen_at_home(
    qtbot,
    laptops,
    monkeypatch,  # noqa: ANN001
) -> None:
    w = laptops
    window = _window(qtbot, w.a, w.clock)
    opened: list[str | None] = []
    monkeypatch.setattr(TeamFolderDialog, "exec", lambda d: opened.append(d.team_id()) or 0)
    window.home.teams.setCurrentRow(1)
    window.team_folder_action.trigger()
    assert opened == [w.team_id]


def test_a_new_laptop_s_empty_home_joins_the_team_from_its_shared_folder_by_keys(
    qtbot,
    laptops,
    monkeypatch,
    tmp_path,  # noqa: ANN001
) -> None:
    """The next facilitator's own laptop: the empty home screen's third choice opens the
    team folder window ready to join, its folder picker first; the team and its sessions
    arrive."""
    w = laptops
    w.run_session(w.a, "2026-03-02")
    w.sync(w.a)
    b = _window(qtbot, w.b, w.clock)
    home = b.home
    assert home.pages.currentIndex() == 0  # nothing here yet: the first-time choices
    assert home.join_button.isVisible()
    assert home.join_button.accessibleName() == "Join a team from its shared folder"
    captions: list[str] = []
    monkeypatch.setattr(
        "ui.file_dialogs.get_existing_folder",
        lambda _parent, caption, _start: captions.append(caption) or str(w.folder),
    )
    shown: list[TeamFolderDialog] = []
    monkeypatch.setattr(TeamFolderDialog, "exec", lambda d: shown.append(d) or d.show() or 0)
    home.demo_button.setFocus()
    order = []
    for _ in range(2):
        _press(qtbot, Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [home.plan_button, home.join_button]  # reached by Tab after the others
    _press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: captions == ["The team folder to join"])
    (dialog,) = shown
    # Joined: the cursor waits in this laptop's name, the others will see it in reports.
    assert QApplication.focusWidget() is dialog.laptop
    assert dialog.laptop.selectedText() == dialog.laptop.text() == "Laptop B"
    assert dialog.laptop_note.text().startswith("Other laptops see this one as “Laptop B”")
    _press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.laptop, "Bo's laptop")
    _press(qtbot, Qt.Key.Key_Return)
    assert team_folder.laptop_name(w.b) == "Bo's laptop"
    qtbot.waitUntil(lambda: dialog.team_id() == w.team_id)
    _settle(qtbot, b)
    assert "Added 1 session" in dialog.status.text()
    assert team_folder.folder_for(w.b, w.team_id) == w.folder.resolve()
    dialog.close()
    assert home.pages.currentIndex() == 1
    assert _titles(b) == ["Session 2026-03-02"]
    # Alt+J is the same choice, and a cancelled picker leaves the window open to try again.
    monkeypatch.setattr("ui.file_dialogs.get_existing_folder", lambda *_args: "")
    (tmp_path / "c").mkdir()
    c = make_laptops(tmp_path / "c")
    other = _window(qtbot, c.b, c.clock)
    shown.clear()
    _press(qtbot, Qt.Key.Key_J, ALT)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown[0].isVisible() and shown[0].team_id() is None
    assert other.home.pages.currentIndex() == 0


def test_a_read_only_home_does_not_offer_to_join(qtbot, laptops) -> None:  # noqa: ANN001
    w = laptops
    b = _window(qtbot, w.b, w.clock)
    b.home.set_read_only("the file is read-only")
    assert not b.home.join_button.isEnabled()


def _junk(folder: Path, n: int) -> None:
    """``n`` other laptops' sub-folders holding a file that is not a laptop's."""
    for i in range(n):
        (folder / f"{i:02d}c0ffee0c0ffee0c0ffee0c0ffee0c0ff").mkdir()
        (folder / f"{i:02d}c0ffee0c0ffee0c0ffee0c0ffee0c0ff" / "x.json").write_text("junk")


def _shown_to_the_cap(report: QScrollArea) -> bool:
    """The report shows every line it wraps to, or as many as its cap of lines (then it
    scrolls): its label's visible part, clipped by the report and the window, is that tall."""
    label = report.label  # type: ignore[attr-defined]
    need = label.heightForWidth(label.width())
    cap = REPORT_LINES * label.fontMetrics().lineSpacing()
    shown = label.visibleRegion().boundingRect().height()
    return shown >= min(need, cap)


@pytest.mark.parametrize("junk", [2, 6])
def test_what_the_link_s_first_sync_did_shows_whole_however_many_lines(
    qtbot,
    laptops,
    junk,  # noqa: ANN001
) -> None:
    """Linking to a folder with junk in other laptops' sub-folders: the report of the
    first sync grows the window to show it whole (up to its cap of lines, with a wide
    font that wraps every line), as a fresh one does."""
    w = laptops
    team_folder.unlink_folder(w.a, w.team_id)
    _junk(w.folder, junk)
    window = _window(qtbot, w.a, w.clock)
    dialog = TeamFolderDialog(
        w.a, window.sync_flow, w.team_id, ask_folder=lambda _caption: str(w.folder), parent=window
    )
    _show(qtbot, dialog)
    _press(qtbot, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: "Wrote " in dialog.status.text())
    lines = dialog.status.text().split("\n")
    assert lines[0].startswith("Added 0 sessions") and len(lines) == junk + 2
    qtbot.waitUntil(lambda: _shown_to_the_cap(dialog.report))  # once the window has grown
    assert dialog.frameGeometry().height() <= dialog.screen().availableGeometry().height()


def test_a_report_longer_than_the_screen_scrolls_and_the_window_stays_on_it(
    qtbot,
    laptops,  # noqa: ANN001
) -> None:
    w = laptops
    team_folder.unlink_folder(w.a, w.team_id)
    _junk(w.folder, 40)
    window = _window(qtbot, w.a, w.clock)
    dialog = TeamFolderDialog(
        w.a, window.sync_flow, w.team_id, ask_folder=lambda _caption: str(w.folder), parent=window
    )
    _show(qtbot, dialog)
    assert dialog.link_to(w.folder)
    qtbot.waitUntil(lambda: "Wrote " in dialog.status.text())
    QApplication.processEvents()
    bar = dialog.report.verticalScrollBar()
    assert bar.maximum() > 0  # it scrolls: every line can be reached
    assert bar.maximum() + dialog.report.viewport().height() >= dialog.status.height()
    assert dialog.frameGeometry().height() <= dialog.screen().availableGeometry().height()
    assert dialog.report.focusPolicy() == Qt.FocusPolicy.StrongFocus  # arrows scroll it


def _mnemonics(dialog: QDialog) -> list[str]:
    """The Alt+letter of every button and label in the window, shown or not; the standard
    Close button counts as "&Close", as some desktops (GNOME) name it."""
    texts = [
        "&Close" if b.text() == "Close" else b.text() for b in dialog.findChildren(QAbstractButton)
    ]
    texts += [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    return [m.lower() for text in texts for m in re.findall(r"(?<!&)&([^&\s])", text)]


def test_every_alt_letter_in_the_team_folder_windows_is_its_own(qtbot, laptops) -> None:  # noqa: ANN001
    w = laptops
    _conflict(w)
    window = _window(qtbot, w.a, w.clock)
    dialog = TeamFolderDialog(w.a, window.sync_flow, w.team_id, parent=window)
    _show(qtbot, dialog)
    letters = _mnemonics(dialog)
    assert len(letters) >= 9  # laptop, rename, team, link, sync, two laptops, unlink, join, close
    assert sorted(letters) == sorted(set(letters)), letters
    assert "w" in letters and "s" in letters
    conflicts = SyncConflictsDialog(w.a, w.team_id, clock=w.clock, parent=dialog)
    _show(qtbot, conflicts)
    letters = _mnemonics(conflicts)
    assert len(letters) >= 6  # items, kept, other version, copy, dismiss, close
    assert sorted(letters) == sorted(set(letters)), letters


def test_a_long_report_the_window_opens_with_shows_to_its_cap_once_shown(
    qtbot,
    laptops,  # noqa: ANN001
) -> None:
    """The last sync's report, long lines that wrap (a conflict's, a skipped file's), is
    shown whole when the window opens on it: fitted again at the window's own width, the
    window grows to it, and nothing hides under the buttons."""
    from facilitator.team_folder import SyncResult
    from ui.sync_flow import SYNCED, TeamStatus

    w = laptops
    window = _window(qtbot, w.a, w.clock)
    note = (
        "Person “Amara Okafor” was changed on vm and on Ann laptop A: kept the later change "
        "(from vm); the other change (from Ann laptop A) is kept for review"
    )
    result = SyncResult(str(w.folder), skipped=[note, note, note], published=8)
    window.sync_flow.statuses[w.team_id] = TeamStatus(SYNCED, "synced", result)
    dialog = TeamFolderDialog(w.a, window.sync_flow, w.team_id, parent=window)
    _show(qtbot, dialog)
    assert "Wrote 8 files" in dialog.status.text()
    qtbot.waitUntil(lambda: _shown_to_the_cap(dialog.report))
    report = dialog.report.geometry()
    assert report.bottom() < dialog.sync_button.geometry().top()


def test_a_folder_that_moved_is_linked_to_its_new_place_from_the_window(
    qtbot,
    laptops,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    w = laptops
    w.sync(w.a)
    window = _window(qtbot, w.a, w.clock)
    moved = tmp_path / "Moved team folder"
    w.folder.rename(moved)
    window.sync_flow.sync_team(w.team_id)
    qtbot.waitUntil(lambda: window.sync_flow.statuses[w.team_id].state == "missing")
    dialog = TeamFolderDialog(
        w.a, window.sync_flow, w.team_id, ask_folder=lambda _caption: str(moved), parent=window
    )
    _show(qtbot, dialog)
    assert dialog.link_button.isVisible() and dialog.link_button.text() == "Lin&k to its new place…"
    # The window says where to link it: here, not "File → Team folder…" (this very window).
    assert "link its new place with the button below" in dialog.status.text()
    dialog.link_button.click()
    qtbot.waitUntil(
        lambda: "Wrote " in dialog.status.text() or "up to date" in dialog.status.text()
    )
    assert team_folder.folder_for(w.a, w.team_id) == moved.resolve()
    assert not dialog.link_button.isVisible()


def test_alt_letters_in_the_team_list_press_the_window_s_buttons(
    qtbot,
    laptops,  # noqa: ANN001
) -> None:
    """Alt+letter with the focus in the team list: the button of that letter is pressed
    (the list does not swallow it), and Alt+L goes to this laptop's name."""
    w = laptops
    team_folder.unlink_folder(w.a, w.team_id)
    window = _window(qtbot, w.a, w.clock)
    asked: list[str] = []
    dialog = TeamFolderDialog(
        w.a, window.sync_flow, w.team_id, ask_folder=lambda c: asked.append(c) or "", parent=window
    )
    _show(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.team
    qtbot.keyClick(dialog.team, Qt.Key.Key_K, ALT)  # Lin&k to a folder…
    qtbot.waitUntil(lambda: len(asked) == 1)  # a button's mnemonic clicks it a moment later
    assert asked[0].startswith("The folder to share Ops")
    dialog.team.setFocus()
    qtbot.keyClick(dialog.team, Qt.Key.Key_L, ALT)  # This &laptop:
    assert QApplication.focusWidget() is dialog.laptop


def test_the_folder_picker_starts_beside_the_last_team_folder_not_inside_it(
    qtbot,
    laptops,  # noqa: ANN001
    monkeypatch,  # noqa: ANN001
    tmp_path_factory,  # noqa: ANN001
) -> None:
    # Inside the last one, the picker would offer one team's folder to the next team.
    from ui import file_dialogs
    from ui.screens import team_folder_dialog

    w = laptops
    window = _window(qtbot, w.a, w.clock)
    dialog = TeamFolderDialog(w.a, window.sync_flow, w.team_id, parent=window)
    _show(qtbot, dialog)
    starts: list[str] = []
    shared = tmp_path_factory.mktemp("OneDrive") / "Ops team"  # away from the database
    shared.mkdir()

    def pick(_parent, _caption, start):  # noqa: ANN001, ANN202
        starts.append(start)
        return str(shared)

    monkeypatch.setattr(file_dialogs, "get_existing_folder", pick)
    assert dialog._ask_folder("Link") == str(shared)
    dialog._ask_folder("Join")
    assert starts[1] == str(shared.parent.absolute())
    assert team_folder_dialog.PURPOSE == "team_folder"

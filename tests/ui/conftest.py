"""UI tests: Qt in test mode so no real settings are written; dialogs never block."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.shortcuts_dialog import ShortcutsDialog

QStandardPaths.setTestModeEnabled(True)


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """Record message boxes instead of showing them; a test may inspect ``shown``."""
    shown: list[tuple[str, str]] = []

    def fake(kind: str):  # noqa: ANN202
        def show(parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN202
            shown.append((title, text))
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("information", "warning", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake(kind)))
    # The F1 window too (its title and its list).
    monkeypatch.setattr(
        ShortcutsDialog, "exec", lambda dialog: shown.append((dialog.windowTitle(), dialog.html))
    )
    yield shown


@pytest.fixture
def answer(qtbot, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    """Answer the next message boxes by button text; records what each one said."""
    seen: list[str] = []
    replies: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append(f"{box.text()}\n{box.informativeText()}")
        if not replies:
            pytest.fail(f"unexpected dialog: {seen[-1]}")
        wanted = replies.pop(0)
        button = next(b for b in box.buttons() if b.text() == wanted)
        monkeypatch.setattr(box, "clickedButton", lambda: button)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return replies, seen


@pytest.fixture
def as_the_app_looks(qapp: QApplication) -> Iterator[None]:
    """The app's font, palette and style sheet (``theme.apply``), as the user sees them;
    the test process's own are put back after.

    The style is read with no style sheet set (else ``qapp.style()`` is the sheet's wrapper,
    deleted with the sheet) and put back by its name, unless an earlier test left the app's
    own style in force (``app.create_app``), which then stays."""
    from ui import theme

    font, palette, sheet = qapp.font(), qapp.palette(), qapp.styleSheet()
    qapp.setStyleSheet("")
    style_name = qapp.style().name()
    themed = isinstance(qapp.style(), theme.IndicatorFrames)
    theme.apply(qapp)
    yield
    qapp.setStyleSheet("")
    if not themed:
        qapp.setStyle(style_name)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)

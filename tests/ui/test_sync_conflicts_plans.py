"""Changed on two laptops, for the team's plans: an agenda template or the rotation rules
changed on both laptops (two databases, one folder) is listed as what it is ("Agenda
template “Weekly”", "The rotation rules", both "Plans of Ops"), and its two versions read
in plain words: the template's steps one a line (title, how people speak, how long, its
prompt as typed), the rules as the Roles screen says them; every field shows, what differs
in bold."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QPlainTextEdit

from facilitator import roster, team_folder
from facilitator.model import Phase, PhaseMode, RotationRules
from facilitator.store import team_folder as folder_store
from facilitator.store import templates
from tests.facilitator.team_folder_world import Laptops, make_laptops
from ui.screens.sync_conflicts import SyncConflictsDialog

NAME = "Weekly <b>retro</b> & co"  # shown exactly as typed: never read as markup
PROMPT = "How are you  today?\n  One word, please."


@pytest.fixture
def laptops(tmp_path: Path) -> Laptops:
    return make_laptops(tmp_path)


def _step(i: int, title: str, seconds: int, mode: PhaseMode, **more: object) -> Phase:
    return Phase("unsaved", i, title, seconds, mode, **more)  # type: ignore[arg-type]


def _template_conflict(w: Laptops) -> None:
    """The template changed offline on both laptops: B's change is the later, kept."""
    check_in = _step(0, "Check-in", 300, PhaseMode.OPEN, prompt=PROMPT)
    templates.save_template(w.a, w.team_id, NAME, [check_in], available_min=45)
    w.sync(w.a)
    team_folder.join_folder(w.b, w.folder, now=w.clock.now())
    w.sync(w.b)
    (tid,) = [t.id for t in templates.list_templates(w.a, w.team_id)]
    a_steps = [check_in, _step(1, "A's vote", 600, PhaseMode.SILENT)]
    b_steps = [
        check_in,
        _step(1, "Rounds", 360, PhaseMode.ROUND_ROBIN, per_speaker_s=60),
        _step(2, "B's pairs", 900, PhaseMode.PAIRS, group_title="Troika Consulting"),
    ]
    templates.save_template(w.a, w.team_id, NAME, a_steps, replace=True, available_min=45)
    templates.save_template(w.b, w.team_id, NAME, b_steps, replace=True, available_min=45)
    with w.a.write() as db:
        folder_store.set_changed_at(db, "agenda_templates", tid, "2026-03-02T10:00:00.000+00:00")
    with w.b.write() as db:
        folder_store.set_changed_at(db, "agenda_templates", tid, "2026-03-02T11:00:00.000+00:00")
    w.sync(w.a)
    w.sync(w.b)
    w.sync(w.a)


def _rules_conflict(w: Laptops) -> None:
    """The rules set on both before they met: A's (newcomers do not shadow) the later."""
    w.sync(w.a)
    team_folder.join_folder(w.b, w.folder, now=w.clock.now())
    w.sync(w.b)
    roster.set_rotation_rules(w.a, w.team_id, RotationRules(shadow_newcomers=False))
    roster.set_rotation_rules(w.b, w.team_id, RotationRules(shadow_newcomers=True))
    with w.a.write() as db:
        folder_store.set_changed_at(db, "rotation_rules", w.team_id, "2026-03-02T12:00:00+00:00")
    with w.b.write() as db:
        folder_store.set_changed_at(db, "rotation_rules", w.team_id, "2026-03-02T10:00:00+00:00")
    w.sync(w.b)
    w.sync(w.a)


def _bold(box: QPlainTextEdit) -> list[str]:
    """The lines of a version that stand out (in bold)."""
    out = []
    block = box.document().begin()
    while block.isValid():
        first = block.begin()
        if not first.atEnd() and first.fragment().charFormat().fontWeight() >= QFont.Weight.Bold:
            out.append(block.text())
        block = block.next()
    return out


def _dialog(qtbot, w: Laptops) -> SyncConflictsDialog:  # noqa: ANN001
    dialog = SyncConflictsDialog(w.a, w.team_id, clock=w.clock)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_template_changed_on_two_laptops_reads_as_a_template_with_its_steps(
    qtbot,
    laptops,  # noqa: ANN001
) -> None:
    w = laptops
    _template_conflict(w)
    dialog = _dialog(qtbot, w)
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text() == (
        f"Agenda template “{NAME}”\nPlans of Ops\nChanged on Laptop B and Laptop A"
    )
    assert dialog.where.text() == "Plans of Ops"
    assert dialog.differ.text() == "They differ in: Steps (in bold)."
    assert dialog.kept.toPlainText() == (
        f"Name: {NAME}\n"
        "Time available: 45 min\n"
        "Steps (3 steps, 26 min):\n"
        "    Check-in — Open discussion, 5 min\n"
        "        Prompt: How are you  today?\n"
        "          One word, please.\n"
        "    Rounds — Round-robin, 6 min (1:00 each)\n"
        "    Troika Consulting · B's pairs — Pairs, 15 min"
    )
    assert dialog.other.toPlainText() == (
        f"Name: {NAME}\n"
        "Time available: 45 min\n"
        "Steps (2 steps, 15 min):\n"
        "    Check-in — Open discussion, 5 min\n"
        "        Prompt: How are you  today?\n"
        "          One word, please.\n"
        "    A's vote — Silent writing, 10 min"
    )
    # What differs stands out: the steps only one version has, and the steps' count.
    assert _bold(dialog.kept) == [
        "Steps (3 steps, 26 min):",
        "    Rounds — Round-robin, 6 min (1:00 each)",
        "    Troika Consulting · B's pairs — Pairs, 15 min",
    ]
    assert _bold(dialog.other) == [
        "Steps (2 steps, 15 min):",
        "    A's vote — Silent writing, 10 min",
    ]
    assert "{" not in dialog.kept.toPlainText() + dialog.other.toPlainText()  # no raw data
    dialog.copy_other()
    assert QGuiApplication.clipboard().text() == dialog.other.toPlainText()


def test_the_rotation_rules_changed_on_two_laptops_read_as_the_roles_screen_says_them(
    qtbot,
    laptops,  # noqa: ANN001
) -> None:
    w = laptops
    _rules_conflict(w)
    dialog = _dialog(qtbot, w)
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text() == (
        "The rotation rules\nPlans of Ops\nChanged on Laptop A and Laptop B"
    )
    assert dialog.where.text() == "Plans of Ops"
    assert dialog.kept.toPlainText() == "Newcomers shadow before holding a role: no"
    assert dialog.other.toPlainText() == "Newcomers shadow before holding a role: yes"
    assert _bold(dialog.kept) == ["Newcomers shadow before holding a role: no"]
    assert _bold(dialog.other) == ["Newcomers shadow before holding a role: yes"]
    assert dialog.differ.text() == (
        "They differ in: Newcomers shadow before holding a role (in bold)."
    )
    assert "kept for review" in dialog.summary.text()


def test_an_action_changed_on_two_laptops_marks_nothing_in_bold(qtbot, laptops) -> None:  # noqa: ANN001
    """Other items show only the fields that differ, so none stands out from the rest."""
    from tests.ui.test_sync_dialogs import _conflict

    w = laptops
    _conflict(w)
    dialog = _dialog(qtbot, w)
    assert dialog.kept.toPlainText() == "Text: Email the supplier instead"
    assert _bold(dialog.kept) == [] and _bold(dialog.other) == []
    assert dialog.differ.text() == "They differ in: Text."


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_a_template_s_versions_fit_the_screen(qtbot, laptops, size) -> None:  # noqa: ANN001
    w = laptops
    _template_conflict(w)
    dialog = _dialog(qtbot, w)
    width, height = size
    hint = dialog.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height - 60  # a panel, a title bar
    assert dialog.width() <= width and dialog.height() <= height - 60
    shown = dialog.list.visualItemRect(dialog.list.item(0))
    assert shown.height() >= 3 * dialog.list.fontMetrics().lineSpacing()

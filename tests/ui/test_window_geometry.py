"""The main window opens to fit the screen and comes back where it was, on a screen that is
still there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QWidget

from ui.window_geometry import KEY, WindowGeometry, clamped, first_rect

LAPTOP = QRect(0, 0, 1366, 728)  # a 1366×768 screen less a 40-pixel task bar
PROJECTOR = QRect(1366, 0, 1920, 1080)


def test_the_first_start_takes_nine_tenths_of_a_roomy_free_area_centred() -> None:
    desk = QRect(0, 0, 1920, 1040)
    rect = first_rect(desk)
    assert (rect.width(), rect.height()) == (1728, 936)
    assert rect.center() == desk.center()
    assert desk.contains(rect)


def test_on_a_laptop_screen_the_first_start_takes_all_of_the_free_area() -> None:
    assert first_rect(LAPTOP) == LAPTOP
    assert first_rect(QRect(0, 0, 1280, 680)) == QRect(0, 0, 1280, 680)
    # wide but short: all of the height, nine tenths of the width
    assert first_rect(QRect(0, 0, 1920, 800)) == QRect(96, 0, 1728, 800)


def test_a_window_that_grows_past_the_screen_edge_moves_back_inside(qtbot, tmp_path) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    area = QGuiApplication.primaryScreen().availableGeometry()
    window = QWidget()
    qtbot.addWidget(window)
    WindowGeometry(window, settings(tmp_path)).restore()
    window.show()
    window.resize(area.width() - 200, 400)
    window.move(area.left() + 150, area.top() + 10)
    QApplication.processEvents()
    window.resize(area.width() - 100, 400)  # a screen with a wider minimum was shown
    qtbot.waitUntil(lambda: window.pos().x() + window.width() <= area.right() + 1)
    assert window.pos().x() == area.left() + 100


def test_a_window_off_every_screen_comes_back_on_the_primary() -> None:
    unplugged = QRect(3400, 200, 1000, 700)  # where a third monitor used to be
    assert clamped(unplugged, [LAPTOP, PROJECTOR], LAPTOP) == QRect(366, 28, 1000, 700)
    assert clamped(QRect(-2000, -900, 800, 600), [LAPTOP], LAPTOP) == QRect(0, 0, 800, 600)


def test_a_window_bigger_than_the_screen_shrinks_to_its_free_area() -> None:
    assert clamped(QRect(-10, -10, 1600, 900), [LAPTOP], LAPTOP) == LAPTOP


def test_a_window_half_off_the_right_edge_moves_back_inside() -> None:
    half_off = QRect(1000, 100, 700, 500)  # 366 px on the laptop, the rest beyond its edge
    assert clamped(half_off, [LAPTOP], LAPTOP) == QRect(666, 100, 700, 500)


def test_a_window_mostly_on_the_projector_stays_on_the_projector() -> None:
    assert clamped(QRect(1300, 50, 800, 600), [LAPTOP, PROJECTOR], LAPTOP) == QRect(
        1366, 50, 800, 600
    )


def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


def test_size_place_and_maximised_are_remembered_between_runs(qtbot, tmp_path: Path) -> None:
    first = QWidget()
    qtbot.addWidget(first)
    WindowGeometry(first, settings(tmp_path)).restore()
    first.show()
    first.resize(640, 420)
    first.move(30, 40)
    first.close()  # closing writes it down

    stored = settings(tmp_path)
    assert stored.value(f"{KEY}/rect") == QRect(first.pos(), first.size())
    again = QWidget()
    qtbot.addWidget(again)
    WindowGeometry(again, stored).restore()
    assert (again.pos(), again.size()) == (first.pos(), first.size())

    again.show()
    again.showMaximized()
    again.close()
    assert settings(tmp_path).value(f"{KEY}/maximized", type=bool) is True


def test_a_remembered_place_off_the_screens_is_brought_back(qtbot, tmp_path: Path) -> None:
    stored = settings(tmp_path)
    stored.setValue(f"{KEY}/rect", QRect(5000, 5000, 400, 300))
    window = QWidget()
    qtbot.addWidget(window)
    WindowGeometry(window, stored).restore()
    free = window.screen().availableGeometry()
    assert free.contains(QRect(window.pos(), window.size()))
    assert window.size().width() == 400


def test_moves_are_written_once_they_come_to_rest(qtbot, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    memory = WindowGeometry(window, settings(tmp_path))
    memory.restore()
    window.show()
    window.move(12, 34)
    assert memory._save_timer.isActive()  # debounced: not written at every step of a drag
    memory._save_timer.timeout.emit()
    assert settings(tmp_path).value(f"{KEY}/rect").topLeft() == window.pos()


def test_a_window_that_filled_the_screen_comes_back_filling_it(qtbot, tmp_path: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    area = QGuiApplication.primaryScreen().availableGeometry()
    first = QWidget()
    qtbot.addWidget(first)
    WindowGeometry(first, settings(tmp_path)).restore()
    first.show()
    frame = first.frameGeometry().height() - first.height()  # what this platform adds
    first.setGeometry(area.adjusted(0, frame, 0, 0))  # all of the free area, frame and all
    filled = first.size()
    first.close()
    again = QWidget()
    qtbot.addWidget(again)
    WindowGeometry(again, settings(tmp_path)).restore()
    assert again.size() == filled  # not a title bar's height shorter each start

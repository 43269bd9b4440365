"""The shipped chimes are real WAV files, and the player works without any audio device."""

from __future__ import annotations

import wave

import pytest

from facilitator.assets import resource_path
from facilitator.clock import FakeClock
from facilitator.timer import CueKind
from tests.facilitator.run_fixtures import make_session
from ui.screens.run import RunScreen
from ui.sound import NO_SOUND, SOUNDS, CuePlayer


@pytest.mark.parametrize("name", sorted(set(SOUNDS.values())))
def test_each_chime_is_a_short_wav(name) -> None:
    with wave.open(str(resource_path(f"sounds/{name}")), "rb") as wav:
        seconds = wav.getnframes() / wav.getframerate()
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        assert 0.3 < seconds < 3.0


def test_player_without_audio_stays_silent_and_says_why(qtbot) -> None:
    player = CuePlayer(enabled=False)
    assert not player.available and player.unavailable_reason
    assert player.play(CueKind.WARNING) is False
    assert player.played == ["warning"]
    player.set_muted(True)
    assert player.play(CueKind.TIME_UP) is False
    assert player.played == ["warning"]


def test_player_on_this_machine_never_raises(qtbot) -> None:
    player = CuePlayer()
    for kind in (CueKind.WARNING, CueKind.TIME_UP, CueKind.BREAK_DUE, "speaker", "nonsense"):
        player.play(kind)
    assert player.available in (True, False)


class _SpeakerPlayer(CuePlayer):
    """A player on a computer with a speaker."""

    @property
    def available(self) -> bool:
        return True


def test_without_a_sound_device_the_state_never_claims_sound(qtbot) -> None:
    player = CuePlayer(enabled=False)
    state = player.state()
    assert state.text == NO_SOUND == state.accessible_name
    assert not state.usable and not state.muted
    assert "Cues are shown on screen." in state.tooltip
    player.set_muted(True)  # a mute stored on another computer changes nothing here
    assert player.state() == state


def test_with_a_speaker_the_state_says_on_or_off(qtbot) -> None:
    player = _SpeakerPlayer()
    assert player.state().text == "Sound on  (M)" and player.state().usable
    player.set_muted(True)
    state = player.state()
    assert state.text == "Sound off  (M)" and state.muted
    assert state.accessible_name == "Unmute sound"


def test_run_screen_without_sound_says_so_on_its_sound_button(qtbot, fresh_db) -> None:
    session_id, _ = make_session(fresh_db, [60, 60])
    screen = RunScreen(fresh_db, session_id, clock=FakeClock(), player=CuePlayer(enabled=False))
    qtbot.addWidget(screen)
    button = screen.mute_button
    assert button.text() == "No sound on this computer"
    assert button.accessibleName() == "No sound on this computer"
    assert not button.isEnabled()
    assert "Cues are shown on screen." in button.toolTip()
    assert "Sound on" not in button.text()

"""The shipped chimes are real WAV files, and the player works without any audio device."""

from __future__ import annotations

import wave

import pytest

from facilitator.assets import resource_path
from facilitator.timer import CueKind
from ui.sound import SOUNDS, CuePlayer


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

"""Audible cues (warning, time up, speaker change, break) from the shipped chimes.

QtMultimedia is loaded on first use and may be missing or have no audio device (a
projector laptop without speakers, CI): then the player says so and stays silent, the run
screen's sound button reads "No sound on this computer" (``SoundState``) instead of claiming
sound, and every cue is still shown as text.

Signals:
    availability_did_change(bool): whether sound can be played at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QUrl, Signal

from facilitator.assets import resource_path
from facilitator.timer import CueKind

log = logging.getLogger(__name__)

SOUNDS = {
    CueKind.WARNING: "warning.wav",
    CueKind.TIME_UP: "time_up.wav",
    CueKind.BREAK_DUE: "break.wav",
    CueKind.SLOT_UP: "speaker.wav",
    "speaker": "speaker.wav",
}


NO_SOUND = "No sound on this computer"


@dataclass(frozen=True, slots=True)
class SoundState:
    """What the run screen's sound button says: its text, its name for a screen reader, its
    tooltip, whether it can be pressed (not when there is no sound at all) and pressed in."""

    text: str
    accessible_name: str
    tooltip: str
    usable: bool
    muted: bool


class CuePlayer(QObject):
    """Plays a chime per cue kind, unless muted or no audio is available."""

    availability_did_change = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self.muted = False
        self.played: list[str] = []  # what was (or would have been) played, in order
        self._effects: dict[str, object] = {}
        self.unavailable_reason = ""
        self._loaded = False
        self._enabled = enabled

    @property
    def available(self) -> bool:
        self._load()
        return not self.unavailable_reason

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if not self._enabled:
            self.unavailable_reason = "Sound is turned off for this window."
            return
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as exc:  # no multimedia libraries on this machine
            log.info("Sound unavailable: %s", exc)
            self.unavailable_reason = "This computer has no sound support for Facilitator."
            return
        if not QMediaDevices.audioOutputs():
            self.unavailable_reason = "No speaker or headphones were found."
            return
        for name in sorted(set(SOUNDS.values())):
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(resource_path(f"sounds/{name}"))))
            effect.setVolume(0.8)
            self._effects[name] = effect

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def state(self) -> SoundState:
        """The honest state of sound: on, off (muted) or none on this computer, whatever the
        stored mute setting says."""
        if not self.available:
            why = f"{self.unavailable_reason} Cues are shown on screen."
            return SoundState(NO_SOUND, NO_SOUND, why, usable=False, muted=False)
        tip = "Cues at warnings, time up and speaker changes (M)."
        if self.muted:
            return SoundState("Sound off  (M)", "Unmute sound", tip, usable=True, muted=True)
        return SoundState("Sound on  (M)", "Mute sound", tip, usable=True, muted=False)

    def play(self, kind: str) -> bool:
        """Play the chime for ``kind``; False when muted, unknown or no sound available."""
        name = SOUNDS.get(kind)
        if name is None or self.muted:
            return False
        self.played.append(str(kind))
        if not self.available:
            return False
        effect = self._effects.get(name)
        if effect is None:
            return False
        effect.play()  # type: ignore[attr-defined]
        return True

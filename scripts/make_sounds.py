"""Make the soft chimes the run screen plays (resources/sounds/*.wav), with only the
standard library: each note is a sine with a few overtones and a bell-like decay.

Run ``python scripts/make_sounds.py`` to regenerate them; the output is deterministic.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parents[1] / "resources" / "sounds"

# (frequency Hz, start s, length s) per note; quiet enough not to startle a room.
CHIMES = {
    "warning": [(659.25, 0.0, 0.9), (880.0, 0.22, 1.0)],                  # E5 A5: heads-up
    "time_up": [(880.0, 0.0, 0.9), (698.46, 0.25, 0.9), (523.25, 0.5, 1.3)],  # A5 F5 C5
    "speaker": [(783.99, 0.0, 0.7)],                                      # G5: pass it on
    "break": [(523.25, 0.0, 1.0), (659.25, 0.3, 1.0), (783.99, 0.6, 1.4)],  # C E G: rest
}
VOLUME = 0.35


def _note(freq: float, t: float, length: float) -> float:
    if t < 0 or t > length:
        return 0.0
    attack = min(1.0, t / 0.008)                       # no click at the start
    decay = math.exp(-4.0 * t / length)
    release = min(1.0, (length - t) / 0.05)            # no click at the end
    tone = (math.sin(2 * math.pi * freq * t)
            + 0.35 * math.sin(2 * math.pi * 2 * freq * t) * math.exp(-3 * t)
            + 0.12 * math.sin(2 * math.pi * 3.01 * freq * t) * math.exp(-6 * t))
    return attack * decay * release * tone / 1.47


def render(notes: list[tuple[float, float, float]]) -> bytes:
    total = max(start + length for _, start, length in notes)
    frames = bytearray()
    for i in range(int(total * RATE)):
        t = i / RATE
        value = sum(_note(f, t - start, length) for f, start, length in notes)
        sample = max(-1.0, min(1.0, VOLUME * value))
        frames += struct.pack("<h", round(sample * 32767))
    return bytes(frames)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, notes in CHIMES.items():
        with wave.open(str(OUT / f"{name}.wav"), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(render(notes))
        print(OUT / f"{name}.wav")


if __name__ == "__main__":
    main()

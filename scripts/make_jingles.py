#!/usr/bin/env python3
"""Synthesize the show's original sound assets into audio/.

intro.wav and outro.wav (jingles), bed.wav (a soft music bed that plays under
the moderator's opening and loops seamlessly) and stinger.wav (a short cue
between stories). Pure additive synthesis with the standard library: bell-like
tones on a C major pentatonic motif over soft pads. Deterministic, so re-running
it reproduces the committed files byte for byte.
Run: ``python scripts/make_jingles.py``.
"""

from __future__ import annotations

import argparse
import math
import wave
from array import array
from pathlib import Path

RATE = 44_100
PEAK = 0.5  # about -6 dBFS, leaving room for the voices' loudness

# (frequency ratio, relative amplitude, decay multiplier): a bell's slightly
# inharmonic upper partial makes it sound struck rather than played on an organ.
BELL_PARTIALS = ((1.0, 1.0, 1.0), (2.0, 0.35, 1.6), (3.0, 0.12, 2.2), (4.16, 0.06, 3.0))


C4, E4, G4 = 261.63, 329.63, 392.00
C5, D5, E5, G5, A5, C6 = 523.25, 587.33, 659.25, 783.99, 880.00, 1046.50


def render(
    seconds: float,
    bells: list[tuple[float, float, float]],
    pad: tuple[float, ...],
    pad_level: float,
) -> array:
    """bells: (start s, frequency Hz, decay time s); pad: chord frequencies."""
    n = int(seconds * RATE)
    out = [0.0] * n
    for start, freq, decay in bells:
        first = int(start * RATE)
        for ratio, amp, speed in BELL_PARTIALS:
            w = 2 * math.pi * freq * ratio / RATE
            tau = decay / speed
            for i in range(first, n):
                t = (i - first) / RATE
                env = math.exp(-t / tau) * min(1.0, t / 0.004)
                if t > 0.01 and env < 1e-4:  # past the attack, and died away
                    break
                out[i] += amp * env * math.sin(w * (i - first))
    for freq in pad:
        w = 2 * math.pi * freq / RATE
        for i in range(n):
            # A raised-sine swell that starts and ends at silence: no clicks.
            swell = math.sin(math.pi * i / n) ** 2
            out[i] += pad_level * swell * (math.sin(w * i) + 0.2 * math.sin(3 * w * i))
    peak = max(abs(x) for x in out) or 1.0
    fade = int(0.05 * RATE)
    for i in range(fade):
        out[n - 1 - i] *= i / fade
    return array("h", (round(32767 * PEAK * x / peak) for x in out))


def intro() -> array:
    motif = [(0.00, E5, 0.9), (0.22, G5, 0.9), (0.44, A5, 0.9), (0.66, C6, 1.6),
             (0.66, C5, 1.6), (1.40, G5, 1.2), (1.62, C6, 1.8)]  # fmt: skip
    return render(3.6, motif, (C4, E4, G4), 0.18)


def outro() -> array:
    motif = [(0.00, C6, 0.9), (0.22, A5, 0.9), (0.44, G5, 0.9), (0.66, E5, 1.0),
             (0.95, D5, 1.0), (1.25, C5, 2.0), (1.25, G4, 2.0)]  # fmt: skip
    return render(3.2, motif, (C4, G4), 0.15)


def bed() -> array:
    """A 16 s pad (C - Am - F - G) whose ends meet, so it loops without a seam."""
    seconds, n = 16.0, int(16.0 * RATE)
    chords = [(C4, E4, G4), (220.00, C4, E4), (174.61, 220.00, C4), (196.00, 246.94, 293.66)]
    out = [0.0] * n
    bar = n // len(chords)
    for index, chord in enumerate(chords):
        for freq in chord:
            w = 2 * math.pi * freq / RATE
            for i in range(bar):
                # Each bar swells in and out, so bar joins (and the loop point) are silent-soft.
                env = math.sin(math.pi * i / bar) ** 2
                t = index * bar + i
                out[t] += env * (math.sin(w * t) + 0.15 * math.sin(2 * w * t))
    # A quiet pulse of plucks keeps the bed moving without drawing attention.
    for beat in range(int(seconds * 2)):
        start = int(beat * RATE / 2)
        freq = (C5, E5, G5, A5)[beat % 4]
        w = 2 * math.pi * freq / RATE
        for i in range(int(0.4 * RATE)):
            if start + i >= n:
                break
            out[start + i] += 0.25 * math.exp(-i / (0.08 * RATE)) * math.sin(w * i)
    peak = max(abs(x) for x in out) or 1.0
    return array("h", (round(32767 * PEAK * x / peak) for x in out))


def stinger() -> array:
    motif = [(0.00, G5, 0.5), (0.10, C6, 0.9), (0.10, E5, 0.9)]
    return render(1.2, motif, (), 0.0)


def write(path: Path, samples: array) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(samples.tobytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent / "audio"
    parser.add_argument("--out", type=Path, default=default, help="folder to write into")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    made = (("intro.wav", intro), ("outro.wav", outro), ("bed.wav", bed), ("stinger.wav", stinger))
    for name, make in made:
        write(args.out / name, make())
        print(args.out / name)


if __name__ == "__main__":
    main()

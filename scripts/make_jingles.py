#!/usr/bin/env python3
"""Synthesize the show's original jingles into audio/ (intro.wav, outro.wav).

Pure additive synthesis with the standard library: bell-like tones on a C major
pentatonic motif over a soft pad. Deterministic, so re-running it reproduces
the committed files byte for byte. Run: ``python scripts/make_jingles.py``.
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
                if env < 1e-4:
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
    for name, make in (("intro.wav", intro), ("outro.wav", outro)):
        write(args.out / name, make())
        print(args.out / name)


if __name__ == "__main__":
    main()

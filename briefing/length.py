"""How long words take to say: the one estimate behind every planned length.

The edition planner fits stories to a target, the room spaces its recaps, and
the quality gate refuses audio far shorter than its words. All of them count
seconds the same way, from the spoken form (numbers and abbreviations said out)
and the speaking rate of the engine that will say it (``Engine.chars_per_second``).
"""

from __future__ import annotations

# Characters of spoken form a second, for an engine that does not say: Google's
# Indonesian voice at normal speed. espeak-ng measures 14.5 at the roles' rates.
DEFAULT_RATE = 15.0


def speaking_seconds(spoken: str, rate: float = DEFAULT_RATE) -> float:
    """How long an engine speaking ``rate`` characters a second takes to say ``spoken``."""
    return len(spoken) / rate

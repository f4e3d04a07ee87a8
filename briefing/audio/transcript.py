"""Transcripts and chapters written from the exact line timings of the finished episode.

WebVTT (speaker names in ``<v Name>``), SRT, the Podcasting 2.0 JSON transcript
(``{"version": "1.0.0", "segments": [...]}``) and Podcasting 2.0 chapters JSON
(``{"version": "1.2.0", "chapters": [...]}``). Apple does not transcribe
Indonesian by itself, so these are the only transcript listeners get.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from briefing.models import Chapter, Timing


def _clock(seconds: float, decimal: str) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{decimal}{millis:03d}"


def _speaker(timing: Timing, speakers: Mapping[str, str]) -> str:
    return speakers.get(timing.line.role, timing.line.role.capitalize())


def _vtt_text(text: str) -> str:
    # Cue text is HTML-like: these three must be escaped.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(timings: Sequence[Timing], speakers: Mapping[str, str]) -> str:
    lines = ["WEBVTT", ""]
    for number, t in enumerate(timings, start=1):
        voice = _vtt_text(_speaker(t, speakers)).replace(">", "")
        lines += [
            str(number),
            f"{_clock(t.start, '.')} --> {_clock(t.end, '.')}",
            f"<v {voice}>{_vtt_text(t.line.text)}",
            "",
        ]
    return "\n".join(lines)


def srt(timings: Sequence[Timing], speakers: Mapping[str, str]) -> str:
    blocks = []
    for number, t in enumerate(timings, start=1):
        blocks.append(
            f"{number}\n{_clock(t.start, ',')} --> {_clock(t.end, ',')}\n"
            f"{_speaker(t, speakers)}: {t.line.text}\n"
        )
    return "\n".join(blocks)


def transcript_json(timings: Sequence[Timing], speakers: Mapping[str, str]) -> str:
    segments = [
        {
            "speaker": _speaker(t, speakers),
            "startTime": round(t.start, 3),
            "endTime": round(t.end, 3),
            "body": t.line.text,
        }
        for t in timings
    ]
    return json.dumps({"version": "1.0.0", "segments": segments}, ensure_ascii=False, indent=1)


def chapters_json(chapters: Sequence[Chapter]) -> str:
    items = [{"startTime": round(c.start, 3), "title": c.title} for c in chapters]
    return json.dumps({"version": "1.2.0", "chapters": items}, ensure_ascii=False, indent=1)

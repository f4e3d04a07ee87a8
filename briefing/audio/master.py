"""Encode the assembled timeline as the episode's MP3.

CBR MP3, mono, 44.1 kHz; 96 kbps by default, inside Apple's 96-128 kbps
recommendation for spoken word.
"""

from __future__ import annotations

from pathlib import Path

from briefing.errors import AudioError
from briefing.ffmpeg import audio_segment
from briefing.models import Master


def encode_mp3(master: Master, path: Path, bitrate: str = "96k") -> Path:
    """Write ``master`` to ``path`` as MP3 and return the path."""
    segment = audio_segment()(data=master.pcm, sample_width=2, frame_rate=master.rate, channels=1)
    try:
        handle = segment.export(
            str(path),
            format="mp3",
            codec="libmp3lame",
            bitrate=bitrate,
            parameters=["-ar", str(master.rate), "-ac", "1"],
        )
        handle.close()  # pydub returns the open output file
    except Exception as exc:  # pydub raises CouldntEncodeError or OSError
        raise AudioError(f"MP3 encoding failed: {str(exc).splitlines()[0]}") from exc
    if not path.is_file() or path.stat().st_size == 0:
        raise AudioError("MP3 encoding produced no file")
    return path

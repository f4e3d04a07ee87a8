"""ID3v2.3 tags for the episode MP3 (v2.3 because Apple's tools read it most reliably):
title, artist, album, date, language, description, cover art and chapters."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TLAN,
    TPE1,
    CTOCFlags,
    ID3NoHeaderError,
)

from briefing.errors import AudioError
from briefing.models import Chapter, Script
from briefing.settings import Identity


def write_tags(
    path: Path,
    script: Script,
    identity: Identity,
    cover: bytes | None,
    cover_mime: str = "image/png",
    chapters: Sequence[Chapter] = (),
) -> None:
    try:
        tags = ID3(str(path))
    except ID3NoHeaderError:
        tags = ID3()
    tags.add(TIT2(encoding=3, text=script.title))
    tags.add(TPE1(encoding=3, text=identity.author))
    tags.add(TALB(encoding=3, text=identity.name))
    tags.add(TDRC(encoding=3, text=script.date.isoformat()))
    tags.add(TLAN(encoding=3, text="ind"))  # ISO 639-2 for Indonesian
    tags.add(TCON(encoding=3, text="Podcast"))
    tags.add(COMM(encoding=3, lang="ind", desc="", text=script.description))
    if cover:
        tags.add(APIC(encoding=3, mime=cover_mime, type=3, desc="Cover", data=cover))
    # Chapters are replaced whole: a re-tagged file keeps none of its old ones.
    tags.delall("CHAP")
    tags.delall("CTOC")
    if chapters:
        # ID3v2 chapters: one CHAP per chapter (times in ms), listed in order by a CTOC.
        ids = _element_ids([chapter.title for chapter in chapters])
        toc_flags = CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
        toc_title = [TIT2(encoding=3, text="Bab")]
        tags.add(
            CTOC(element_id="toc", flags=toc_flags, child_element_ids=ids, sub_frames=toc_title)
        )
        for element, chapter in zip(ids, chapters, strict=True):
            tags.add(
                CHAP(
                    element_id=element,
                    start_time=round(chapter.start * 1000),
                    end_time=round(chapter.end * 1000),
                    sub_frames=[TIT2(encoding=3, text=chapter.title)],
                )
            )
    try:
        tags.save(str(path), v2_version=3)
    except OSError as exc:
        raise AudioError(f"cannot write tags to {path}: {exc}") from exc


def _element_ids(titles: Sequence[str]) -> list[str]:
    """CHAP element ids ("chp0", "chp1__", ...) that keep the frames in time order.

    mutagen writes frames of one kind shortest first, and ffprobe and many players
    list chapters in the file's order rather than the CTOC's. A CHAP frame's size is
    its id, its title and a fixed part, so ids padded until each frame is longer
    than the one before keep the file's order the chapters' order.
    """
    ids: list[str] = []
    last = -1
    for i, title in enumerate(titles):
        element = f"chp{i}"
        # Saved as ID3v2.3, a title is UTF-16 with its byte-order mark.
        size = len(element) + len(title.encode("utf-16"))
        if size <= last:
            element += "_" * (last - size + 1)
            size = last + 1
        ids.append(element)
        last = size
    return ids

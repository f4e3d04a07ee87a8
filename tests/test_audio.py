"""The audio stage on clips whose content we know: each line is a tone of its own pitch,
so where a line sits in the finished MP3 can be checked against the audio itself."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from briefing import ffmpeg
from briefing.audio.assets import default_assets
from briefing.audio.master import (
    ALEXA,
    PODCAST,
    Job,
    Measurement,
    check_quality,
    master_renditions,
)
from briefing.audio.mix import DUCK_DB, _mix_bed, assemble
from briefing.audio.tags import write_tags
from briefing.audio.transcript import chapters_json, srt, transcript_json, webvtt
from briefing.errors import AudioError
from briefing.models import Chapter, Clip, Line, Master, Script
from briefing.settings import load_show
from tests.conftest import tone_wav

SHOW = load_show(None)
RATE = 44_100
CHAPTERS = ["Pembuka", "Kabar satu", "Kabar dua", "Penutup"]
ROLES = ["moderator", "reporter", "reporter", "analyst", "moderator", "quote", "moderator"]


def _lines() -> list[tuple[Line, float]]:
    """Seven lines over four chapters, each a tone of a distinct frequency."""
    layout = [0, 0, 1, 1, 2, 2, 3]
    return [
        (Line(role, f"Kalimat {i} di {CHAPTERS[c]}.", CHAPTERS[c]), 300.0 + 110 * i)
        for i, (role, c) in enumerate(zip(ROLES, layout, strict=True))
    ]


def _clips(folder: Path, silent_at: int | None = None, empty_at: int | None = None) -> list[Clip]:
    clips = []
    for i, (line, freq) in enumerate(_lines()):
        path = folder / f"clip{i}.wav"
        data = tone_wav(1.5 + 0.1 * i, freq)
        if i == silent_at:
            data = tone_wav(5.0, freq)[:44] + bytes(2 * 22_050 * 5)  # 5 s of digital silence
        if i == empty_at:
            data = tone_wav(0.0, freq)
        path.write_bytes(data)
        clips.append(Clip(line=line, path=path, engine="tone"))
    return clips


def _dominant(pcm: np.ndarray, start: float, end: float) -> float:
    window = pcm[int(start * RATE) : int(end * RATE)]
    spectrum = np.abs(np.fft.rfft(window * np.hanning(len(window))))
    return float(np.fft.rfftfreq(len(window), 1 / RATE)[int(np.argmax(spectrum))])


@pytest.fixture(scope="module")
def episode(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Master, dict[str, Path], dict[str, Measurement]]:
    folder = tmp_path_factory.mktemp("episode")
    master = assemble(_clips(folder), default_assets(), folder)
    jobs = [Job(r, folder / f"{r.name}.mp3", r.bitrate) for r in (PODCAST, ALEXA)]
    measured = master_renditions(master, jobs)
    return master, {job.rendition.name: job.path for job in jobs}, measured


def _ebur128(path: Path) -> tuple[float, float]:
    log = ffmpeg.run_for_log(["-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"])
    summary = log[log.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary)
    assert integrated and peak
    return float(integrated[1]), float(peak[1])


def test_both_renditions_meet_their_loudness_targets(episode: tuple) -> None:
    _, files, _ = episode
    loudness, peak = _ebur128(files["podcast"])
    assert -17.0 <= loudness <= -15.0 and peak <= -1.0
    loudness, peak = _ebur128(files["alexa"])
    assert -15.0 <= loudness <= -13.0 and peak <= -2.0


def test_encoding_is_cbr_mono_44k_at_each_renditions_bitrate(episode: tuple) -> None:
    from mutagen.mp3 import MP3, BitrateMode

    _, files, _ = episode
    for name, kbps in (("podcast", 96), ("alexa", 256)):
        info = MP3(files[name]).info
        assert (info.sample_rate, info.channels, info.bitrate) == (44100, 1, kbps * 1000)
        assert info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN)


def test_every_line_sits_in_the_mp3_where_the_timings_say(episode: tuple) -> None:
    master, files, _ = episode
    pcm = np.frombuffer(ffmpeg.decode_pcm(files["podcast"]), dtype="<i2").astype(np.float64)
    for timing, (_, freq) in zip(master.timings, _lines(), strict=True):
        # The middle of each cue holds that line's tone, and nothing else's.
        assert _dominant(pcm, timing.start + 0.2, timing.end - 0.2) == pytest.approx(freq, abs=3)
        # And the cue hugs the clip: the tone stops within 50 ms of the cue's end.
        after = pcm[int((timing.end + 0.05) * RATE) : int((timing.end + 0.15) * RATE)]
        assert np.sqrt(np.mean(after**2)) < 0.2 * np.sqrt(np.mean(
            pcm[int(timing.start * RATE) : int(timing.end * RATE)] ** 2))  # fmt: skip


def test_vtt_cues_are_the_clip_positions(episode: tuple) -> None:
    master, _, _ = episode
    vtt = webvtt(
        master.timings, SHOW.room.roles and {r: SHOW.role(r).name for r in SHOW.room.roles}
    )
    cues = re.findall(
        r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})\n<v ([^>]+)>(.*)", vtt
    )
    assert vtt.startswith("WEBVTT\n")
    assert len(cues) == len(master.timings)
    for cue, timing in zip(cues, master.timings, strict=True):
        h, m, s, ms, h2, m2, s2, ms2, speaker, text = cue
        start = int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000
        end = int(h2) * 3600 + int(m2) * 60 + int(s2) + int(ms2) / 1000
        assert start == pytest.approx(timing.start, abs=0.001)
        assert end == pytest.approx(timing.end, abs=0.001)
        assert speaker == SHOW.role(timing.line.role).name and text == timing.line.text


def test_id3_chapters_are_readable_and_where_the_stingers_are(
    episode: tuple, tmp_path: Path
) -> None:
    master, files, _ = episode
    script = Script("uji", "Uji", "Deskripsi.", __import__("datetime").date(2026, 11, 24),
                    __import__("datetime").datetime(2026, 11, 24, 6, tzinfo=SHOW.zone), ())  # fmt: skip
    write_tags(
        files["podcast"],
        script,
        SHOW.identity,
        b"\x89PNG\r\n\x1a\nfake",
        "image/png",
        master.chapters,
    )
    tags = ID3(files["podcast"])
    assert tags.version == (2, 3, 0)
    (toc,) = tags.getall("CTOC")
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    ordered = [chaps[i] for i in toc.child_element_ids]
    assert [str(c.sub_frames["TIT2"]) for c in ordered] == CHAPTERS
    pcm = np.frombuffer(ffmpeg.decode_pcm(files["podcast"]), dtype="<i2").astype(np.float64)
    for chap, chapter in zip(ordered, master.chapters, strict=True):
        assert chap.start_time == pytest.approx(chapter.start * 1000, abs=1)
        assert chap.end_time == pytest.approx(chapter.end * 1000, abs=1)
        if chapter.start > 0:
            # A chapter starts where its stinger starts: silence before, sound within 50 ms.
            before = pcm[int((chapter.start - 0.15) * RATE) : int((chapter.start - 0.01) * RATE)]
            after = pcm[int(chapter.start * RATE) : int((chapter.start + 0.05) * RATE)]
            assert np.abs(before).max() < 50 < np.abs(after).max()
    assert ordered[-1].end_time == pytest.approx(master.duration * 1000, abs=1)
    # The frames themselves are in time order: ffmpeg lists chapters as the file has them.
    listed = ffmpeg.run(["-i", str(files["podcast"]), "-f", "ffmetadata", "-"]).decode("utf-8")
    assert re.findall(r"^title=(.*)$", listed.split("[CHAPTER]", 1)[1], re.M) == CHAPTERS


@pytest.mark.parametrize(
    "titles",
    [
        ["Penutup panjang sekali di awal", "A", "Bb", "Kabar tentang harga cabai", "Z"],
        ["Pembuka", "Kabar satu", "Kabar dua", "Penutup"],
        ["Ñandú €", "Kabar", "Kabar é", "K"],
    ],
)
def test_chapter_frames_are_written_in_time_order(
    episode: tuple, tmp_path: Path, titles: list[str]
) -> None:
    _, files, _ = episode
    copy = tmp_path / "bab.mp3"
    copy.write_bytes(files["podcast"].read_bytes())
    chapters = [Chapter(t, 10.0 * i, 10.0 * (i + 1)) for i, t in enumerate(titles)]
    script = Script("uji", "Uji", "D.", __import__("datetime").date(2026, 11, 24),
                    __import__("datetime").datetime(2026, 11, 24, 6, tzinfo=SHOW.zone), ())  # fmt: skip
    write_tags(copy, script, SHOW.identity, None, "image/png", chapters)
    # mutagen reads frames in file order.
    assert [str(c.sub_frames["TIT2"]) for c in ID3(copy).getall("CHAP")] == titles


def test_transcript_and_chapter_json_follow_podcasting_2_0(episode: tuple) -> None:
    master, _, _ = episode
    speakers = {r: SHOW.role(r).name for r in SHOW.room.roles}
    doc = json.loads(transcript_json(master.timings, speakers))
    assert doc["version"] == "1.0.0"
    assert doc["segments"][0] == {
        "speaker": "Rina",
        "startTime": round(master.timings[0].start, 3),
        "endTime": round(master.timings[0].end, 3),
        "body": "Kalimat 0 di Pembuka.",
    }
    chapters = json.loads(chapters_json(master.chapters))
    assert chapters["version"] == "1.2.0"
    starts = [c["startTime"] for c in chapters["chapters"]]
    assert starts == sorted(starts) and starts[0] == 0
    assert [c["title"] for c in chapters["chapters"]] == CHAPTERS
    first = srt(master.timings, speakers).split("\n\n")[0]
    assert re.fullmatch(
        r"1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\nRina: Kalimat 0 di Pembuka\.", first
    )


def test_the_bed_is_ducked_15_db_under_speech() -> None:
    rate = RATE
    speech = bytes(2 * rate * 10)  # 10 s of silent "speech", so only the bed is heard
    bed = default_assets().bed

    def mix(spans: list[tuple[int, int]]) -> np.ndarray:
        return np.frombuffer(_mix_bed(speech, spans, bed, rate), dtype="<i2").astype(float)

    # The same bed with and without a speaker, compared over the same stretches of time.
    ducked, free = mix([(3 * rate, 6 * rate)]), mix([])

    def drop(a: float, b: float) -> float:
        part = slice(int(a * rate), int(b * rate))
        return float(10 * np.log10(np.mean(free[part] ** 2) / np.mean(ducked[part] ** 2)))

    assert drop(3.4, 5.6) == pytest.approx(-DUCK_DB, abs=1.0)  # under speech
    assert drop(1.0, 2.6) == pytest.approx(0, abs=0.5)  # before it
    assert drop(6.4, 8.5) == pytest.approx(0, abs=0.5)  # and back up after it
    assert 0 < drop(2.75, 2.95) < -DUCK_DB  # ramping down, not a jump
    assert (
        np.abs(free[: int(0.01 * rate)]).max() < np.abs(free[rate : 2 * rate]).max() / 10
    )  # fades in


def test_the_gate_refuses_a_silent_clip(tmp_path: Path) -> None:
    master = assemble(_clips(tmp_path, silent_at=3), default_assets(), tmp_path)
    measured = master_renditions(master, [Job(PODCAST, tmp_path / "silent.mp3", 96)])
    with pytest.raises(AudioError, match=r"quality gate refused the podcast rendition: .*silence"):
        check_quality(measured["podcast"], PODCAST, master, predicted_seconds=10)


def test_a_long_first_chapter_keeps_the_bed_to_its_opening_lines(tmp_path: Path) -> None:
    from briefing.audio.mix import BED_MAX_LINES

    tone = tmp_path / "tone.wav"
    tone.write_bytes(tone_wav(1.0, 440.0))
    clips = [Clip(Line("reporter", f"Baris {i}.", "Satu bab"), tone, "tone") for i in range(30)]
    master = assemble(clips, default_assets(), tmp_path)
    assert len(master.timings) == 30 and [c.title for c in master.chapters] == ["Satu bab"]
    pcm = np.frombuffer(master.path.read_bytes(), dtype="<i2").astype(float)
    # Between the late lines there is true silence: no bed under them.
    gap = master.timings[BED_MAX_LINES + 5]
    quiet = pcm[int((gap.end + 0.02) * RATE) : int((gap.end + 0.2) * RATE)]
    assert np.abs(quiet).max() == 0
    early = master.timings[2]
    assert np.abs(pcm[int((early.end + 0.02) * RATE) : int((early.end + 0.2) * RATE)]).max() > 0


def test_a_zero_length_clip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="empty or too short"):
        assemble(_clips(tmp_path, empty_at=4), default_assets(), tmp_path)


def test_the_gate_refuses_short_clipped_and_off_target_audio(episode: tuple) -> None:
    master, _, measured = episode
    good = measured["podcast"]
    check_quality(good, PODCAST, master, predicted_seconds=master.duration)  # passes
    with pytest.raises(AudioError, match="its script predicts about"):
        check_quality(good, PODCAST, master, predicted_seconds=master.duration * 3)
    with pytest.raises(AudioError, match=r"loudness -19\.0 LUFS misses -16"):
        check_quality(Measurement(-19.0, -3, 5, master.duration, 0, None), PODCAST, master, 1)
    with pytest.raises(AudioError, match=r"true peak -0\.5 dBTP is over -1"):
        check_quality(Measurement(-16.0, -0.5, 5, master.duration, 0, None), PODCAST, master, 1)
    clipped = Master(master.path, master.rate, master.samples, master.timings, master.chapters, 500)
    with pytest.raises(AudioError, match="it clips"):
        check_quality(good, PODCAST, clipped, 1)


def test_clipping_in_a_clip_is_counted(tmp_path: Path) -> None:
    """A clip at the timeline's rate reaches it sample for sample, whatever ffmpeg's
    resampler (the wheel's and Debian's round differently): its flat tops are all
    counted."""
    from briefing.audio.mix import _clipped_runs

    clips = _clips(tmp_path)
    loud = np.clip(np.sin(np.arange(RATE * 2) / 5) * 60_000, -32768, 32767).astype("<i2")
    clips[2].path.write_bytes(ffmpeg.wav_bytes(loud.tobytes(), RATE))
    expected = _clipped_runs(loud.tobytes())
    master = assemble(clips, default_assets(), tmp_path)
    assert expected > 2000  # every half-period of the sine is flat-topped
    assert expected <= master.clipped_runs <= expected + 2


def test_clips_are_decoded_in_batches_with_exact_boundaries(tmp_path: Path) -> None:
    """Plain WAVs at another rate are resampled together, one ffmpeg per rate, and
    cut where each one ends; other formats are decoded together: the result is what
    decoding each clip alone gives, to the sample (give or take one)."""
    from briefing.audio.mix import _decode_batch

    clips = _clips(tmp_path)
    mp3 = tmp_path / "clip.mp3"
    mp3.write_bytes(ffmpeg.run(["-i", str(clips[2].path), "-c:a", "libmp3lame", "-f", "mp3",
                                "pipe:1"]))  # fmt: skip
    clips[2] = Clip(clips[2].line, mp3, "tone")
    together = _decode_batch(clips, RATE)
    for clip, pcm in zip(clips, together, strict=True):
        alone = ffmpeg.decode_pcm(clip.path, RATE)
        assert abs(len(pcm) - len(alone)) <= 2, clip.path.name
    # Each piece holds its own tone only: nothing of a neighbour leaked across a cut.
    for (_, freq), pcm in zip(_lines(), together, strict=True):
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
        assert _dominant(samples, 0.1, len(samples) / RATE - 0.1) == pytest.approx(freq, abs=3)


def test_a_clip_that_does_not_decode_is_named(tmp_path: Path) -> None:
    clips = _clips(tmp_path)
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"ID3" + bytes(64) + b"not audio at all" * 50)
    clips[4] = Clip(clips[4].line, broken, "tone")
    with pytest.raises(AudioError, match=r"cannot decode the clip for moderator: 'Kalimat 4"):
        assemble(clips, default_assets(), tmp_path)


def test_briefing_ffmpeg_chooses_the_binary(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """$BRIEFING_FFMPEG picks the ffmpeg (CI runs the audio tests with two); a wrong
    one is a one-line error, not a crash at the first clip."""
    wheel = ffmpeg.ffmpeg_path()
    monkeypatch.setenv(ffmpeg.FFMPEG_VARIABLE, str(tmp_path / "nowhere" / "ffmpeg"))
    ffmpeg.ffmpeg_path.cache_clear()
    try:
        with pytest.raises(AudioError, match=r"BRIEFING_FFMPEG=.*nowhere/ffmpeg is not an ffmpeg"):
            ffmpeg.ffmpeg_path()
        monkeypatch.setenv(ffmpeg.FFMPEG_VARIABLE, wheel)
        ffmpeg.ffmpeg_path.cache_clear()
        assert ffmpeg.ffmpeg_path() == wheel
        assert len(ffmpeg.decode_pcm(tone_wav(0.5), rate=8000)) == 8000
    finally:
        ffmpeg.ffmpeg_path.cache_clear()

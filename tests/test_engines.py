"""The engine seam: plugins from entry points, `briefing voices`, and the clip cache commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import responses
from click.testing import CliRunner

from briefing.cli import cli
from briefing.errors import EngineUnavailableError
from briefing.speech.engine import available_engines
from tests.conftest import KOMPAS
from tests.edge_service import edge_service


@pytest.fixture
def tone_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An installed distribution declaring a `briefing.engines` entry point."""
    dist = tmp_path / "site" / "briefing_tone-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: briefing-tone\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[briefing.engines]\ntone = tests.fake_engine:create\nold = tests.fake_engine:create_old\n"
        # A plugin that takes a built-in's name does not replace it.
        "espeak = tests.fake_engine:create\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "site"))


@pytest.mark.slow
def test_a_plugin_engine_is_found_and_can_speak_an_episode(
    tone_plugin: None, tmp_path: Path, runner: CliRunner
) -> None:
    assert "tone" in available_engines()
    show = tmp_path / "show.toml"
    show.write_text('[speech]\nengines = ["tone"]\n')
    out = tmp_path / "public"
    result = runner.invoke(
        cli, ["make", str(KOMPAS), "--show", str(show), "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["engines"] == ["tone"]


def test_an_unknown_engine_in_the_show_is_a_clear_error(tmp_path: Path, runner: CliRunner) -> None:
    show = tmp_path / "show.toml"
    show.write_text('[speech]\nengines = ["nonexistent"]\n')
    result = runner.invoke(
        cli, ["make", str(KOMPAS), "--show", str(show), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: unknown speech engine 'nonexistent' (known: edge, espeak, gtts"
    )


def test_voices_lists_engines_availability_voices_and_roles(
    runner: CliRunner, tmp_path: Path
) -> None:
    show = tmp_path / "show.toml"
    with edge_service() as edge, responses.RequestsMock() as mock:
        show.write_text(f'[speech]\nedge_endpoint = "{edge.url}"\n')
        mock.add(responses.HEAD, "https://translate.google.com/", status=200)
        result = runner.invoke(cli, ["voices", "--show", str(show)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "espeak (espeak-ng 1.52" in out and "): available" in out
    assert "gtts (gtts 2.5" in out
    assert "edge (edge-tts 7." in out and "id-ID-GadisNeural, id-ID-ArdiNeural" in out
    assert "voice=id-ID-ArdiNeural rate=5 pitch=0" in out  # the reporter
    assert "id+f4" in out and "id+m3" in out
    assert "moderator  Rina" in out and "tld=co.id" in out and "pitch=-5" in out
    assert "Preview a voice: briefing voices --preview" in out
    assert "unavailable" not in out


def test_voices_says_when_google_cannot_be_reached(runner: CliRunner, google_down: object) -> None:
    result = runner.invoke(cli, ["voices"])
    assert result.exit_code == 0
    assert "gtts (gtts 2.5.4 fx1): unavailable: Google cannot be reached" in result.stdout


def test_preview_writes_a_playable_sample(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "sample.wav"
    result = runner.invoke(
        cli, ["voices", "--preview", "quote", "--engine", "espeak", "-o", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Preview: {target}\n"
    assert target.read_bytes()[:4] == b"RIFF" and target.stat().st_size > 20_000
    bad = runner.invoke(cli, ["voices", "--preview", "penyiar", "--engine", "espeak"])
    assert bad.exit_code == 1 and "unknown role 'penyiar'" in bad.stderr


@pytest.mark.slow
def test_cache_info_and_clear(runner: CliRunner, tmp_path: Path, _isolated_cache: Path) -> None:
    out = tmp_path / "public"
    assert (
        runner.invoke(cli, ["make", str(KOMPAS), "--engine", "espeak", "--out", str(out)]).exit_code
        == 0
    )
    info = runner.invoke(cli, ["cache", "info"])
    assert info.exit_code == 0
    lines = info.stdout.splitlines()
    assert lines[0] == f"Cache:   {_isolated_cache}"
    clips = len(list(_isolated_cache.rglob("*.wav")))
    assert clips > 10
    assert lines[1].startswith(f"espeak:  {clips} clips, ")
    assert lines[-1].startswith(f"Total:   {clips} clips, ")

    # A re-render is all cache hits: nothing new appears.
    assert (
        runner.invoke(cli, ["make", str(KOMPAS), "--engine", "espeak", "--out", str(out)]).exit_code
        == 0
    )
    assert len(list(_isolated_cache.rglob("*.wav"))) == clips

    cleared = runner.invoke(cli, ["cache", "clear", "--engine", "gtts"])
    assert cleared.stdout.startswith("Removed 0 clips")
    cleared = runner.invoke(cli, ["cache", "clear"])
    assert cleared.exit_code == 0
    assert cleared.stdout.startswith(f"Removed {clips} clips, ")
    assert not list(_isolated_cache.rglob("*.wav"))
    assert (out / "feed.xml").is_file()  # published episodes are untouched


def test_the_built_in_engines_are_entry_points_the_command_line_names() -> None:
    import tomllib

    from briefing.names import BUILTIN_ENGINES
    from briefing.speech.engine import ENTRY_POINT_GROUP

    with (Path(__file__).parent.parent / "pyproject.toml").open("rb") as fh:
        declared = tomllib.load(fh)["project"]["entry-points"][ENTRY_POINT_GROUP]
    assert sorted(BUILTIN_ENGINES) == sorted(declared)
    assert {name: available_engines()[name].value for name in declared} == declared


def test_an_engine_reports_its_rate_availability_and_voices(tone_plugin: None) -> None:
    from briefing.settings import Show
    from briefing.speech.engine import create_engine

    espeak = create_engine("espeak", Show())
    assert espeak.name == "espeak" and 13 < espeak.chars_per_second < 16
    assert espeak.available() is None and "id+f2" in espeak.voices()
    tone = create_engine("tone", Show())  # a plugin inherits the defaults it does not set
    assert (tone.chars_per_second, tone.available(), tone.voices()) == (15.0, None, ())
    with pytest.raises(EngineUnavailableError, match=r"missing: chars_per_second, available, "
                       r"voices\); a plugin can inherit briefing.speech.engine.BaseEngine"):  # fmt: skip
        create_engine("old", Show())


@pytest.mark.slow
def test_an_engine_plugin_can_be_chosen_on_the_command_line(
    tone_plugin: None, tmp_path: Path, runner: CliRunner
) -> None:
    # Engines are looked up when --engine is given, so a plugin installed after the
    # command line was loaded is still a valid choice, and a wrong name lists them.
    out = tmp_path / "public"
    result = runner.invoke(cli, ["make", str(KOMPAS), "--engine", "tone", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    wrong = runner.invoke(cli, ["make", str(KOMPAS), "--engine", "nada", "--out", str(out)])
    assert wrong.exit_code == 2
    assert "'nada' is not one of 'auto', 'edge', 'espeak', 'gtts', 'old', 'tone'." in wrong.stderr

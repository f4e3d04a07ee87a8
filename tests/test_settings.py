"""Show settings: defaults, then a TOML file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.errors import SettingsError
from briefing.settings import load_show

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_are_a_complete_show() -> None:
    show = load_show(None)
    assert show.identity.language == "id" and show.identity.timezone == "Asia/Jakarta"
    assert show.publishing.base_url.endswith("/")
    assert set(show.room.roles) == {"moderator", "reporter", "analyst", "quote"}
    assert show.speech.engines == ("edge", "gtts", "espeak")


def test_a_toml_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "show.toml"
    path.write_text(
        '[show]\nname = "Kabar Sore"\nbase_url = "https://pod.example.id/sore"\n'
        'publish_time = "17:30"\n'
        '[roles.moderator]\nname = "Ayu"\nvoice.espeak = { pitch = 55 }\n'
    )
    show = load_show(path)
    assert show.identity.name == "Kabar Sore"
    assert show.publishing.base_url == "https://pod.example.id/sore/"
    assert show.identity.publish_time == dt.time(17, 30)
    assert show.room.roles["moderator"].name == "Ayu"
    # Voice tables merge: the new pitch, the default voice.
    assert show.room.roles["moderator"].voice["espeak"] == {
        "voice": "id+f4",
        "rate": 160,
        "pitch": 55,
    }
    assert show.room.roles["reporter"].name == "Bima"
    assert show.identity.author == "Redaksi Ruang Kabar"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[show]\nnmae = 'x'\n", "unknown key show.nmae"),
        ("[show]\nexplicit = 'no'\n", "show.explicit must be a bool"),
        ("[show]\ntimezone = 'Mars/Olympus'\n", "unknown time zone"),
        ("[show]\nbase_url = 'ftp://x'\n", "base_url must be an http"),
        ("[roles.dj]\nname = 'x'\n", "unknown role 'dj'"),
        ("[speech]\nengines = []\n", "speech.engines"),
        ("[show\n", "not valid TOML"),
        ("[show]\ncover = 'missing.png'\n", "cover image not found"),
        ("[audio]\nalexa = 'ya'\n", "audio.alexa must be true or false"),
        ("[audio]\nbitrate = 100\n", "audio.bitrate must be one of"),
        ("[show]\npodcast_guid = 'kabar-1'\n", "podcast_guid must be a UUID"),
        ("[show]\nnew_feed_url = 'baru.example.id/feed.xml'\n", "new_feed_url must be an http"),
    ],
)
def test_bad_settings_say_what_is_wrong(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "show.toml"
    path.write_text(toml)
    with pytest.raises(SettingsError, match=message):
        load_show(path)


def test_the_default_show_file_spells_out_the_built_in_defaults() -> None:
    # Every section, as the file spells it, is the built-in default.
    assert load_show(ROOT / "feeds" / "default.toml") == load_show(None)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="show file not found"):
        load_show(tmp_path / "nope.toml")


@pytest.mark.parametrize("path", sorted((ROOT / "feeds").glob("*.toml")), ids=lambda p: p.name)
def test_example_shows_in_feeds_load(path: Path) -> None:
    show = load_show(path)
    assert show.identity.name


def test_each_online_service_has_its_own_patience(tmp_path: Path) -> None:
    path = tmp_path / "show.toml"
    path.write_text(
        '[speech]\nedge_tries = 2\nedge_endpoint = "wss://tts.example.id/edge/v1?x=1"\n'
        "gtts_timeout = 30\n"
    )
    speech = load_show(path).speech
    assert (speech.edge.tries, speech.edge.timeout, speech.edge.rate) == (2, 20.0, 5.0)
    assert speech.edge.endpoint == "wss://tts.example.id/edge/v1?x=1"
    assert (speech.gtts.timeout, speech.gtts.tries, speech.gtts.endpoint) == (30.0, 5, "")
    for bad, problem in [
        ('edge_endpoint = "https://tts.example.id/"', "must be a ws:// or wss:// URL"),
        ("edge_tries = 0", "speech.edge_tries must be a whole number from 1 to 20"),
        ("edge_voice = 1", "unknown key speech.edge_voice"),
    ]:
        path.write_text(f"[speech]\n{bad}\n")
        with pytest.raises(SettingsError, match=problem):
            load_show(path)

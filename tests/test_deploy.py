"""`briefing deploy` against moto's S3 server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from click.testing import CliRunner
from moto.server import ThreadedMotoServer

from briefing.cli import cli
from briefing.publish import publish_episode, remove_episode
from briefing.publish.cover import load_cover
from briefing.settings import load_show
from tests.fakes import free_port
from tests.test_publish import _draft, _files

SHOW = load_show(None)


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, object]]:
    """A local S3 with a bucket "podcast"; credentials are moto's dummies."""
    for key, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                       ("AWS_DEFAULT_REGION", "us-east-1")):  # fmt: skip
        monkeypatch.setenv(key, value)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint)
    client.create_bucket(Bucket="podcast")
    try:
        yield endpoint, client
    finally:
        server.stop()


def _deploy(runner: CliRunner, out: Path, endpoint: str, *extra: str) -> str:
    result = runner.invoke(cli, ["deploy", "--out", str(out), "--to", "s3://podcast/ruang-kabar",
                                 "--endpoint-url", endpoint, *extra])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_deploy_uploads_changed_files_with_types_and_caching(
    s3: tuple[str, object], runner: CliRunner, tmp_path: Path
) -> None:
    endpoint, client = s3
    out = tmp_path / "public"
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), load_cover(SHOW.identity))
    first = _deploy(runner, out, endpoint)
    keys = {o["Key"] for o in client.list_objects_v2(Bucket="podcast")["Contents"]}  # type: ignore[attr-defined]
    assert (
        "ruang-kabar/feed.xml" in keys and "ruang-kabar/episodes/2026-11-01-kabar-1-v1.mp3" in keys
    )
    assert "ruang-kabar/catalog.json" not in keys and "ruang-kabar/.briefing.lock" not in keys
    assert first == f"Uploaded {len(keys)} files, 0 unchanged to s3://podcast/ruang-kabar\n"

    def head(key: str) -> dict:
        return client.head_object(Bucket="podcast", Key="ruang-kabar/" + key)  # type: ignore[attr-defined,no-any-return]

    assert head("feed.xml")["ContentType"] == "application/rss+xml; charset=utf-8"
    assert head("feed.xml")["CacheControl"] == "public, max-age=300"
    mp3 = head("episodes/2026-11-01-kabar-1-v1.mp3")
    assert (mp3["ContentType"], mp3["CacheControl"]) == (
        "audio/mpeg",
        "public, max-age=31536000, immutable",
    )
    assert head("episodes/2026-11-01-kabar-1-v1.vtt")["ContentType"] == "text/vtt; charset=utf-8"

    # Nothing changed: nothing is sent again.
    assert (
        _deploy(runner, out, endpoint)
        == f"Uploaded 0 files, {len(keys)} unchanged to s3://podcast/ruang-kabar\n"
    )

    # A second episode: its files, plus the feed, page and Alexa feed that changed.
    publish_episode(out, SHOW, _draft(2), _files(tmp_path, 2), load_cover(SHOW.identity))
    assert _deploy(runner, out, endpoint).startswith("Uploaded 7 files, ")


def test_the_feed_goes_last_and_delete_removes_what_left(
    s3: tuple[str, object], tmp_path: Path
) -> None:
    from briefing.publish.deploy import deploy

    endpoint, client = s3
    out = tmp_path / "public"
    for n in (1, 2):
        publish_episode(out, SHOW, _draft(n), _files(tmp_path, n), load_cover(SHOW.identity))
    report = deploy(out, "s3://podcast/p", endpoint)
    assert report.uploaded[-1] == "feed.xml"
    remove_episode(out, SHOW, "2026-11-01-kabar-1", load_cover(SHOW.identity))
    kept = deploy(out, "s3://podcast/p", endpoint)
    assert kept.deleted == []  # without --delete nothing remote goes
    gone = deploy(out, "s3://podcast/p", endpoint, delete=True)
    assert sorted(gone.deleted) == sorted(
        f"episodes/2026-11-01-kabar-1-v1{s}"
        for s in (".mp3", ".alexa.mp3", ".vtt", ".chapters.json")
    )
    feed = client.get_object(Bucket="podcast", Key="p/feed.xml")["Body"].read()  # type: ignore[attr-defined]
    assert b"kabar-1-v1" not in feed


def test_bad_targets_are_clear_errors(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "public"
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), load_cover(SHOW.identity))
    result = runner.invoke(cli, ["deploy", "--out", str(out), "--to", "ftp://x/y"])
    assert result.exit_code == 1
    assert (
        result.stderr == "Error: deploy target must look like s3://bucket/prefix, not 'ftp://x/y'\n"
    )
    empty = runner.invoke(cli, ["deploy", "--out", str(tmp_path / "none"), "--to", "s3://b/p"])
    assert empty.exit_code == 1 and "nothing to deploy" in empty.stderr

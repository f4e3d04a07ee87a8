"""``briefing deploy``: upload the published folder to S3-compatible storage.

Only files whose content changed are sent (the local MD5 is compared with the
object's ETag, which is the MD5 of a single-part upload), each with its
Content-Type and a Cache-Control fitting how often it changes: a short one for
the feed, page and Alexa feed, a year for episode files (a new version is a new
name). The feed goes last, so it never points at a file not yet uploaded; with
``delete``, remote files gone from the folder are removed after it. The
catalog and hidden files stay local.

boto3 comes with the ``s3`` extra: ``pip install 'briefing[s3]'``.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from briefing.errors import PublishError
from briefing.names import FEED_FILE
from briefing.publish import EPISODES, episode_files, interrupted, locked
from briefing.publish.catalog import load_catalog
from briefing.publish.server import TYPES, public

log = logging.getLogger(__name__)

SHORT_CACHE = "public, max-age=300"
LONG_CACHE = "public, max-age=31536000, immutable"
# Uploaded after everything they point to, the podcast feed last of all.
LAST = ("index.html", "flash.json", FEED_FILE)


@dataclass
class DeployReport:
    uploaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def parse_target(target: str) -> tuple[str, str]:
    """``s3://bucket/prefix`` -> (bucket, "prefix/")."""
    parsed = urlparse(target)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise PublishError(f"deploy target must look like s3://bucket/prefix, not {target!r}")
    prefix = parsed.path.strip("/")
    return parsed.netloc, f"{prefix}/" if prefix else ""


def local_files(out_dir: Path) -> list[str]:
    """What gets published, as relative POSIX paths: no catalog, nothing hidden."""
    files = []
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir).as_posix()
        if path.is_file() and public(relative):
            files.append(relative)
    return files


def _cache_control(relative: str) -> str:
    return LONG_CACHE if relative.startswith("episodes/") else SHORT_CACHE


def _client(endpoint_url: str | None) -> Any:
    try:
        import boto3
    except ImportError:
        raise PublishError(
            "briefing deploy needs the s3 extra: pip install 'briefing[s3]'"
        ) from None
    return boto3.client("s3", endpoint_url=endpoint_url)


def deploy(
    out_dir: Path, target: str, endpoint_url: str | None = None, delete: bool = False,
    client: Any = None,
) -> DeployReport:  # fmt: skip
    """Upload ``out_dir`` to ``target``; see the module docstring for the rules."""
    if not (out_dir / FEED_FILE).is_file():
        raise PublishError(f"nothing to deploy: no feed.xml in {out_dir}")
    bucket, prefix = parse_target(target)
    s3 = client or _client(endpoint_url)  # says how to install boto3 when it is missing
    # The publishing lock: a publish that ran alongside could otherwise change the
    # feed after the episode files were listed, and the upload would point at
    # files it never sent.
    with locked(out_dir, create=False):
        if interrupted(out_dir):
            raise PublishError(
                f"a run was interrupted while changing {out_dir}; finish it with `briefing "
                f"publish --out {out_dir}` (and your --show) before deploying"
            )
        missing = [
            name
            for episode in load_catalog(out_dir)
            for name in episode_files(episode)
            if not (out_dir / EPISODES / name).is_file()
        ]
        if missing:
            raise PublishError(
                f"the catalog names {len(missing)} file(s) missing from {out_dir / EPISODES}, "
                f"e.g. {missing[0]}; nothing was uploaded"
            )
        return _upload(s3, out_dir, target, bucket, prefix, delete)


def _upload(s3: Any, out_dir: Path, target: str, bucket: str, prefix: str, delete: bool
            ) -> DeployReport:  # fmt: skip
    from botocore.exceptions import BotoCoreError, ClientError

    report = DeployReport()
    try:
        remote = _remote_etags(s3, bucket, prefix)
        files = local_files(out_dir)
        ordered = [f for f in files if f not in LAST] + [f for f in LAST if f in files]
        for relative in ordered:
            data = (out_dir / relative).read_bytes()
            if (
                remote.get(prefix + relative)
                == hashlib.md5(data, usedforsecurity=False).hexdigest()
            ):
                report.unchanged.append(relative)
                continue
            suffix = Path(relative).suffix.lower()
            s3.put_object(
                Bucket=bucket,
                Key=prefix + relative,
                Body=data,
                ContentType=TYPES.get(suffix, "application/octet-stream"),
                CacheControl=_cache_control(relative),
            )
            report.uploaded.append(relative)
        if delete:
            keep = {prefix + f for f in files}
            for key in sorted(set(remote) - keep):
                s3.delete_object(Bucket=bucket, Key=key)
                report.deleted.append(key[len(prefix) :])
    except (BotoCoreError, ClientError) as exc:
        raise PublishError(f"deploy to {target} failed: {exc}") from None
    except OSError as exc:
        raise PublishError(f"cannot read {out_dir}: {exc.strerror or exc}") from None
    return report


def _remote_etags(s3: Any, bucket: str, prefix: str) -> dict[str, str]:
    etags: dict[str, str] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            etags[item["Key"]] = item["ETag"].strip('"')
    return etags

"""Fetching sources over HTTP: timeouts, a size cap and conditional GET.

A daily run asks every feed again each morning, and most have not changed
since the last edition. Each response's validators (ETag, Last-Modified) and
body are kept in a folder beside the published tree, and the next request
sends If-None-Match / If-Modified-Since; a 304 answer reuses the kept body.

Unlike a general HTTP cache (CacheControl), nothing is ever served without
asking: a news run must see the feed as it is now, whatever max-age says.

The ``requests.Session`` is the seam: tests point it at a local server, and a
producer behind a proxy gets the usual requests environment variables.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from briefing import __version__
from briefing.errors import SourceError
from briefing.files import write_bytes

log = logging.getLogger(__name__)

TIMEOUT = (5.0, 20.0)  # seconds to connect, and between bytes
MAX_BYTES = 25_000_000  # a feed of 10,000 items fits; a runaway download does not
KEEP_DAYS = 14.0  # kept copies unused for this long are pruned


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str
    fresh: bool  # False when the server said 304 and the kept copy was used


class Fetcher:
    """GET with validators kept in ``state_dir`` (created when first needed)."""

    def __init__(
        self,
        state_dir: Path,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self.state_dir = state_dir
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", f"briefing/{__version__} (podcast maker)")
        self.requests = 0
        self.not_modified = 0

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.state_dir / f"{key}.json", self.state_dir / f"{key}.body"

    def get(self, url: str) -> Fetched:
        """The body at ``url``, or SourceError saying why not (status, timeout, size)."""
        meta_path, body_path = self._paths(url)
        kept = _read_meta(meta_path) if body_path.is_file() else {}
        headers = {}
        if kept.get("etag"):
            headers["If-None-Match"] = kept["etag"]
        if kept.get("last_modified"):
            headers["If-Modified-Since"] = kept["last_modified"]
        self.requests += 1
        try:
            with self.session.get(
                url, headers=headers, timeout=self.timeout, stream=True
            ) as response:
                if response.status_code == 304 and kept:
                    self.not_modified += 1
                    log.debug("not modified: %s", url)
                    _touch(meta_path, body_path)  # still in use: prune() keeps it
                    return Fetched(kept.get("url", url), body_path.read_bytes(),
                                   kept.get("content_type", ""), fresh=False)  # fmt: skip
                if response.status_code != 200:
                    reason = response.reason or ""
                    raise SourceError(f"HTTP {response.status_code} {reason}".strip())
                body = _read_capped(response)
                final_url = response.url or url
                content_type = response.headers.get("Content-Type", "")
                validators = {
                    "etag": response.headers.get("ETag"),
                    "last_modified": response.headers.get("Last-Modified"),
                }
        except requests.Timeout:
            raise SourceError(f"no answer within {self.timeout[1]:g} s") from None
        except requests.RequestException as exc:
            raise SourceError(_reason(exc)) from None
        if any(validators.values()):
            self._keep(meta_path, body_path, body, {"url": final_url, "content_type":
                                                     content_type, **validators})  # fmt: skip
        return Fetched(final_url, body, content_type, fresh=True)

    def _keep(
        self, meta_path: Path, body_path: Path, body: bytes, meta: dict[str, str | None]
    ) -> None:
        # A lost copy only costs a full download next time: never fail the run over it.
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            write_bytes(body_path, body)
            write_bytes(meta_path, json.dumps(meta).encode("utf-8"))
        except OSError as exc:
            log.debug("cannot keep %s for conditional GET: %s", meta.get("url"), exc)

    def prune(self, days: float = KEEP_DAYS) -> int:
        """Forget kept copies not used for ``days`` (pages of old stories), so the
        state folder stays the size of the sources, not of their history."""
        if not self.state_dir.is_dir():
            return 0
        cutoff = time.time() - days * 86400
        removed = 0
        for path in self.state_dir.iterdir():
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed


def _touch(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.touch()


def _read_meta(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _read_capped(response: requests.Response) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise SourceError(f"too large ({int(declared):,} bytes; the limit is {MAX_BYTES:,})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_BYTES:
            raise SourceError(f"too large (over {MAX_BYTES:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.ConnectionError):
        return "cannot connect"
    if isinstance(exc, requests.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return "not a valid URL"
    return type(exc).__name__

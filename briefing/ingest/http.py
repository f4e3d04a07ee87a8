"""Fetching sources over HTTP: where we may go, how long we may take, what we keep.

**Where.** A feed names the pages we read next, so a hostile or hacked feed
could point us at the producer's own network (a router's admin page, a cloud
metadata service) and we would publish what it says. Every request, and every
redirect hop, goes only to public addresses. Private, loopback and link-local
addresses are allowed on the exact origin (scheme, host, port) of a source the
show configures (a newsroom's intranet feed), or everywhere when the show says
``allow_private_addresses = true``. The address is checked twice: when the
link is resolved before the request, and again on the socket itself as it
connects (a name that resolves to a public address once and a private one a
moment later gets nowhere). Behind an HTTP proxy only the first check applies.

**How long.** Besides per-read timeouts, a source (and the whole run) has a
deadline: a server trickling one byte every few seconds can't hold the run,
and the show's lock, for longer than that.

**What we keep.** A daily run asks every feed again each morning, and most
have not changed since the last edition. Each response's validators (ETag,
Last-Modified), body and the body's checksum are kept beside the published
tree, and the next request sends If-None-Match / If-Modified-Since; a 304
answer reuses the kept body once its checksum holds. Unlike a general HTTP
cache (CacheControl), nothing is ever served without asking: a news run must
see the feed as it is now, whatever max-age says.

The ``requests.Session`` is the seam: tests point it at a local server, and a
producer behind a proxy gets the usual requests environment variables.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import json
import logging
import re
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from briefing import __version__
from briefing.errors import SourceError
from briefing.files import write_bytes

log = logging.getLogger(__name__)

TIMEOUT = (5.0, 20.0)  # seconds to connect, and between bytes
MAX_BYTES = 25_000_000  # a feed of 10,000 items fits; a runaway download does not
KEEP_DAYS = 14.0  # kept copies unused for this long are pruned
MAX_REDIRECTS = 8
USER_AGENT = f"briefing/{__version__} (podcast maker; +https://pypi.org/project/briefing/)"
# A header value we send back: visible ASCII and spaces only (no CR/LF smuggling).
_HEADER_VALUE = re.compile(r"[\x21-\x7e][\x20-\x7e]{0,511}")
_BLOCKED = "briefing-blocked-address"  # marks the socket guard's refusal in errors


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str
    fresh: bool  # False when the server said 304 and the kept copy was used


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses fetches may reach (see the module docstring)."""

    origins: frozenset[str] = frozenset()  # "scheme://host:port" of configured sources
    allow_private: bool = False

    @classmethod
    def for_sources(cls, urls: Iterable[str], allow_private: bool = False) -> AddressPolicy:
        return cls(frozenset(filter(None, map(origin_of, urls))), allow_private)

    def permits(self, address: str, origin: str | None) -> bool:
        if self.allow_private or (origin is not None and origin in self.origins):
            return True
        return public(address)


def origin_of(url: str) -> str | None:
    """``scheme://host:port`` of a web URL (lower-case, default port filled in), or None."""
    try:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or port is None:
        return None
    return f"{parts.scheme.lower()}://{parts.hostname.lower()}:{port}"


def public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback,
    link-local, shared, multicast, reserved or unspecified)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class Fetcher:
    """GET with an address policy, deadlines, and validators kept in ``state_dir``
    (created when first needed)."""

    def __init__(
        self,
        state_dir: Path,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = TIMEOUT,
        policy: AddressPolicy | None = None,
        run_seconds: float | None = None,
    ) -> None:
        self.state_dir = state_dir
        self.timeout = timeout
        self.policy = policy or AddressPolicy()
        self.session = session or requests.Session()
        if str(self.session.headers.get("User-Agent", "")).startswith("python-requests"):
            self.session.headers["User-Agent"] = USER_AGENT
        guard = _GuardedAdapter(self.policy)
        self.session.mount("http://", guard)
        self.session.mount("https://", guard)
        self.run_seconds = run_seconds
        self._run_deadline = None if run_seconds is None else time.monotonic() + run_seconds
        self._deadline: tuple[float, str] | None = None  # the current source's
        self.requests = 0
        self.not_modified = 0

    @contextlib.contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        """Fetches inside the block end by ``seconds`` from now (one source's deadline)."""
        saved = self._deadline
        self._deadline = (time.monotonic() + seconds, f"{seconds:g} s for one source")
        try:
            yield
        finally:
            self._deadline = saved

    def _time_left(self) -> tuple[float, str]:
        limits = [self._deadline] if self._deadline else []
        if self._run_deadline is not None:
            limits.append((self._run_deadline, f"{self.run_seconds:g} s for the run's fetching"))
        if not limits:
            return float("inf"), ""
        deadline, what = min(limits)
        left = deadline - time.monotonic()
        if left <= 0:
            raise SourceError(f"out of time (deadline: {what})")
        return left, what

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.state_dir / f"{key}.json", self.state_dir / f"{key}.body"

    def get(self, url: str) -> Fetched:
        """The body at ``url``, or SourceError saying why not (address, status, time, size)."""
        meta_path, body_path = self._paths(url)
        kept = _read_meta(meta_path) if body_path.is_file() else {}
        if "sha256" not in kept:
            kept = {}  # kept by a version that recorded no checksum: can't be verified
        headers = {}
        if kept.get("etag"):
            headers["If-None-Match"] = kept["etag"]
        if kept.get("last_modified"):
            headers["If-Modified-Since"] = kept["last_modified"]
        with self._follow(url, headers) as response:
            if response.status_code == 304 and kept:
                body = _kept_body(body_path, kept)
                if body is not None:
                    self.not_modified += 1
                    log.debug("not modified: %s", url)
                    _touch(meta_path, body_path)  # still in use: prune() keeps it
                    return Fetched(kept.get("url", url), body, kept.get("content_type", ""),
                                   fresh=False)  # fmt: skip
                log.warning("the kept copy of %s is damaged; fetching it whole", url)
                _forget(meta_path, body_path)
                return self.get(url)  # no validators now: the server sends the body
            if response.status_code != 200:
                reason = response.reason or ""
                raise SourceError(f"HTTP {response.status_code} {reason}".strip())
            body = self._read_capped(response)
            final_url = response.url or url
            content_type = response.headers.get("Content-Type", "")
            validators = {
                "etag": _header(response.headers.get("ETag")),
                "last_modified": _header(response.headers.get("Last-Modified")),
            }
        if any(validators.values()):
            meta = {"url": final_url, "content_type": content_type, **validators,
                    "sha256": hashlib.sha256(body).hexdigest()}  # fmt: skip
            self._keep(meta_path, body_path, body, meta)
        return Fetched(final_url, body, content_type, fresh=True)

    @contextlib.contextmanager
    def _follow(self, url: str, headers: dict[str, str]) -> Iterator[requests.Response]:
        """The response at the end of ``url``'s redirects, each hop's address checked."""
        for _ in range(MAX_REDIRECTS + 1):
            self._check(url)
            left, what = self._time_left()
            timeout = (min(self.timeout[0], left), min(self.timeout[1], left))
            self.requests += 1
            try:
                response = self.session.get(url, headers=headers, timeout=timeout,
                                            stream=True, allow_redirects=False)  # fmt: skip
            except requests.Timeout:
                waited = f"{timeout[1]:g} s" + (f" (deadline: {what})" if left < 1e9 else "")
                raise SourceError(f"no answer within {waited}") from None
            except requests.RequestException as exc:
                raise SourceError(_reason(exc)) from None
            if not response.is_redirect:
                with response:
                    yield response
                return
            location = response.headers.get("Location", "")
            response.close()
            url = urljoin(response.url or url, location)
        raise SourceError(f"more than {MAX_REDIRECTS} redirects")

    def _check(self, url: str) -> None:
        origin = origin_of(url)
        if origin is None:
            raise SourceError(f"not a web address: {url[:80]!r}")
        if self.policy.allow_private or origin in self.policy.origins:
            return
        host, port = origin.split("://", 1)[1].rsplit(":", 1)
        try:
            addresses = _resolve(host.strip("[]"), int(port))
        except (OSError, UnicodeError):
            raise SourceError(f"cannot resolve {host}") from None
        private = next((a for a in addresses if not public(a)), None)
        if private is not None:
            raise SourceError(
                f"{host} is a private or local address ({private}); briefing fetches only "
                "public addresses, besides a configured source's own origin "
                "(allow_private_addresses in [daily] lifts this)"
            )

    def _read_capped(self, response: requests.Response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES:
            raise SourceError(f"too large ({int(declared):,} bytes; the limit is {MAX_BYTES:,})")
        chunks: list[bytes] = []
        size = 0
        raw = response.raw
        try:
            while True:
                self._time_left()  # a trickle stops at the deadline, not at its end
                # read1: whatever has arrived, so a slow server can't keep us in one read.
                chunk = raw.read1(64 * 1024, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_BYTES:
                    raise SourceError(f"too large (over {MAX_BYTES:,} bytes)")
                chunks.append(chunk)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            if isinstance(exc, urllib3.exceptions.ReadTimeoutError | TimeoutError):
                raise SourceError(f"no data for {self.timeout[1]:g} s") from None
            raise SourceError(f"the download broke off ({type(exc).__name__})") from None
        return b"".join(chunks)

    def _keep(self, meta_path: Path, body_path: Path, body: bytes, meta: dict[str, Any]) -> None:
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


class _GuardedAdapter(HTTPAdapter):
    """requests' adapter, with connections that refuse addresses the policy forbids."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        policy = self.policy

        class Connection(_GuardedConnection, HTTPConnection):
            guard = policy

        class SecureConnection(_GuardedConnection, HTTPSConnection):
            guard = policy

        class Pool(HTTPConnectionPool):
            ConnectionCls = Connection  # type: ignore[assignment]

        class SecurePool(HTTPSConnectionPool):
            ConnectionCls = SecureConnection  # type: ignore[assignment]

        self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": SecurePool}


class _GuardedConnection:
    """Connects only to resolved addresses the policy permits (so a name that turns
    private between the check and the connection still gets nowhere)."""

    guard: AddressPolicy
    host: str
    port: int
    _dns_host: str
    default_port: int

    def _new_conn(self) -> socket.socket:
        scheme = "https" if isinstance(self, HTTPSConnection) else "http"
        origin = f"{scheme}://{self.host.strip('[]').lower()}:{self.port or self.default_port}"
        try:
            addresses = _resolve(self._dns_host, self.port)
        except OSError:
            addresses = []
        allowed = [a for a in addresses if self.guard.permits(a, origin)]
        if addresses and not allowed:
            raise NewConnectionError(self, f"{_BLOCKED}: {addresses[0]}")  # type: ignore[arg-type]
        original = self._dns_host
        last: Exception | None = None
        for address in allowed or [original]:  # unresolvable: let urllib3 say so
            self._dns_host = address
            try:
                return super()._new_conn()  # type: ignore[misc, no-any-return]
            except NewConnectionError as exc:
                last = exc
            finally:
                self._dns_host = original
        assert last is not None
        raise last


def _header(value: str | None) -> str | None:
    """A validator we may send back, or None (a CR/LF or control character in it
    would make every later request fail)."""
    return value if value and _HEADER_VALUE.fullmatch(value) else None


def _kept_body(body_path: Path, meta: dict[str, str]) -> bytes | None:
    try:
        body = body_path.read_bytes()
    except OSError:
        return None
    return body if hashlib.sha256(body).hexdigest() == meta.get("sha256") else None


def _forget(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _touch(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.touch()


def _read_meta(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    meta = {k: v for k, v in data.items() if isinstance(v, str)}
    for key in ("etag", "last_modified"):
        if key in meta and _header(meta[key]) is None:
            del meta[key]  # kept by an older version, before validators were checked
    return meta


def _reason(exc: requests.RequestException) -> str:
    if _BLOCKED in str(exc):
        return "the address is private or local; briefing fetches only public addresses"
    if isinstance(exc, requests.ConnectionError):
        return "cannot connect"
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return "not a valid URL"
    return type(exc).__name__

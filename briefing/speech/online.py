"""What every online engine needs from a speech service it does not control.

Google (gTTS) and Microsoft (edge-tts) throttle, drop connections and
sometimes answer without audio. An engine says what one request's failure
was, a ``Transient`` one (429, 5xx, a timeout, a dropped connection: worth
another try) or a ``Refused`` one (the service turned the request down:
retrying won't help), and ``Service.call`` does the rest the same way for
both: a request rate shared by every thread, retries with exponential backoff
and jitter that honour Retry-After, and, once one request has used up its
tries, every other thread giving up too instead of each running its own
series into the same storm.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.settings import Online
from briefing.speech.engine import BaseEngine

log = logging.getLogger(__name__)

T = TypeVar("T")


class RateLimiter:
    """At most ``rate`` acquisitions per second across all threads (evenly spaced)."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise SynthesisError("the request rate must be positive")
        self.interval = 1.0 / rate
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next = 0.0

    def acquire(self) -> None:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            self._sleep(slot - now)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with "equal jitter": half the delay fixed, half random, so
    retries spread out but never collapse into a hammering loop."""

    tries: int = 5
    base: float = 0.5
    cap: float = 20.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        ceiling = min(self.cap, self.base * 2 ** (attempt - 1))
        delay = ceiling / 2 + rng.uniform(0, ceiling / 2)
        return float(max(delay, min(retry_after or 0.0, self.cap)))


class Transient(Exception):
    """This attempt failed in a way another attempt may not: throttled, overloaded,
    timed out, cut off, or answered without audio."""

    def __init__(self, why: str, retry_after: float | None = None) -> None:
        super().__init__(why)
        self.retry_after = retry_after


class Refused(Exception):
    """The service turned the request down for good (403, 400...): no retry."""


class Service:
    """One online service as the engine's threads share it."""

    def __init__(
        self,
        label: str,
        retry: RetryPolicy,
        limiter: RateLimiter,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.label = label  # "Google TTS", in the messages users read
        self.retry = retry
        self.limiter = limiter
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._gave_up: str | None = None

    def call(self, request: Callable[[], T]) -> T:
        """``request()``'s answer, retried while its failures are Transient. Raises
        EngineUnavailableError when the service refuses or the tries run out."""
        for attempt in range(1, self.retry.tries + 1):
            if self._gave_up is not None:
                raise EngineUnavailableError(self._gave_up)
            self.limiter.acquire()
            try:
                return request()
            except Refused as exc:
                raise EngineUnavailableError(f"{self.label} refused the request: {exc}") from exc
            except Transient as exc:
                if attempt == self.retry.tries:
                    self._gave_up = f"{self.label} failed after {attempt} tries: {exc}"
                    raise EngineUnavailableError(self._gave_up) from exc
                with self._rng_lock:
                    delay = self.retry.delay(attempt, exc.retry_after, self._rng)
                log.debug("%s: %s; retry %d in %.2f s", self.label, exc, attempt, delay)
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


class OnlineEngine(BaseEngine):
    """An engine that asks a service over the network: its patience (``timeout``
    seconds a request) and its one Service, shared by the engine's threads."""

    label = "the service"  # as users read it: "Google TTS"

    def __init__(
        self,
        timeout: float = 15.0,
        rate: float = 15.0,
        retry: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        if timeout <= 0:
            raise SynthesisError(f"the {self.label} timeout must be positive")
        self.timeout = timeout
        self.service = Service(
            self.label, retry or RetryPolicy(), limiter or RateLimiter(rate), sleep, rng
        )

    @staticmethod
    def patience(settings: Online) -> dict[str, Any]:
        """The constructor's arguments for a show's ``[speech]`` settings of this service."""
        retry = RetryPolicy(tries=settings.tries, base=settings.backoff)
        return {"timeout": settings.timeout, "rate": settings.rate, "retry": retry}


def retry_after(headers: object) -> float | None:
    """The seconds a Retry-After header asks for (None when absent or a date)."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    try:
        return float(get("Retry-After", ""))
    except (TypeError, ValueError):
        return None

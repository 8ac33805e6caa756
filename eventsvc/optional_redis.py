"""Redis as a speed-up the service can lose at any moment, and serve on without.

Every command has short connect and read timeouts (EVENTSVC_REDIS_TIMEOUT), and none is
retried: a Redis that is down or stalled costs the request that meets it that long, not the
whole stall. After a fault the client leaves Redis alone for EVENTSVC_REDIS_RETRY_SECONDS,
so the requests in between pay nothing and are served from the process's own cache. The
fault is logged once when it starts, and once more when Redis answers again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)
T = TypeVar("T")


def client_options(timeout: float) -> dict:
    """Options for redis.Redis.from_url: give up after timeout seconds, never retry.

    (redis-py retries a failed command three times by default, with growing pauses: a
    stalled Redis would then hold each request several timeouts long.)"""
    return {
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "retry": Retry(NoBackoff(), 0),
    }


class OptionalRedis:
    def __init__(
        self,
        url: str,
        timeout: float,
        retry_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._client = redis.Redis.from_url(url, **client_options(timeout))
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._down = False
        self._resume_at = 0.0

    def run(self, command: Callable[[redis.Redis], T]) -> T | None:
        """command's result; None when Redis failed now or within the retry pause."""
        if self._down and self._clock() < self._resume_at:
            return None
        try:
            result = command(self._client)
        except redis.RedisError as exc:
            self._failed(exc)
            return None
        if self._down:
            self._answered()
        return result

    def _failed(self, exc: redis.RedisError) -> None:
        with self._lock:
            first = not self._down
            self._down = True
            self._resume_at = self._clock() + self._retry_seconds
        if first:
            logger.warning(
                "Redis unavailable (%s): serving from this process's own cache, "
                "trying Redis again every %s s",
                exc,
                self._retry_seconds,
            )

    def _answered(self) -> None:
        with self._lock:
            back = self._down
            self._down = False
        if back:
            logger.warning("Redis answers again: shared cache in use")

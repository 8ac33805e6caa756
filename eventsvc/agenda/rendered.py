"""Rendered bodies (pages, JSON, feeds) kept per release, so each is built once.

Every public body is a function of (release digest, representation, language, filter):
key a body by exactly that and it can never go stale, because a new release is a new key.
One process keeps an LRU; with EVENTSVC_REDIS_URL set, processes and machines share the
bodies through Redis so each is built once for all of them. Redis is never needed for an
answer: while it is away, each process builds and keeps bodies on its own (optional_redis.py).

In Redis, bodies are kept per build (`build.namespace`: code, templates, translations), so
a deployment never serves what the build before it rendered. Each body is also listed under
the release(s) its key names (the digests in it),
and publishing removes the bodies of the release it supersedes (`superseded.py`): they can
never be served again. The TTL is a backstop for bodies no publish removes.
A body is kept with its compressed copies (agenda/compressed.py), made when it is built: once
per release too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import redis

from ..caches import Lru
from ..optional_redis import OptionalRedis
from .compressed import CODINGS, DEFAULT_LEVELS, MIN_BYTES, Levels, compress

# A release digest (SHA-256 hex) inside a cache key: every public key names its release.
_DIGEST = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
_BODY = "eventsvc:rendered:"
_RELEASE = "eventsvc:release-bodies:"
# What a kept body costs besides its bytes and its key's: the objects that hold it and the
# cache's bookkeeping, rounded up (bench/worker_memory.py: a full cache's memory is its bound).
ENTRY_BYTES = 1024


@dataclass(frozen=True, slots=True)
class Rendered:
    body: bytes
    etag: str  # a hash of the body: strong, and changes exactly when the body does
    last_modified: datetime | None = None
    # Compressed copies by coding ("br", "gzip"), made at most once each (see encoded()).
    copies: dict[str, bytes] = field(default_factory=dict, init=False, compare=False, repr=False)

    def encoded(self, coding: str, levels: Levels) -> bytes:
        """The body in coding, compressed on first use. Two threads may both compress it;
        they make the same bytes, so the copy kept does not matter."""
        found = self.copies.get(coding)
        if found is None:
            found = self.copies[coding] = compress(self.body, coding, levels)
        return found

    def size(self) -> int:
        """The bytes it holds, copies included."""
        return len(self.body) + sum(len(c) for c in self.copies.values())


def make(body: bytes, last_modified: datetime | None = None) -> Rendered:
    return Rendered(body, hashlib.sha256(body).hexdigest()[:40], last_modified)


def cost(key: str, rendered: Rendered) -> int:
    """The bytes a kept body holds. Keys count too: a search's key holds the words searched,
    so a client could otherwise fill memory with tiny answers under ever new keys."""
    return len(key) + rendered.size() + ENTRY_BYTES


class RenderCache:
    def __init__(
        self,
        max_bytes: int,
        shared: OptionalRedis | None = None,
        ttl_seconds: int = 7 * 24 * 3600,
        levels: Levels = DEFAULT_LEVELS,
        build: str = "",
    ):
        # The agenda page of a 2,000-session event is megabytes: bound the bytes, not the
        # count, so many filter combinations cannot grow a worker without limit.
        self._kept: Lru[str, Rendered] = Lru(max_bytes, cost)
        self._redis = shared
        # Bodies in Redis are kept per build (build.namespace): one build never serves
        # what another rendered.
        self._names = f"{_BODY}{build}:"
        self._ttl = ttl_seconds
        self.levels = levels

    def get_or_build(self, key: str, build: Callable[[], Rendered]) -> Rendered:
        found = self._kept.get(key)
        if found is None:
            found = self._shared(key)
            if found is None:
                found = build()
                self._compress(found)
                self._share(key, found)
            self._compress(found)  # a copy shared before compression was kept lacks them
            # Kept with its copies made, so that its cost counts them.
            self._kept.set(key, found)
        return found

    def _compress(self, rendered: Rendered) -> None:
        if len(rendered.body) >= MIN_BYTES:
            for coding in CODINGS:
                rendered.encoded(coding, self.levels)

    def clear(self) -> None:
        self._kept.clear()

    def entries(self) -> int:
        """How many bodies this process keeps."""
        return len(self._kept)

    def _shared(self, key: str) -> Rendered | None:
        if self._redis is None:
            return None

        def fetch(client: redis.Redis) -> dict[bytes, bytes]:
            # Without decode_responses, keys and values are bytes (the stubs allow str too).
            return client.hgetall(self._names + key)  # type: ignore[return-value]

        raw = self._redis.run(fetch)
        if not raw:
            return None
        modified = raw.get(b"last_modified")
        found = Rendered(
            raw[b"body"],
            raw[b"etag"].decode(),
            datetime.fromisoformat(modified.decode()) if modified else None,
        )
        found.copies.update(
            (coding, raw[coding.encode()]) for coding in CODINGS if coding.encode() in raw
        )
        return found

    def _share(self, key: str, rendered: Rendered) -> None:
        if self._redis is None:
            return
        mapping: dict[str, bytes | str] = {"body": rendered.body, "etag": rendered.etag}
        mapping.update(rendered.copies)
        if rendered.last_modified:
            mapping["last_modified"] = rendered.last_modified.isoformat()

        name = self._names + key

        def store(client: redis.Redis) -> None:
            pipe = client.pipeline()
            pipe.hset(name, mapping=mapping)  # type: ignore[arg-type]
            pipe.expire(name, self._ttl)
            for digest in set(_DIGEST.findall(key)):
                pipe.sadd(f"{_RELEASE}{digest}", name)
                pipe.expire(f"{_RELEASE}{digest}", self._ttl)
            pipe.execute()

        self._redis.run(store)

    def forget_release(self, digest: str) -> None:
        """Remove from Redis every body built from the release digest (superseded); when
        Redis is away, the TTL removes them in the end."""
        if self._redis is None:
            return

        def forget(client: redis.Redis) -> None:
            # The bodies' names, of whichever build rendered them.
            names = client.smembers(f"{_RELEASE}{digest}")
            pipe = client.pipeline()
            for name in names:  # type: ignore[union-attr]
                pipe.delete(name)
            pipe.delete(f"{_RELEASE}{digest}")
            pipe.execute()

        self._redis.run(forget)


def levels() -> Levels:
    """How hard the app compresses (settings COMPRESS_GZIP_LEVEL, COMPRESS_BROTLI_QUALITY)."""
    from flask import current_app

    return current_app.extensions["eventsvc.rendered"].levels


def cache() -> RenderCache:
    """The app's render cache (set up by create_app)."""
    from flask import current_app

    return current_app.extensions["eventsvc.rendered"]

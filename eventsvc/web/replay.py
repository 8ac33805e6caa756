"""Public reads answered again without running Flask: whole responses kept per process.

A public page, API read or feed is a function of one event's newest release and of the
request's URL and the headers its Vary names; once its body is built, Flask's own work
around it (routing, extensions, hooks, headers) costs several times more than sending it.
So the first anonymous GET of such a URL goes through Flask as usual, and its response is
kept with the release it was built from (`published_agenda()` names it in the WSGI environ).
A later request for the same URL and Vary headers is answered from the kept response once
one indexed query has confirmed that the release is still the event's newest: a publish
by any process shows at the next request in every process.

Only what Flask itself answered `Cache-Control: public`, to a request with no cookie and
no Authorization, built from exactly one release, is kept: nothing personal is replayed.
The replayed answer is the kept one byte for byte (so the same security headers), with
its own Date and X-Request-ID, and it is logged like any other request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import http_date, is_resource_modified, remove_entity_headers
from werkzeug.wrappers import Request

from ..agenda import compressed
from ..agenda.current import ReleaseRef
from ..agenda.watch import ReleaseWatch
from ..caches import Lru
from ..db import utcnow
from . import hosts, observability

RELEASE = "eventsvc.release"  # environ key: the ReleaseRef the response is built from
EXPIRES = "eventsvc.expires"  # environ key: the Unix time after which the response is stale
_SEVERAL = "several"  # a response built from more than one release: never kept

# Request headers whose presence asks for more than a plain (or simply conditional) GET.
_NOT_REPLAYED = (
    "HTTP_COOKIE",
    "HTTP_AUTHORIZATION",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_RANGE",
    "HTTP_IF_RANGE",
)
# Per request, never kept.
_OWN_HEADERS = frozenset(("date", observability.HEADER.lower()))
_VARIANTS_PER_URL = 8
# What a kept answer costs besides its body: its headers and the objects that hold it.
_ENTRY_BYTES = 2048
_NOT_MODIFIED = "304 NOT MODIFIED"
_ACCEPT_ENCODING = "HTTP_ACCEPT_ENCODING"


def mark(environ: dict, ref: ReleaseRef) -> None:
    """Record that the response to this request is built from ref."""
    environ[RELEASE] = ref if environ.get(RELEASE, ref) == ref else _SEVERAL


def expire_at(environ: dict, when: datetime) -> None:
    """The response is right only until when (a page opening on today): never replayed later."""
    environ[EXPIRES] = min(environ.get(EXPIRES, when.timestamp()), when.timestamp())


@dataclass(frozen=True, slots=True)
class _Answer:
    status: str
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True, slots=True)
class _Variant:
    ref: ReleaseRef
    path: str  # as the log line names it
    ok: _Answer
    not_modified: _Answer  # what Flask answers instead when the client's copy is current
    etag: str | None
    last_modified: str | None
    expires: float | None  # Unix time; None: as long as its release is the newest

    def fresh(self) -> bool:
        return self.expires is None or utcnow().timestamp() < self.expires


def _variant(
    ref: ReleaseRef, environ: dict, status: str, headers: list[tuple[str, str]], body: bytes
) -> _Variant:
    kept = [(k, v) for k, v in headers if k.lower() not in _OWN_HEADERS]
    # The 304 as werkzeug makes it from the same response (Response.get_wsgi_headers).
    not_modified = list(kept)
    remove_entity_headers(not_modified)
    named = {k.lower(): v for k, v in kept}
    return _Variant(
        ref,
        Request(environ).path,
        _Answer(status, kept, body),
        _Answer(_NOT_MODIFIED, not_modified, b""),
        named.get("etag"),
        named.get("last-modified"),
        environ.get(EXPIRES),
    )


@dataclass(frozen=True, slots=True)
class _Url:
    vary: tuple[str, ...]  # environ keys of the headers the responses vary by
    # The kept variants by those headers' values, oldest first, with their costs. Never
    # changed once kept: a new variant makes a new _Url (see ReplayCache.keep).
    variants: dict[tuple, tuple[_Variant, int]]

    def cost(self) -> int:
        return sum(cost for _variant, cost in self.variants.values())


def _cost(url: tuple, key: tuple, variant: _Variant) -> int:
    """The bytes an entry holds. URLs and header values count too: unknown query arguments
    are ignored by the views, so a client could otherwise fill memory with tiny answers
    under ever new, long URLs."""
    return len(variant.ok.body) + _ENTRY_BYTES + sum(len(part or "") for part in (*url, *key))


class ReplayCache:
    """An LRU of kept responses by URL, then by the values of the headers they vary by."""

    def __init__(self, max_bytes: int):
        self._urls: Lru[tuple, _Url] = Lru(max_bytes, lambda _url, kept: kept.cost())

    def find(self, url: tuple, environ: dict) -> _Variant | None:
        kept = self._urls.get(url)
        if kept is None:
            return None
        found = kept.variants.get(_values(kept.vary, environ))
        return found[0] if found else None

    def keep(self, url: tuple, environ: dict, variant: _Variant, vary: tuple[str, ...]) -> None:
        # Read, then replaced whole: another thread keeping a variant of the same URL at the
        # same moment may have its own dropped, to be kept again at its next request.
        kept = self._urls.get(url)
        variants = dict(kept.variants) if kept is not None and kept.vary == vary else {}
        key = _values(vary, environ)
        variants.pop(key, None)
        variants[key] = (variant, _cost(url, key, variant))
        while len(variants) > _VARIANTS_PER_URL:
            del variants[next(iter(variants))]
        self._urls.set(url, _Url(vary, variants))

    def clear(self) -> None:
        self._urls.clear()

    def entries(self) -> int:
        return sum(len(kept.variants) for kept in self._urls.values())


class Replay:
    """WSGI middleware in front of Flask: replays kept public responses, keeps new ones."""

    def __init__(self, app: Flask, wsgi_app: Callable, max_bytes: int):
        self._app = app
        self._wsgi_app = wsgi_app
        self._cache = ReplayCache(max_bytes)
        self._watch: ReleaseWatch | None = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if (
            environ["REQUEST_METHOD"] != "GET"
            or any(h in environ for h in _NOT_REPLAYED)
            or not hosts.acceptable(environ, self._app.config["TRUSTED_HOSTS"])
        ):
            return self._wsgi_app(environ, start_response)
        started = time.perf_counter()
        # No Host: answers are built from PUBLIC_URL, the same for every Host accepted. The
        # scheme stays, as Strict-Transport-Security is sent over https alone.
        url = (
            environ["wsgi.url_scheme"],
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
        variant = self._cache.find(url, environ)
        if variant is not None and variant.fresh() and self._still_current(variant.ref):
            answer = variant.ok
            if (
                "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ
            ) and not is_resource_modified(
                environ, variant.etag, last_modified=variant.last_modified
            ):
                answer = variant.not_modified
            return self._send(environ, start_response, variant, answer, started)
        return self._through_flask(environ, start_response, url)

    def entries(self) -> int:
        """How many answers are kept (all URLs, all their variants)."""
        return self._cache.entries()

    def clear(self) -> None:
        """Forget every kept answer and every release seen (the tests empty the database)."""
        self._cache.clear()
        if self._watch is not None:
            self._watch.forget()

    def close(self) -> None:
        """Let go of the database (the app is going away)."""
        if self._watch is not None:
            self._watch.close()

    def _still_current(self, ref: ReleaseRef) -> bool:
        if self._watch is None:
            from ..extensions import db

            with self._app.app_context():
                self._watch = ReleaseWatch(db.engine, self._app.config["RELEASE_WATCH_SECONDS"])
        try:
            return self._watch.is_newest(ref)
        except SQLAlchemyError:
            return False  # Flask answers instead, and reports the database's trouble its own way

    @staticmethod
    def _send(
        environ: dict, start_response: Callable, variant: _Variant, answer: _Answer, started: float
    ) -> list[bytes]:
        request_id = observability.accepted_request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response(
            answer.status,
            [*answer.headers, ("Date", http_date()), (observability.HEADER, request_id)],
        )
        observability.log_request(
            "GET", variant.path, int(answer.status[:3]), started, None, request_id
        )
        return [answer.body]

    def _through_flask(
        self, environ: dict, start_response: Callable, url: tuple
    ) -> Iterable[bytes]:
        sent: list = []

        def recording(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self._wsgi_app(environ, recording)
        ref = environ.get(RELEASE)
        if not isinstance(ref, ReleaseRef) or not sent or not _shareable(*sent):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        status, headers = sent
        vary = next((v for k, v in headers if k.lower() == "vary"), "")
        self._cache.keep(
            url,
            environ,
            _variant(ref, environ, status, headers, data),
            tuple(
                "HTTP_" + h.strip().upper().replace("-", "_") for h in vary.split(",") if h.strip()
            ),
        )
        return [data]


def _shareable(status: str, headers: list[tuple[str, str]]) -> bool:
    """A 200 that Flask made public for anyone: no cookie set, no Vary: *."""
    named = {k.lower(): v.lower() for k, v in headers}
    return (
        status[:3] == "200"
        and "set-cookie" not in named
        and "public" in named.get("cache-control", "")
        and "*" not in named.get("vary", "")
    )


def _values(vary: tuple[str, ...], environ: dict) -> tuple:
    # Accept-Encoding by the coding it chooses: browsers' many spellings of "gzip, br" share
    # one kept copy. (A body too small to compress may be kept once per coding, all alike.)
    return tuple(
        compressed.chosen(environ.get(key)) if key == _ACCEPT_ENCODING else environ.get(key)
        for key in vary
    )


def install(app: Flask, max_bytes: int) -> Replay:
    """Put the replay in front of the app's WSGI callable (inside ProxyFix, installed later)."""
    replay = Replay(app, app.wsgi_app, max_bytes)
    # Flask's documented way to add WSGI middleware; mypy sees a method replaced.
    app.wsgi_app = replay  # type: ignore[method-assign]
    app.extensions["eventsvc.replay"] = replay
    return replay

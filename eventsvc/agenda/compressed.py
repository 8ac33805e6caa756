"""Compressed copies of a rendered body (gzip, brotli) and the choice among them.

A body is compressed at most once per coding: the copies live beside the body in the render
cache (and in Redis), so a release's pages, feeds and files are compressed once, not per
request. Each coding has its own strong ETag, the body's with a suffix.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass

import brotli
from werkzeug.http import parse_accept_header

# Preferred first when a client accepts several equally (browsers send "gzip, deflate, br").
CODINGS = ("br", "gzip")
IDENTITY = "identity"
_SUFFIX = {"br": "-br", "gzip": "-gz"}
# Below this a compressed copy saves less than its headers cost: sent as it is.
MIN_BYTES = 512


@dataclass(frozen=True, slots=True)
class Levels:
    """How hard to compress: gzip 1-9, brotli quality 0-11 (settings COMPRESS_*)."""

    gzip: int = 6
    brotli: int = 5


DEFAULT_LEVELS = Levels()


def compress(body: bytes, coding: str, levels: Levels) -> bytes:
    if coding == "gzip":
        # mtime=0: the same body gives the same bytes in every process, as a strong ETag needs.
        return gzip.compress(body, levels.gzip, mtime=0)
    return brotli.compress(body, quality=levels.brotli)


def chosen(accept_encoding: str | None, size: int = MIN_BYTES) -> str:
    """The coding to answer a body of size bytes in: br, gzip or identity."""
    if not accept_encoding or size < MIN_BYTES:
        return IDENTITY
    best = parse_accept_header(accept_encoding).best_match((*CODINGS, IDENTITY))
    # None: the client refused identity too ("*;q=0"); identity is still the only answer we have.
    return best or IDENTITY


def etag(identity_etag: str, coding: str) -> str:
    return identity_etag + _SUFFIX.get(coding, "")

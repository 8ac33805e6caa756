"""The render cache keeps at most its byte budget, dropping the least recently used bodies,
and keeps each body with its compressed copies, shared through Redis."""

import gzip

import brotli

from eventsvc.agenda import rendered as rendered_module
from eventsvc.agenda.rendered import RenderCache, make
from eventsvc.optional_redis import OptionalRedis

MB = 1024 * 1024  # a render cache with room for every body built here


def test_render_cache_drops_oldest_bodies_beyond_its_byte_budget():
    one = rendered_module.cost("a", make(b"a" * 100))  # each body here costs as much
    cache = RenderCache(max_bytes=one * 5 // 2)
    built = []

    def body(name):
        def build():
            built.append(name)
            return make(name.encode() * 100)

        return build

    for name in "abc":
        cache.get_or_build(name, body(name))
    cache.get_or_build("a", body("a"))  # c pushed the budget over: a was dropped and is built again
    assert built == ["a", "b", "c", "a"]
    cache.get_or_build("c", body("c"))  # still kept
    assert built == ["a", "b", "c", "a"]


def test_render_cache_keeps_a_body_larger_than_its_budget():
    cache = RenderCache(max_bytes=10)
    rendered = cache.get_or_build("big", lambda: make(b"x" * 100))
    assert cache.get_or_build("big", lambda: make(b"other")) == rendered


def test_many_tiny_bodies_under_long_keys_stay_within_the_budget():
    """A search's key holds the words searched: every new query is a new key to keep."""
    cache = RenderCache(max_bytes=100_000)
    keys = [f"digest:search:q={n:0>1000}" for n in range(1000)]
    for key in keys:
        cache.get_or_build(key, lambda: make(b"{}"))
    assert 0 < cache.entries() <= 100_000 // (1000 + rendered_module.ENTRY_BYTES)
    assert cache.get_or_build(keys[-1], lambda: make(b"[]")).body == b"{}"  # the newest stays


def test_a_body_is_compressed_once_for_every_process_sharing_redis(redis_url, monkeypatch):
    made = []
    real = rendered_module.compress

    def counting(body, coding, levels):
        made.append(coding)
        return real(body, coding, levels)

    monkeypatch.setattr(rendered_module, "compress", counting)
    body = b"<p>The same paragraph, again and again.</p>\n" * 200
    first, second = (RenderCache(MB, shared=OptionalRedis(redis_url, 1.0, 1.0)) for _ in range(2))
    built = first.get_or_build("page", lambda: make(body))
    shared = second.get_or_build("page", lambda: make(b"never built"))
    assert shared == built
    assert shared.copies == built.copies
    assert gzip.decompress(shared.copies["gzip"]) == brotli.decompress(shared.copies["br"]) == body
    assert sorted(made) == ["br", "gzip"]


def test_a_small_body_is_not_compressed():
    cache = RenderCache(MB)
    assert cache.get_or_build("tiny", lambda: make(b"{}")).copies == {}

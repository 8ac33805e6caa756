"""The render cache keeps at most its byte budget, dropping the least recently used bodies."""

from eventsvc.agenda.rendered import RenderCache, make


def test_render_cache_drops_oldest_bodies_beyond_its_byte_budget():
    cache = RenderCache(max_bytes=250)
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

"""The one kind of in-process cache: an LRU bounded by a count or by bytes."""

from eventsvc.caches import Lru


def test_a_count_bound_drops_the_least_recently_used():
    cache: Lru[str, int] = Lru(2)
    cache.set("a", 1)
    cache.set("b", 2)
    assert cache.get("a") == 1  # read: b is now the least recently used
    cache.set("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)


def test_a_byte_bound_counts_what_the_cost_says_and_keeps_an_oversized_entry_alone():
    cache: Lru[str, bytes] = Lru(100, lambda key, value: len(key) + len(value))
    cache.set("a", b"x" * 40)
    cache.set("b", b"x" * 40)
    assert len(cache) == 2
    cache.set("c", b"x" * 40)  # 123 bytes in all: a goes
    assert (cache.get("a"), len(cache)) == (None, 2)
    cache.set("big", b"x" * 500)
    assert cache.values() == [b"x" * 500]


def test_a_bound_of_zero_keeps_nothing_and_builds_every_time():
    cache: Lru[str, int] = Lru(0)
    built = []
    for _ in range(2):
        cache.get_or_build("a", lambda: built.append(1) or len(built))
    assert (built, len(cache)) == ([1, 1], 0)


def test_a_new_bound_drops_the_entries_but_the_same_bound_keeps_them():
    cache: Lru[str, int] = Lru(2)
    cache.set("a", 1)
    cache.resize(2)
    assert cache.get("a") == 1
    cache.resize(1)
    assert (cache.maxsize, cache.get("a")) == (1, None)

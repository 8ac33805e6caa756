"""Redis as an optional speed-up: a fault costs one attempt per pause and one log line."""

from __future__ import annotations

import logging

import redis

from eventsvc.optional_redis import OptionalRedis


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FlakyCommand:
    """Fails while down is set; counts the calls that reached it."""

    def __init__(self):
        self.down = True
        self.calls = 0

    def __call__(self, _client) -> str:
        self.calls += 1
        if self.down:
            raise redis.ConnectionError("connection refused")
        return "answer"


def test_redis_fault_is_tried_once_per_pause_and_logged_once(caplog):
    clock, command = Clock(), FlakyCommand()
    shared = OptionalRedis("redis://127.0.0.1:1/0", timeout=0.25, retry_seconds=5, clock=clock)
    with caplog.at_level(logging.WARNING, logger="eventsvc.optional_redis"):
        first = [shared.run(command) for _ in range(10)]
        clock.now += 5
        after_pause = [shared.run(command) for _ in range(10)]
        clock.now += 5
        command.down = False
        back = [shared.run(command) for _ in range(3)]
    assert first == [None] * 10 and after_pause == [None] * 10
    assert back == ["answer"] * 3
    assert command.calls == 1 + 1 + 3
    assert [r.getMessage().split(" (")[0].split(":")[0] for r in caplog.records] == [
        "Redis unavailable",
        "Redis answers again",
    ]

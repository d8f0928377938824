"""With Redis unreachable the cache degrades to misses: pages render, rate limits let people
through, nothing raises."""

import pytest

from core.cache import ResilientRedisCache
from core.ratelimit import RateLimit, limit_exceeded


@pytest.fixture
def unreachable_cache(monkeypatch):
    # Port 1 on the loopback refuses at once: Redis "down" without stopping anyone's Redis.
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
    )
    monkeypatch.setattr("core.ratelimit.cache", cache)
    return cache


def test_reads_miss_and_writes_are_dropped(unreachable_cache):
    cache = unreachable_cache
    assert cache.get("k", "default") == "default"
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.get_or_set("k", 3) == 3
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.is_degraded


def test_rate_limits_let_attempts_through_while_the_cache_is_down(unreachable_cache):
    limit = RateLimit(attempts=1, seconds=60)
    assert [limit_exceeded("someone", limit) for _ in range(5)] == [False] * 5


def test_after_a_failure_redis_is_not_tried_for_a_few_seconds(unreachable_cache, monkeypatch):
    unreachable_cache.get("k")
    calls = []
    monkeypatch.setattr(
        "django.core.cache.backends.redis.RedisCache.get", lambda *a, **k: calls.append(a)
    )
    assert unreachable_cache.get("k", 7) == 7
    assert calls == []

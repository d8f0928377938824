"""A Redis cache that degrades instead of failing when Redis is unreachable.

Everything Tamkeen keeps in the cache can be lost: page fragments, the anonymous page cache,
the worker heartbeat, rate-limit counters. So when Redis is down a read is a miss, a write is
dropped and a page still renders; a warning is logged once per outage, and for a few seconds
after a failure the cache is not even tried, so requests do not each wait for a timeout (the
short socket timeouts are set in ``CACHES[...]["OPTIONS"]``, lms/settings/base.py).

What that means for the callers that count on the cache:
- rate limits (core/ratelimit.py, allauth's login limits) let attempts through while Redis is
  down: check-in and sign-in keep working, unthrottled, for the length of the outage;
- ``add`` answers False (nothing was stored), so nobody believes they took a cache lock;
- ``incr`` raises ``ValueError`` as for a missing key;
- ``/health/`` sees no worker heartbeat, and the broker (the same Redis) is reported down.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _call(self, operation: str, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as error:
            if not self._down_until:
                logger.warning("Cache unreachable (%s); degrading to misses: %s", operation, error)
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback
        if self._down_until:
            logger.info("Cache reachable again")
            self._down_until = 0.0
        return result

    @property
    def is_degraded(self) -> bool:
        return time.monotonic() < self._down_until

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call("incr", missing, key, delta=delta, version=version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Nothing was stored: every key "failed", as Django's contract has it.
        return self._call("set_many", list(data), data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", False)

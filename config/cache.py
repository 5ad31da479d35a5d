"""A Redis cache that fails open: Redis stopped while people work must not turn pages into errors.

Nothing here keeps data only in the cache (sessions live in the database); the cache holds the
rate-limit counters (django-ratelimit) and other throwaway values. So when Redis cannot be
reached, a read is a miss, a write is dropped and a counter starts from zero: rate limits are
not enforced until Redis is back, which is the lesser harm than refusing every form.

After a failure the cache stays out of the way for ``RETRY_SECONDS`` (a small circuit breaker),
so an unreachable Redis costs one short connect timeout now and then, not one per call.
"""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# Short socket timeouts: a cache that answers late is worse than none.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _fail_open(fallback):
    """Run the Redis call; while Redis is unavailable, return ``fallback(*args)`` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except _UNAVAILABLE:
                if not self._down_until:
                    logger.warning("cache unavailable: working without it", exc_info=True)
                self._down_until = time.monotonic() + RETRY_SECONDS
                return fallback(*args, **kwargs)
            if self._down_until:
                logger.warning("cache available again")
                self._down_until = 0.0
            return result

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return kwargs.get("default", default)


def _returning(value):
    return lambda *args, **kwargs: value() if callable(value) else value


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache while Redis cannot be reached."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._down_until = 0.0

    get = _fail_open(_default)(RedisCache.get)
    # "added": the caller proceeds as if the key were new (a rate-limit counter starts at one).
    add = _fail_open(_returning(True))(RedisCache.add)
    set = _fail_open(_returning(None))(RedisCache.set)
    touch = _fail_open(_returning(False))(RedisCache.touch)
    delete = _fail_open(_returning(False))(RedisCache.delete)
    get_many = _fail_open(_returning(dict))(RedisCache.get_many)
    has_key = _fail_open(_returning(False))(RedisCache.has_key)
    incr = _fail_open(lambda key, delta=1, *args, **kwargs: kwargs.get("delta", delta))(
        RedisCache.incr
    )
    set_many = _fail_open(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = _fail_open(_returning(None))(RedisCache.delete_many)
    clear = _fail_open(_returning(False))(RedisCache.clear)

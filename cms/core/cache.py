"""Cache backends of Parvis.

- `ParvisRedisCache`: Django's Redis cache, reusing one client per connection pool. Django
  builds a new `redis.Redis` for every cache operation, and redis-py fills a table of about
  1,500 response callbacks in each: a third of a millisecond, several times per request. A
  client is thread-safe and holds no connection of its own (the pool does).
  When Redis cannot be reached, reads are misses and writes are skipped, so pages keep
  working from the database instead of failing.
- `LocalFirstCache`: process memory in front of Redis for entries that never change once
  written (their key names the content generation).
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis import exceptions as redis_exceptions

logger = logging.getLogger(__name__)


def _degrade(fallback):
    """When Redis cannot be reached, a cache read is a miss and a write is skipped: pages keep
    working from the database (sessions included), only slower."""

    def decorator(method):
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (redis_exceptions.ConnectionError, redis_exceptions.TimeoutError):
                logger.warning("Redis unreachable: cache %s skipped", method.__name__)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        wrapper.__name__ = method.__name__
        return wrapper

    return decorator


def _default_of_get(key, default=None, *args, **kwargs):
    return default


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    get = _degrade(_default_of_get)(RedisCacheClient.get)
    get_many = _degrade({})(RedisCacheClient.get_many)
    has_key = _degrade(False)(RedisCacheClient.has_key)
    add = _degrade(False)(RedisCacheClient.add)
    set = _degrade(None)(RedisCacheClient.set)
    set_many = _degrade(None)(RedisCacheClient.set_many)
    touch = _degrade(False)(RedisCacheClient.touch)
    delete = _degrade(False)(RedisCacheClient.delete)
    delete_many = _degrade(None)(RedisCacheClient.delete_many)
    incr = _degrade(0)(RedisCacheClient.incr)
    clear = _degrade(False)(RedisCacheClient.clear)


class ParvisRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


_MISSING = object()


def new_generation() -> int:
    """A starting generation number never used before, even after Redis lost its data: copies
    kept in process memory under an old number can never be mistaken for current ones."""
    return time.time_ns() // 1000


class LocalFirstCache(BaseCache):
    """A small cache in process memory in front of the shared one, for immutable entries.

    Only for keys that name what they hold: each fragment, site or access-key entry has the
    current content generation (or audience fingerprint) in its key, so an entry never changes
    once written and a worker may keep its own copy for LOCAL_TIMEOUT seconds. This saves a
    round trip to Redis for each of the half-dozen fragments of a page.

    LOCATION names the shared cache alias ("default").
    """

    def __init__(self, location, params):
        super().__init__(params)
        self._shared_alias = location or "default"
        options = params.get("OPTIONS", {})
        self._local_timeout = int(options.get("LOCAL_TIMEOUT", 60))
        self._local = LocMemCache(
            f"parvis-local-first-{self._shared_alias}",
            {"TIMEOUT": self._local_timeout, "OPTIONS": {"MAX_ENTRIES": 5000}},
        )

    @property
    def _shared(self):
        return caches[self._shared_alias]

    def _local_timeout_for(self, timeout):
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self._local_timeout
        return min(timeout, self._local_timeout)

    def get(self, key, default=None, version=None):
        value = self._local.get(key, _MISSING, version=version)
        if value is _MISSING:
            value = self._shared.get(key, _MISSING, version=version)
            if value is _MISSING:
                return default
            self._local.set(key, value, self._local_timeout, version=version)
        return value

    def get_many(self, keys, version=None):
        """The local copies, then the others in one round trip to the shared cache."""
        found = self._local.get_many(keys, version=version)
        missing = [key for key in keys if key not in found]
        if missing:
            shared = self._shared.get_many(missing, version=version)
            for key, value in shared.items():
                self._local.set(key, value, self._local_timeout, version=version)
            found.update(shared)
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set(key, value, timeout, version=version)
        self._local.set(key, value, self._local_timeout_for(timeout), version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = self._shared.set_many(data, timeout, version=version)
        for key, value in data.items():
            self._local.set(key, value, self._local_timeout_for(timeout), version=version)
        return failed

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._shared.add(key, value, timeout, version=version)
        if added:
            self._local.set(key, value, self._local_timeout_for(timeout), version=version)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._shared.touch(key, timeout, version=version)

    def delete(self, key, version=None):
        self._local.delete(key, version=version)
        return self._shared.delete(key, version=version)

    def has_key(self, key, version=None):
        return self._local.has_key(key, version=version) or self._shared.has_key(
            key, version=version
        )

    def clear(self):
        self._local.clear()
        self._shared.clear()

    def clear_local(self):
        self._local.clear()

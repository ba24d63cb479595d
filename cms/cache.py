"""Django's Redis cache, reusing one client per connection pool.

Django builds a new `redis.Redis` for every cache operation, and redis-py fills a table of
about 1,500 response callbacks in each: a third of a millisecond, several times per request.
A client is thread-safe and holds no connection of its own (the pool does), so one per pool is
enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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


class ParvisRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

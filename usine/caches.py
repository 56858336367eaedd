"""The fair's Redis cache: one connection pool per process, whatever the number of requests and
sockets.

Django keeps a cache object per async context (`caches` is an asgiref Local): under ASGI each
request, and each socket for its whole life, got its own RedisCache, hence its own connection
pool and its own connection to Redis. A socket that read its session through the cache
(`cached_db`) held a Redis connection and ≈ 9 KB of its worker's memory until it closed: 10,000
sockets were 10,000 Redis clients (Redis's default `maxclients`), and each page opened and
closed one. Here every RedisCache of a process shares one client, and so one pool, per location
and options (redis-py's pools are safe across threads).
"""

from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property

_clients: dict[str, object] = {}


class SharedRedisCache(RedisCache):
    @cached_property
    def _cache(self):
        key = repr((self._servers, sorted(self._options.items())))
        client = _clients.get(key)
        if client is None:
            # Two threads may both make one: the first stored wins, the other is dropped unused.
            client = _clients.setdefault(key, self._class(self._servers, **self._options))
        return client

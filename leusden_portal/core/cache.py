"""Django's Redis cache backend with one redis-py client per server instead of one per call.

Django builds a new `redis.Redis` for every cache operation; redis-py fills its table of
response callbacks each time, which cost about 0.3 ms of each cached page here (profiled
with bench/'s production settings, the client's construction was a fifth of the time of the
submission form page). A redis-py client is safe to share between threads and its pool
reconnects after a fork, so one per connection pool serves every call the same way."""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

"""The shared cache: django-redis with IGNORE_EXCEPTIONS, so that a Redis outage cannot
turn into a server error (R-SYS-4): reads miss and writes are dropped while Redis is
away, so pages compute what they need (settings/base.py CACHES).

A thin subclass only because, with an exception ignored, django-redis answers `None`
where Django's cache API promises a bool (`delete`), and so that the backend ignores
connection errors even when built without the settings' OPTIONS.
"""

from django_redis.cache import RedisCache


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {"IGNORE_EXCEPTIONS": True, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})

    def delete(self, *args, **kwargs) -> bool:
        return bool(super().delete(*args, **kwargs))

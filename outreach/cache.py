"""A Redis cache that a Redis outage cannot turn into a server error (R-SYS-4): reads
miss and writes are dropped while Redis is away, so pages compute what they need."""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ForgivingRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            logger.warning("cache unavailable, reading %s missed: %s", key, error)
            return default

    def set(self, key, value, timeout=..., version=None):
        timeout = self.default_timeout if timeout is ... else timeout
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            logger.warning("cache unavailable, %s not kept: %s", key, error)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError:
            return False

    def clear(self):
        try:
            return super().clear()
        except RedisError:
            return False

"""Test settings: same as base, with a fast password hasher (the default costs ~0.3 s)."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
SENDFILE_ROOT = MEDIA_ROOT  # tests/conftest.py moves it along with MEDIA_ROOT
AXES_FAILURE_LIMIT = 5
# Tests serve static files through the finders; whitenoise would want collectstatic first.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Each test starts from an empty cache of its own, whatever REDIS_URL says.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The API's rate limits are tested on their own (tests/api/test_tokens.py sets a low rate).
REST_FRAMEWORK = {  # noqa: F405
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"token": "100000/min", "session": "100000/min"},
}

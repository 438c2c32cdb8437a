"""Issue 20: the service worker, served from the site root so it controls every page,
and the token the offline queue asks for before it replays.

The worker is a template: its list of assets is rendered with `static()`, so production's
hashed names are the ones cached, and its version is a digest of that list (and, where
names are not hashed, of the files' contents). A deploy that changes any asset changes
the worker's bytes, the browser installs the new worker, and the old caches are dropped.
"""

import hashlib
import json
from functools import lru_cache

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# What a field page needs to show offline. Another page's own script is cached when the
# page first loads it (the worker caches every /static/ file it serves).
OFFLINE_ASSETS = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "css/outreach.css",
    "icons/icon.svg",
    "manifest.webmanifest",
    "js/offline-queue-core.js",
    "js/offline-queue.js",
    "js/form-draft.js",
    "js/checkin.js",
    "js/photo-downscale.js",
    "js/daily_report.js",
)


@lru_cache(maxsize=1)
def _assets_and_version() -> tuple[tuple[str, ...], str]:
    urls = tuple(staticfiles_storage.url(name) for name in OFFLINE_ASSETS)
    digest = hashlib.sha256("\n".join(urls).encode())
    template = get_template("offline/sw.js")
    digest.update(template.template.source.encode())
    for name in OFFLINE_ASSETS:
        # Unhashed names (development): the contents say whether anything changed.
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return urls, digest.hexdigest()[:16]


@login_not_required
@require_GET
def service_worker(request):
    """/sw.js: the worker at the root scope (the login page registers it too)."""
    assets, version = _assets_and_version()
    response = render(
        request,
        "offline/sw.js",
        {
            "assets_json": json.dumps(list(assets)),
            "core_url": staticfiles_storage.url("js/offline-queue-core.js"),
            "version": version,
        },
        content_type="text/javascript; charset=utf-8",
    )
    # The browser checks for a new worker on navigation; never serve it from a cache.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@never_cache
@require_GET
def queue_token(request):
    """The current CSRF token and who is logged in, asked for by the queue at replay time
    (the token rotates at login). Without a session the middleware answers 401 JSON."""
    return JsonResponse({"token": get_token(request), "user": request.user.pk})

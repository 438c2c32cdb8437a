"""Issue 17 (finding 4): where a form may send the user back to.

A `next` field is the sender's claim. It is followed only when it is a path on this
site; anything else (another host, `//host`, `\\\\host`, a scheme such as `javascript:`)
falls back to the view's own page, so a link cannot bounce a logged-in user elsewhere.
"""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str, *, field: str = "next") -> str:
    """The `next` of the request (POST first, then GET) if it is a local path, else
    `fallback` (a URL or path the view builds itself)."""
    target = (request.POST.get(field) or request.GET.get(field) or "").strip()
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        # Only a path: even this site's own absolute URL is refused, so the answer
        # never depends on the Host header a proxy passed on.
        return fallback
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=set()):
        return fallback
    return target

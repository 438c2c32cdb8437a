"""Issue 20: the phone's offline queue, server side.

A field page's form sent from the phone's queue (static/js/offline-queue-core.js) is a
fetch with `X-Outreach-Queue: 1`, the time the person acted (`X-Outreach-Acted-At`, the
phone's clock) and the person it was queued for (`X-Outreach-User`). It is answered in
JSON — accepted, or refused with the reason — never with a page or a redirect, so the
queue can show the outcome. An expired session is a 401 and a refusal of access a 403,
both JSON: the queue keeps the item and asks the person to log in again.
"""

from datetime import datetime

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure

QUEUE_HEADER = "X-Outreach-Queue"
ACTED_AT_HEADER = "X-Outreach-Acted-At"
USER_HEADER = "X-Outreach-User"


def is_queued(request: HttpRequest) -> bool:
    """Whether the request is a submission sent from the phone's offline queue."""
    return request.headers.get(QUEUE_HEADER) == "1"


def acted_at(request: HttpRequest) -> datetime | None:
    """The phone's time of acting, as sent by the queue; None when absent or unreadable
    (then the arrival is all the server knows)."""
    if not is_queued(request):
        return None
    raw = request.headers.get(ACTED_AT_HEADER, "")
    try:
        moment = parse_datetime(raw)
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        return None  # a time without its zone cannot be placed
    return moment


def accepted(*, url: str = "", message: str = "", **extra) -> JsonResponse:
    return JsonResponse({"outcome": "accepted", "url": url, "message": message, **extra})


def refused(reason: str, *, status: int = 409) -> JsonResponse:
    """A refusal the person must see (e.g. the phone was registered by someone else
    meanwhile); the queue shows the reason and never retries it."""
    return JsonResponse({"outcome": "refused", "reason": reason}, status=status)


def form_refused(form) -> JsonResponse:
    """A queued form the server could not accept as sent: its errors, in words."""
    reasons = [str(m) for errors in form.errors.values() for m in errors]
    return refused(" ".join(reasons) or _("Please check the form."), status=400)


def _auth_answer(status: int, reason: str) -> JsonResponse:
    return JsonResponse({"outcome": "login", "reason": reason}, status=status)


def not_logged_in() -> JsonResponse:
    return _auth_answer(401, _("Your session has ended: log in again to send what waits."))


def forbidden(reason: str = "") -> JsonResponse:
    return _auth_answer(403, reason or _("You may not send this: log in again as yourself."))


class QueueAwareLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Login is required everywhere, as before; a queued replay without a session is
    answered 401 JSON instead of a redirect to the login page, and a replay refused access
    (a 403 raised by a view or the guard) 403 JSON. A replay queued by another person than
    the one now logged in on the phone is refused before any view runs."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        response = super().process_view(request, view_func, view_args, view_kwargs)
        if response is not None or not is_queued(request):
            return response
        queued_for = request.headers.get(USER_HEADER, "")
        if queued_for and queued_for != str(request.user.pk):
            return forbidden(_("This was queued by another person: they must log in to send it."))
        return None

    def handle_no_permission(self, request, view_func):
        if is_queued(request):
            return not_logged_in()
        return super().handle_no_permission(request, view_func)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied) and is_queued(request):
            return forbidden(str(exception))
        return None


def csrf_failure(request, reason="", template_name=None):
    """CSRF_FAILURE_VIEW: a queued replay with a stale token (the token rotates at login)
    answers 403 JSON so the queue waits for a fresh login; pages keep Django's view."""
    if is_queued(request):
        return forbidden(_("Your session has changed: log in again to send what waits."))
    return django_csrf_failure(request, reason=reason)

"""The server-error page: 503 with Retry-After when the database is unreachable
(a restart, a fail-over), so proxies, the offline queue and people retry; 500 otherwise.
Both are static templates: rendering them needs no database.

The not-found page: an unknown path under /api/ answers JSON in the open API's error
shape (issue 21 §6, see api/errors.py; the core does not import the api app), every other
path Django's page."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import page_not_found
from django.views.defaults import server_error as default_server_error

from outreach.middleware import API_PREFIX

RETRY_AFTER_SECONDS = 30


def _database_down(error: BaseException | None) -> bool:
    """An outage anywhere in the chain: the error that reaches the handler may be a later
    one the loss caused (Django's "Cannot open a new connection in an atomic block")."""
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        if isinstance(error, DatabaseError) and _connection_lost(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def _connection_lost(error: DatabaseError) -> bool:
    """A database error that is not an Operational/InterfaceError is a bad query, unless
    the connection went with it: psycopg2 reports some losses as a bare DatabaseError
    with no SQLSTATE ("error with status PGRES_TUPLES_OK and no message from the
    libpq"), and marks its connection closed. A query the server refused always carries
    the server's SQLSTATE."""
    if getattr(connection.connection, "closed", 0):
        return True
    return type(error) is DatabaseError and getattr(error.__cause__, "pgcode", "") is None


@requires_csrf_token
def server_error(request, template_name="500.html"):
    if _database_down(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return default_server_error(request, template_name)


@requires_csrf_token
def not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        body = {"error": {"code": "not_found", "message": _("Not found.")}}
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    return page_not_found(request, exception)

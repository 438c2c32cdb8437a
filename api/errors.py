"""Issue 21 §6: every error is JSON with a stable code and a message in the request's
language (Chinese unless Accept-Language asks for English):

    {"error": {"code": "invalid", "message": "…", "fields": {"phone": ["…"]}}}

`code` is one of ERROR_CODES and never changes with the language; `fields` is there when
the refusal is about given fields. A service's refusal (Django's ValidationError) is a 400
with its words, as a page shows them; nothing a client sends answers 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

ERROR_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    415: "unsupported_media_type",
    429: "throttled",
}


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _fields(detail) -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {}
    return {
        str(name): _flatten(value)
        for name, value in detail.items()
        if name not in ("non_field_errors", "__all__")
    }


def _from_django(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                field: [str(m) for m in DjangoValidationError(errs).messages]
                for field, errs in error.error_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": error.messages})


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = _from_django(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real fault: the 500 handler logs it
    detail = exc.detail if isinstance(exc, exceptions.APIException) else None
    if detail is not None:
        messages = _flatten(detail)
        message = " ".join(messages) if isinstance(detail, dict | list) else str(detail)
    elif isinstance(exc, Http404):
        message = _("Not found.")
    else:  # Django's PermissionDenied, with the guard's words when it gave some
        message = str(exc) or _("You do not have permission to do this.")
    body = {"code": ERROR_CODES.get(response.status_code, "error"), "message": message}
    fields = _fields(detail)
    if fields:
        body["fields"] = fields
    response.data = {"error": body}
    return response


def error_response(code_status: int, message: str) -> Response:
    """An error answered by a view itself (e.g. an idempotency key reused for another body)."""
    return Response(
        {"error": {"code": ERROR_CODES.get(code_status, "error"), "message": message}},
        status=code_status,
    )

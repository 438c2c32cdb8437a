"""The one error path: a service's refusal shown where the user reads it (R-SYS-3).

Services refuse with ``ValidationError`` and a message a person can read. A view that
catches one hands it to ``show_refusal``: with the form that fed the service, each
message lands beside its field (or on top of the form); without a form, it becomes the
page's error message. Nothing else turns a refusal into words on a page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def show_refusal(request: HttpRequest | None, error: ValidationError, *, form=None) -> None:
    """Put a service's refusal on `form` if given, else on the page as one message."""
    if form is not None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return
    messages.error(request, " ".join(error.messages))

"""Forms keep what was typed when they are refused (issue 18 §8).

Many pages post a small form (a reason, an amount, a complaint) to an action address
that answers with a redirect back to the page. When the form is refused (invalid, or a
service's ValidationError) the page must show the same form again: what was typed, and
each error beside its field. The typed values travel in the (server-side) session for
that one redirect, keyed by the action's path, and the page picks them up with
`kept_form` instead of building an empty form.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from outreach.refusals import show_refusal

SESSION_KEY = "kept_forms"
NEVER_KEPT = ("csrfmiddlewaretoken", "password")


def form_refused(request: HttpRequest, form, back, *, error: ValidationError | None = None):
    """Go back to the form's page (`back`: a URL or url name), keeping what was typed.

    The message on top says why (the service's words, or "check the marked fields");
    the form itself, rebuilt by `kept_form`, shows each error beside its field."""
    form_keep(request, form, error=error)
    return redirect(back)


def form_keep(request: HttpRequest, form, *, error: ValidationError | None = None) -> None:
    """`form_refused` without the redirect, for an action that answers its own way."""
    if error is not None:
        show_refusal(request, error, form=form)
        show_refusal(request, error)
    else:
        messages.error(request, _("Nothing was saved: correct the marked fields."))
    kept = request.session.get(SESSION_KEY, {})
    kept[request.path] = {
        "data": {
            key: values
            for key, values in request.POST.lists()
            if not any(word in key for word in NEVER_KEPT)
        },
        "errors": {field: [str(m) for m in errors] for field, errors in form.errors.items()},
    }
    request.session[SESSION_KEY] = kept


def kept_posted(request: HttpRequest, action: str) -> dict:
    """What was typed in the refused post to `action` (empty if none), without taking it:
    for a page with two forms posting to the same address, to tell which one came back."""
    return ((request.session.get(SESSION_KEY) or {}).get(action) or {}).get("data", {})


def kept_data(request: HttpRequest, action: str) -> QueryDict | None:
    """What was typed in the last refused post to `action` (once), or None: for a page
    that rebinds several forms from one post (each form's own checks mark its fields)."""
    kept = request.session.get(SESSION_KEY) or {}
    stash = kept.pop(action, None)
    if stash is None:
        return None
    request.session[SESSION_KEY] = kept
    data = QueryDict(mutable=True)
    for key, values in stash["data"].items():
        data.setlist(key, values)
    data.kept_errors = stash["errors"]
    return data


def kept_form(request: HttpRequest, form_class, action: str, **kwargs):
    """The form for a page: bound to what was typed if its last post to `action` was
    refused (once), else a fresh one built with `kwargs` (initial=…, choices …)."""
    data = kept_data(request, action)
    if data is None:
        return form_class(**kwargs)
    form = form_class(data=data, **kwargs)
    form.full_clean()
    for field, errors in data.kept_errors.items():
        name = field if field in form.fields else None
        shown = form.errors.get(field if name else "__all__", [])
        for error in errors:
            if error not in shown:
                form.add_error(name, error)
    return form

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from outreach.views.mixins import add_validation_errors


def require_any(user, *perms: str) -> None:
    """A page outside a role answers 403 (R-ROLE-1)."""
    if not any(user.has_perm(p) for p in perms):
        raise PermissionDenied


def form_page(request, form, *, title, back, save, success, success_url):
    """Validate → one service call → redirect; a service's ValidationError lands on the form
    and nothing is saved (R-SYS-3)."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(success_url(obj) if callable(success_url) else success_url)
    return render(request, "form.html", {"form": form, "title": title, "back": back})


def service_call(request, action, *, success):
    """Run one service; its ValidationError becomes a message and nothing is saved.
    Returns what the service returned, or None when it refused."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, success)
    return result


def post_action(request, action, *, success, back):
    """Run one service for a POST button; show its ValidationError as a message."""
    service_call(request, action, success=success)
    return redirect(back)


def form_errors(request, form, back):
    """An invalid form posted from another page: its errors as messages, back there."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(errors)
        messages.error(request, f"{label}: {text}" if label else text)
    return redirect(back)

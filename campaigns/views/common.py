"""The campaigns pages' few shapes of "one service call": a form page, and a POST button
whose refusal comes back on the page it was pressed on (R-SYS-3, issue 18 §8). Every
refusal is shown through the one error path, `outreach.refusals.show_refusal`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from outreach.refusals import show_refusal
from outreach.views.kept_forms import form_keep, form_refused


def form_page(request, form, *, title, back, save, success, success_url):
    """Validate → one service call → redirect; a service's ValidationError lands on the form
    and nothing is saved (R-SYS-3)."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, success)
            return redirect(success_url(obj) if callable(success_url) else success_url)
    return render(request, "form.html", {"form": form, "title": title, "back": back})


def service_call(request, action, *, success, form=None):
    """Run one service; its ValidationError becomes a message and nothing is saved (with
    `form`, what was typed is kept for the page: issue 18 §8).
    Returns what the service returned, or None when it refused."""
    try:
        result = action()
    except ValidationError as error:
        if form is not None:
            form_keep(request, form, error=error)
        else:
            show_refusal(request, error)
        return None
    messages.success(request, success)
    return result


def post_action(request, action, *, success, back, form=None):
    """Run one service for a POST button; show its ValidationError as a message."""
    service_call(request, action, success=success, form=form)
    return redirect(back)


def form_errors(request, form, back):
    """An invalid form posted from another page: back there, where the page shows it
    again as typed with each error beside its field (issue 18 §8)."""
    return form_refused(request, form, back)

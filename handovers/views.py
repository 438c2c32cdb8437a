"""Issue 20: the departure hand-over pages (managers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from outreach.guard import permission_required
from outreach.refusals import show_refusal
from outreach.selectors import visible_staff

from .forms import HandOverForm
from .selectors import (
    KINDS,
    hand_over_log,
    hand_over_people,
    hand_over_person,
    holdings_of,
    holdings_rows,
    staff_names,
)
from .services import hand_over

LOG_ROWS = 10


@permission_required("handovers.hand_over")
def handover_list(request):
    """People in scope who still hold something, those who left first."""
    people = hand_over_people(user=request.user, now=timezone.now())
    return render(request, "handovers/list.html", {"people": people, "kinds": KINDS})


def _log_entries(person):
    """The person's last hand-overs with the new holders' names (one query for all)."""
    entries = list(hand_over_log(person=person)[:LOG_ROWS])
    ids = {int(h) for e in entries for by in e.counts.values() for h in by if h != "pool"}
    names = staff_names(ids)
    for entry in entries:
        per_holder: dict[str, int] = {}
        for by in entry.counts.values():
            for h, n in by.items():
                label = _("shared pool") if h == "pool" else names.get(int(h), f"#{h}")
                per_holder[label] = per_holder.get(label, 0) + n
        entry.per_holder = sorted(per_holder.items())
    return entries


@require_http_methods(["GET", "POST"])
@permission_required("handovers.hand_over")
def handover_person(request, pk: int):
    """What one person holds, the form to hand it over, and the log of past hand-overs."""
    person = hand_over_person(user=request.user, pk=pk)
    form = HandOverForm(request.POST or None, people=visible_staff(request.user), person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log = hand_over(
                actor=request.user,
                person=person,
                mode=data["mode"],
                to=data["to"],
                group=data["group"],
                reason=data["reason"],
            )
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(
                request,
                _("Handed over %(n)s items of %(name)s.") % {"n": log.total(), "name": person.name},
            )
            return redirect("handover-person", pk=person.pk)
    now = timezone.now()
    context = {
        "person": person,
        "held": holdings_of(person.pk, now),
        "rows": holdings_rows(person, now),
        "form": form,
        "log": _log_entries(person),
    }
    return render(request, "handovers/person.html", context)

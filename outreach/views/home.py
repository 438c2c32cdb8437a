from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..dates import today
from ..selectors import group_of, staff_of


@require_GET
def home(request):
    """The landing page after login; later issues turn it into each role's dashboard."""
    staff = staff_of(request.user)
    context = {
        "staff": staff,
        "group": group_of(staff, today()) if staff else None,
    }
    return render(request, "outreach/home.html", context)

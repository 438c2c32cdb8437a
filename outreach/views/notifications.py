from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..pagination import paginate
from ..selectors import notification_list


@require_GET
def notification_list_view(request):
    page = paginate(request, notification_list(user=request.user))
    return render(request, "outreach/notification_list.html", {"page": page})


@require_POST
def notification_read(request, pk: int | None = None):
    services.notification_mark_read(user=request.user, notification_id=pk)
    return redirect("notification-list")

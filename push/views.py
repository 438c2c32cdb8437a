"""Issue 20 pages: the groups' chat robots (managers), their recent and failed messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach.guard import in_scope_or_404, permission_required
from outreach.refusals import show_refusal

from . import services
from .forms import RobotForm
from .kinds import PUSH_KINDS
from .selectors import deliveries_recent, robot_list, robot_list_with_counts

MANAGE = "push.manage_robots"


@permission_required(MANAGE)
def robot_list_view(request):
    robots = list(robot_list_with_counts(user=request.user))
    for robot in robots:
        robot.kind_labels = [PUSH_KINDS[kind] for kind in robot.kinds if kind in PUSH_KINDS]
    return render(
        request,
        "push/robot_list.html",
        {
            "robots": robots,
            "failures": deliveries_recent(user=request.user, failed_only=True),
            "recent": deliveries_recent(user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def robot_edit_view(request, pk: int | None = None):
    robot = in_scope_or_404(robot_list(user=request.user), pk=pk) if pk else None
    initial = {"is_active": True}
    if robot:
        initial = {"name": robot.name, "platform": robot.platform, "kinds": robot.kinds}
        initial["is_active"] = robot.is_active
    form = RobotForm(request.POST or None, robot=robot, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if robot is None:
                services.robot_create(actor=request.user, **data)
            else:
                services.robot_update(actor=request.user, robot=robot, **data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect("push-robot-list")
    title = _("Edit %(robot)s") % {"robot": robot} if robot else _("Connect a group chat")
    return render(
        request, "form.html", {"form": form, "title": title, "back": reverse("push-robot-list")}
    )


@require_POST
@permission_required(MANAGE)
def robot_test_view(request, pk: int):
    robot = in_scope_or_404(robot_list(user=request.user), pk=pk)
    try:
        services.robot_test_send(actor=request.user, robot=robot)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Test message queued: it appears below once sent."))
    return redirect("push-robot-list")

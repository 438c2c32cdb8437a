"""Issue 20 reads for the robots page, scoped to the user (managers see every group's)."""

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from outreach.guard import can

from .models import Delivery, DeliveryState, GroupRobot

RECENT = 30


def robot_list(*, user: User) -> QuerySet[GroupRobot]:
    if not can(user, "push.manage_robots"):
        return GroupRobot.objects.none()
    return GroupRobot.objects.select_related("group")


def robot_list_with_counts(*, user: User) -> QuerySet[GroupRobot]:
    return robot_list(user=user).annotate(
        sent=Count("deliveries", filter=Q(deliveries__state=DeliveryState.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
        waiting=Count(
            "deliveries",
            filter=Q(deliveries__state__in=[DeliveryState.QUEUED, DeliveryState.SENDING]),
        ),
    )


def deliveries_recent(*, user: User, failed_only: bool = False) -> list[Delivery]:
    """The latest messages of the robots the user manages (the failed ones, or all)."""
    rows = Delivery.objects.filter(robot__in=robot_list(user=user)).select_related("robot__group")
    if failed_only:
        rows = rows.filter(state=DeliveryState.FAILED)
    return list(rows.order_by("-created_at", "-pk")[:RECENT])

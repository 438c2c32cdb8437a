"""Payroll writes: targets (R-PAY-3) and pay policy versions."""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.dates import month_start
from outreach.guard import can, require
from outreach.models import Group, Staff
from outreach.validators import entered_day_validate

from ..models import Target, TargetStatus

VISIT_CALL_FIELDS = ("conversions", "visits")


def _absent_if_zero(value: int | None) -> int | None:
    """R-PAY-3: a target is absent or a positive integer; saving 0 stores "absent"."""
    if value is None or value == 0:
        return None
    if value < 0:
        raise ValidationError(_("A target cannot be negative."))
    return value


def target_set(
    *,
    actor: User,
    month: date,
    staff: Staff | None = None,
    group: Group | None = None,
    conversions: int | None = None,
    visits: int | None = None,
    deals: int | None = None,
) -> Target | None:
    """R-PAY-3: the outreach manager proposes visit/call targets, the sales manager sets
    deal targets (and may set all). Changing an approved visit/call target makes it a
    proposal again. Returns None when nothing is set and nothing existed."""
    require(actor, "payroll.propose_targets", "payroll.approve_targets")
    can_propose = can(actor, "payroll.propose_targets")
    can_approve = can(actor, "payroll.approve_targets")
    entered_day_validate(month, field="month")
    if (staff is None) == (group is None):
        raise ValidationError(_("A target is for one person or one group."))
    first = month_start(month)
    if staff is not None and staff.leave_date is not None and staff.leave_date < first:
        raise ValidationError(
            _("%(name)s left on %(day)s; no target for %(month)s.")
            % {"name": staff.name, "day": staff.leave_date, "month": f"{first:%Y-%m}"}
        )
    wanted = {
        "conversions": _absent_if_zero(conversions),
        "visits": _absent_if_zero(visits),
        "deals": _absent_if_zero(deals),
    }
    with transaction.atomic():
        target = (
            Target.objects.select_for_update().filter(month=first, staff=staff, group=group).first()
        )
        if target is None:
            if not any(v is not None for v in wanted.values()):
                return None
            target = Target(month=first, staff=staff, group=group)
        changed = []
        for field, value in wanted.items():
            allowed = can_approve or (can_propose and field in VISIT_CALL_FIELDS)
            if getattr(target, field) != value:
                if not allowed:
                    raise PermissionDenied
                setattr(target, field, value)
                changed.append(field)
        if target.pk and not changed:
            return target
        if any(f in VISIT_CALL_FIELDS for f in changed) and not can_approve:
            target.status = TargetStatus.PROPOSED
            target.proposed_by = actor
            target.approved_by = target.approved_at = None
        elif not target.pk and can_approve:
            target.status = TargetStatus.APPROVED
            target.approved_by, target.approved_at = actor, timezone.now()
        target.full_clean()
        if target.pk:
            target.save(
                update_fields=[
                    *changed,
                    "status",
                    "proposed_by",
                    "approved_by",
                    "approved_at",
                    "updated_at",
                ]
            )
        else:
            target.save()
    return target


def target_approve(*, actor: User, target: Target) -> Target:
    require(actor, "payroll.approve_targets")
    with transaction.atomic():
        target = Target.objects.select_for_update().get(pk=target.pk)
        if target.status != TargetStatus.APPROVED:
            target.status = TargetStatus.APPROVED
            target.approved_by, target.approved_at = actor, timezone.now()
            target.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return target


def targets_copy_from_last_month(
    *, actor: User, month: date, people: list[Staff], groups: list[Group]
) -> int:
    """Copy last month's targets to whoever has none yet this month; returns the count."""
    first = month_start(month)
    previous = month_start(first - timedelta(days=1))
    copied = 0
    with transaction.atomic():
        existing = Target.objects.filter(month=first)
        have_staff = set(existing.filter(staff__isnull=False).values_list("staff_id", flat=True))
        have_group = set(existing.filter(group__isnull=False).values_list("group_id", flat=True))
        sources = Target.objects.filter(month=previous)
        for source in sources.filter(staff__in=people).exclude(staff_id__in=have_staff):
            copied += bool(
                target_set(
                    actor=actor,
                    month=first,
                    staff=source.staff,
                    conversions=source.conversions,
                    visits=source.visits,
                    deals=source.deals,
                )
            )
        for source in sources.filter(group__in=groups).exclude(group_id__in=have_group):
            copied += bool(
                target_set(
                    actor=actor,
                    month=first,
                    group=source.group,
                    conversions=source.conversions,
                    visits=source.visits,
                    deals=source.deals,
                )
            )
    return copied


def split_quarter(total: int | None) -> list[int | None]:
    """A quarter's target as three monthly ones: whole numbers, the remainder to the
    first months (31 → 11, 10, 10); absent stays absent."""
    if not total:
        return [None, None, None]
    share, extra = divmod(total, 3)
    return [share + (1 if i < extra else 0) or None for i in range(3)]


def targets_set_for_quarter(
    *,
    actor: User,
    quarter_start: date,
    staff: Staff | None = None,
    group: Group | None = None,
    conversions: int | None = None,
    visits: int | None = None,
    deals: int | None = None,
) -> list[Target | None]:
    """R-PAY-3: targets agreed at the quarter's start, broken into its three months."""
    if quarter_start.day != 1 or quarter_start.month not in (1, 4, 7, 10):
        raise ValidationError(_("A quarter starts on 1 January, April, July or October."))
    parts = [split_quarter(value) for value in (conversions, visits, deals)]
    months = [quarter_start.replace(month=quarter_start.month + i) for i in range(3)]
    with transaction.atomic():
        return [
            target_set(
                actor=actor,
                month=month,
                staff=staff,
                group=group,
                conversions=parts[0][i],
                visits=parts[1][i],
                deals=parts[2][i],
            )
            for i, month in enumerate(months)
        ]

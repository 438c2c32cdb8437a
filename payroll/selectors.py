"""Payroll reads: the policy in force for a month, targets."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from outreach.dates import month_start

from .models import PayPolicy, Target


def pay_policy_for_month(month: date) -> PayPolicy:
    """R-PAY-CALC: the policy version in force on the month's 1st."""
    first = month_start(month)
    policy = PayPolicy.objects.filter(effective_from__lte=first).first()
    if policy is None:
        raise ValidationError(
            _("No pay policy is in force on %(day)s; add one first.") % {"day": first}
        )
    return policy


def targets_for_month(month: date) -> QuerySet[Target]:
    return Target.objects.filter(month=month_start(month)).select_related("staff", "group")


def person_targets(month: date) -> dict[int, Target]:
    """Each person's own targets for the month, by staff id (R-PAY-3: pay uses them)."""
    return {t.staff_id: t for t in targets_for_month(month).filter(staff__isnull=False)}

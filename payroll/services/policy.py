"""Payroll writes: pay policy versions."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction

from outreach.guard import require

from ..models import PayPolicy

DEFAULT_POLICY_START = datetime.date(2020, 1, 1)


def pay_policy_default_ensure(**_kwargs) -> None:
    """R-PAY-1…7: with no policy at all, put the spec's default rates in force from 2020-01
    (field defaults are the spec's numbers), so every month has a policy out of the box.
    Runs after every migrate (and test flush); a configured policy is never touched."""
    if not PayPolicy.objects.exists():
        PayPolicy.objects.create(effective_from=DEFAULT_POLICY_START)


def pay_policy_create(*, actor: User, values: dict) -> PayPolicy:
    """R-PAY-1…7: a new policy version, in force from its `effective_from` month on."""
    require(actor, "payroll.manage_pay_policy")
    with transaction.atomic():
        policy = PayPolicy(**values)
        policy.full_clean()
        policy.save()
    return policy

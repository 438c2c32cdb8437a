"""Helpers for the clients app's tests: leads are made through the real services."""

from datetime import datetime
from zoneinfo import ZoneInfo

from clients.models import LeadKind
from clients.services.leads import LeadInput, lead_register
from clients.services.visits import rotation_day_setup, visit_confirm, visit_register

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


def register(owner, phone, *, now, kind=LeadKind.IN_PERSON, name="客户", **extra):
    return lead_register(
        actor=owner.user,
        owner=owner,
        data=LeadInput(name=name, phone=phone, kind=kind, **extra),
        now=now,
    )


def confirmed_visit(lead, consultant, *, now):
    """A visit received by `consultant` (alone in the day's queue) and confirmed."""
    rotation_day_setup(actor=None, day=now.astimezone(SH).date(), consultants=[consultant])
    visit = visit_register(actor=consultant.user, phone=lead.phone, now=now)
    assert visit.consultant_id == consultant.pk
    return visit_confirm(actor=consultant.user, visit_id=visit.pk, now=now)

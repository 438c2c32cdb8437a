"""The rows a page may fetch by key, already narrowed to the user (R-ROLE-1): a view
looks an object up in one of these with `in_scope_or_404`, so another group's row, or
one the user has no business with, answers 404 on reads and writes alike."""

from datetime import date

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from outreach.guard import can
from outreach.models import Role, Staff
from outreach.selectors import staff_of

from ..models import (
    Complaint,
    Cooperation,
    Deal,
    FollowUp,
    InboundCall,
    LeadPolicy,
    RotationMember,
    Visit,
)
from . import client_list, lead_scope


def complaint_scope(*, user: User) -> QuerySet[Complaint]:
    """Complaints of the clients the user sees."""
    return Complaint.objects.filter(client__in=client_list(user=user)).select_related("client")


def cooperation_scope(*, user: User) -> QuerySet[Cooperation]:
    """Cooperations of the clients the user sees."""
    return Cooperation.objects.filter(client__in=client_list(user=user))


def deal_scope(*, user: User) -> QuerySet[Deal]:
    """Deals on the leads the user sees."""
    return Deal.objects.filter(lead__in=lead_scope(user))


def deal_list(*, user: User) -> QuerySet[Deal]:
    """`deal_scope` with what a list shows of each deal (the open API, issue 21)."""
    return deal_scope(user=user).select_related("lead__client", "consultant", "credited_staff")


def follow_up_scope(*, user: User) -> QuerySet[FollowUp]:
    """Follow-ups on the leads the user sees (the open API, issue 21)."""
    return FollowUp.objects.filter(lead__in=lead_scope(user)).select_related("client", "by")


def visit_scope(*, user: User) -> QuerySet[Visit]:
    """The visits the pages show the user: those on the leads they see (a lead's page) and
    those they received as consultant (their receptions, even once the lead has left
    their scope)."""
    if not can(user, "clients.view_clients", "clients.confirm_visit"):
        return Visit.objects.none()
    me = staff_of(user)
    seen = Q(lead__in=lead_scope(user))
    if me is not None:
        seen |= Q(consultant=me)
    return Visit.objects.filter(seen).select_related(
        "lead__client", "brought_by", "consultant", "credited_staff"
    )


def visits_received(*, user: User) -> QuerySet[Visit]:
    """The visits the user received as consultant (none for a login without staff)."""
    me = staff_of(user)
    if me is None:
        return Visit.objects.none()
    return Visit.objects.filter(consultant=me)


def rotation_members(*, day: date) -> QuerySet[RotationMember]:
    """The rotation queue's rows of a day (the front desk sets their states)."""
    return RotationMember.objects.filter(day=day)


def rotation_consultants() -> list[Staff]:
    """Every current sales consultant, in employee-number order (today's queue)."""
    return list(
        Staff.objects.filter(role=Role.CONSULTANT, leave_date__isnull=True).order_by("employee_no")
    )


def inbound_call_scope(*, user: User) -> QuerySet[InboundCall]:
    """Calls to the sales office: the front desk and the lead managers see them all."""
    if not can(user, "clients.run_reception", "clients.manage_leads"):
        return InboundCall.objects.none()
    return InboundCall.objects.select_related("assigned_to", "logged_by")


def lead_policy_versions(*, limit: int = 20) -> QuerySet[LeadPolicy]:
    """The latest versions of the lead rules, newest first."""
    return LeadPolicy.objects.all()[:limit]


def lead_policy_of_day(day: date | None) -> LeadPolicy | None:
    """The version that starts on `day` (None when there is none, or no day)."""
    if day is None:
        return None
    return LeadPolicy.objects.filter(effective_from=day).first()

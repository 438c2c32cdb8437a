"""R-PAY-8: the facts each payslip line counts, as short texts with links, so a line can
be checked item by item. Four queries for a whole payslip, whatever its size."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.selectors.pay_facts import violations_by_id
from campaigns.selectors.pay_facts import claims_by_id
from clients.phones import phone_mask
from clients.selectors.pay_facts import deals_by_id, visits_by_id

from .calc import Kind

VISIT_KINDS = (Kind.PERFORMANCE, Kind.BONUS_CONVERSIONS, Kind.BONUS_VISITS)
DEAL_KINDS = (Kind.COMMISSION, Kind.OVERRIDE)


@dataclass(frozen=True)
class Source:
    text: str
    url: str | None = None


def _visit_ids(line) -> list[int]:
    if line.kind in VISIT_KINDS:
        return list(line.params.get("visit_ids") or [])
    return []


def _deal_ids(line) -> list[int]:
    if line.kind in DEAL_KINDS and line.source_id:
        return [line.source_id]
    if line.kind == Kind.CLAWBACK:
        return [deal_id for deal_id, _amount in line.params.get("cancelled") or []]
    return []


def _single(line, kind) -> list[int]:
    return [line.source_id] if line.kind == kind and line.source_id else []


def _visit_text(visit) -> Source:
    day = timezone.localtime(visit.confirmed_at).date() if visit.confirmed_at else None
    return Source(
        _("visit #%(id)s on %(day)s, %(phone)s")
        % {"id": visit.pk, "day": day, "phone": phone_mask(visit.lead.phone)}
    )


def _deal_text(deal) -> Source:
    return Source(
        _("deal #%(id)s: %(project)s, %(units)s units, signed %(day)s")
        % {"id": deal.pk, "project": deal.project, "units": deal.units, "day": deal.signed_on}
    )


def _violation_text(violation) -> Source:
    day = timezone.localtime(violation.occurred_at).date()
    return Source(
        _("violation #%(id)s %(code)s on %(day)s")
        % {"id": violation.pk, "code": violation.rule_title, "day": day},
        reverse("violation-detail", args=[violation.pk]),
    )


def _claim_text(claim) -> Source:
    return Source(
        _("expense claim #%(id)s: %(amount)s") % {"id": claim.pk, "amount": claim.amount},
        reverse("claim-detail", args=[claim.pk]),
    )


def line_sources(lines) -> dict[int, list[Source]]:
    """Line pk → its sources, in the order the line counts them."""
    lines = list(lines)
    wanted = {
        "visits": {i for line in lines for i in _visit_ids(line)},
        "deals": {i for line in lines for i in _deal_ids(line)},
        "violations": {i for line in lines for i in _single(line, Kind.FINE)},
        "claims": {i for line in lines for i in _single(line, Kind.REIMBURSEMENT)},
    }
    visits = visits_by_id(ids=wanted["visits"])
    deals = deals_by_id(ids=wanted["deals"])
    violations = violations_by_id(ids=wanted["violations"])
    claims = claims_by_id(ids=wanted["claims"])
    found = {}
    for line in lines:
        items = [_visit_text(visits[i]) for i in _visit_ids(line) if i in visits]
        items += [_deal_text(deals[i]) for i in _deal_ids(line) if i in deals]
        items += [
            _violation_text(violations[i]) for i in _single(line, Kind.FINE) if i in violations
        ]
        items += [_claim_text(claims[i]) for i in _single(line, Kind.REIMBURSEMENT) if i in claims]
        if items:
            found[line.pk] = items
    return found

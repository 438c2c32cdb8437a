"""R-FINE, R-FINE-4: recording violations (one by one or in bulk) with their amounts
computed and kept, the fake-lead consequences, and the numbering of late arrivals."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from clients.selectors import lead_exists, signed_deal_ids
from clients.services.deals import deal_cancel
from clients.services.leads import lead_mark_invalid
from outreach.dates import local_day, month_bounds
from outreach.models import Staff
from outreach.money import money_text
from outreach.selectors import month_is_closed
from outreach.services import notification_create

from ..models import AmountRule, Violation, ViolationRule
from .common import day_wage, leaders_on, money, person_lock, photo_check, require_leader_or_manager
from .rulebook import rulebook_in_force

LATE_CODE = "ATT-LATE"
FAKE_LEAD_CODE = "FAKE-LEAD"


def _rule_for(code: str, at: datetime) -> ViolationRule:
    version = rulebook_in_force(at)
    if version is None:
        raise ValidationError(_("No published rulebook is in force at that time."))
    rule = version.rules.filter(code=code).select_related("version").first()
    if rule is None:
        raise ValidationError(_("The rulebook in force has no rule %(code)s.") % {"code": code})
    return rule


def person_amount_for(rule: ViolationRule, staff: Staff, at: datetime) -> Decimal:
    if staff.work_city_id and not staff.work_city.money_fines_allowed:
        return Decimal("0.00")
    if rule.person_rule == AmountRule.FIXED:
        return money(rule.person_amount)
    if rule.person_rule == AmountRule.HALF_DAY_WAGE:
        return money(day_wage(staff, local_day(at)) / 2)
    if rule.person_rule == AmountRule.DAY_WAGE:
        return money(day_wage(staff, local_day(at)))
    return Decimal("0.00")


def violation_record(
    *,
    staff: Staff,
    code: str,
    occurred_at: datetime,
    recorded_by: Staff | None = None,
    point=None,
    place: str = "",
    evidence=None,
    note: str = "",
    lead_ref: str = "",
    source: str = Violation.Source.MANUAL,
    auto_key: str | None = None,
    inspection=None,
    leader_exempt: bool = False,
) -> Violation:
    """R-FINE: record a violation with its amounts computed now and kept.

    The joint fine goes to whoever led the person's group at `occurred_at` (none when the
    person is that leader or has no group). A work city without money fines records 0.
    Recorded under the person's lock, so an `auto_key` is looked up and created once and
    the month's late arrivals are numbered from all of them.
    """
    day = local_day(occurred_at)
    if recorded_by is not None and source == Violation.Source.MANUAL:
        require_leader_or_manager(recorded_by, staff, day)
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("A violation cannot be in the future.")})
    photo_check(evidence, "evidence")
    rule = _rule_for(code, occurred_at)
    leader_id = None if leader_exempt else leaders_on(day, {staff.pk})[staff.pk]
    fines_off = bool(staff.work_city_id and not staff.work_city.money_fines_allowed)
    leader_amount = money(rule.leader_amount) if leader_id and not fines_off else Decimal("0.00")
    with transaction.atomic():
        person_lock(staff.pk)
        if auto_key:
            existing = Violation.objects.select_for_update().filter(auto_key=auto_key).first()
            if existing:
                if existing.state == Violation.State.REVERSED:
                    existing.state = Violation.State.ACTIVE
                    existing.save(update_fields=["state", "updated_at"])
                    if code == LATE_CODE:
                        late_renumber(staff=staff, day=day)
                return existing
        violation = Violation.objects.create(
            staff=staff,
            rule=rule,
            version=rule.version,
            code=code,
            occurred_at=occurred_at,
            point=point,
            place=place,
            evidence=evidence or "",
            note=note,
            lead_ref=lead_ref,
            recorded_by=recorded_by,
            source=source,
            auto_key=auto_key,
            amount=person_amount_for(rule, staff, occurred_at),
            leader_id=leader_id,
            leader_amount=leader_amount,
            inspection=inspection,
        )
        if code == LATE_CODE:
            late_renumber(staff=staff, day=day)
            violation.refresh_from_db()
        if code == FAKE_LEAD_CODE and lead_ref:
            _fake_lead_consequences(violation, actor=recorded_by.user if recorded_by else None)
        from .discipline import discipline_case_open, discipline_thresholds_check

        discipline_thresholds_check(staff_ids={staff.pk}, day=day)
        if source in (Violation.Source.MANUAL, Violation.Source.INSPECTION):
            notification_create(
                recipient=staff.user,
                kind="attendance.violation",
                message=_("A violation was recorded: %(code)s, %(amount)s CNY")
                % {
                    "code": violation.rule_title,
                    "amount": money_text(violation.amount, symbol=False),
                },
                target=violation,
                link=reverse("violation-detail", args=[violation.pk]),
            )
        if rule.dismissal:
            discipline_case_open(
                staff=staff,
                trigger=f"dismissal:{violation.pk}",
                month=day.replace(day=1),
                reason=_("%(code)s calls for a dismissal.") % {"code": violation.rule_title},
            )
    return violation


def _fake_lead_consequences(violation: Violation, *, actor) -> None:
    """R-FINE FAKE-LEAD / R-LEAD-7: the lead (its number, e.g. "#123", as the evidence
    page fills it in) becomes invalid and its deals are cancelled through the canvasser's
    fault; clients' services do both, with their history."""
    ref = violation.lead_ref.strip().lstrip("#")
    if not (ref.isdigit() and len(ref) <= 9):
        return  # free text (a phone, a note): kept as evidence, no lead to act on
    if not lead_exists(int(ref)):
        raise ValidationError({"lead_ref": _("There is no lead #%(ref)s.") % {"ref": ref}})
    reason = _("Fake registration (violation #%(id)s)") % {"id": violation.pk}
    for deal_id in signed_deal_ids(int(ref)):
        deal_cancel(actor=actor, deal_id=deal_id, cause=reason, canvasser_fault=True)
    lead_mark_invalid(actor=actor, lead_id=int(ref), reason=reason)


def violations_record_bulk(
    *, code: str, items: list[tuple[Staff, datetime, str, bool]], source: str
) -> list[Violation]:
    """Record many violations of one fixed-amount code at once (absence detection,
    missing sign-outs): items are (person, when, auto_key, leader_exempt); existing
    keys are skipped. A constant number of queries. Two runs at once with the same keys
    are kept apart by the caller (absence and missing sign-out detection hold the day
    records locked), as the lookup of taken keys is not locked."""
    if not items:
        return []
    keys = {key for _s, _a, key, _e in items}
    taken = set(Violation.objects.filter(auto_key__in=keys).values_list("auto_key", flat=True))
    items = [item for item in items if item[2] not in taken]
    if not items:
        return []
    rule = _rule_for(code, items[0][1])
    if rule.person_rule not in (AmountRule.FIXED, AmountRule.NONE):
        raise ValueError("bulk recording is for fixed-amount codes")
    day = local_day(items[0][1])
    leaders = leaders_on(day, {s.pk for s, *_rest in items})
    rows = []
    for staff, at, key, exempt in items:
        fines_off = bool(staff.work_city_id and not staff.work_city.money_fines_allowed)
        leader_id = None if exempt else leaders[staff.pk]
        rows.append(
            Violation(
                staff=staff,
                rule=rule,
                version=rule.version,
                code=code,
                occurred_at=at,
                source=source,
                auto_key=key,
                amount=person_amount_for(rule, staff, at),
                leader_id=leader_id,
                leader_amount=(
                    money(rule.leader_amount) if leader_id and not fines_off else Decimal("0")
                ),
            )
        )
    return bulk_create_with_history(rows, Violation, batch_size=500)


def late_renumber(*, staff: Staff, day) -> None:
    """R-FINE-4: number the month's active ATT-LATE in order of occurrence; the first
    `escalate_after` cost the rule's amount, later ones the escalated amount. A closed
    month is never renumbered. The caller holds the person's lock (`person_lock`), so
    no other numbering of the month runs beside this one."""
    if month_is_closed(day):
        return
    start, end = month_bounds(day)
    fines_off = bool(staff.work_city_id and not staff.work_city.money_fines_allowed)
    rows = list(
        Violation.objects.filter(
            staff=staff, code=LATE_CODE, occurred_at__gte=start, occurred_at__lt=end
        )
        .select_related("rule", "version")
        .order_by("occurred_at", "pk")
    )
    changed = []
    number = 0
    now = timezone.now()  # bulk_update skips auto_now: the API's sync reads updated_at
    for v in rows:
        if v.state != Violation.State.ACTIVE:
            seq, amount = None, v.amount
        else:
            number += 1
            seq = number
            base = (
                v.rule.person_amount
                if seq <= v.version.escalate_after
                else (v.version.escalated_amount)
            )
            amount = Decimal("0.00") if fines_off else money(base)
        if (seq, amount) != (v.sequence, v.amount):
            v.sequence, v.amount, v.updated_at = seq, amount, now
            changed.append(v)
    if changed:
        bulk_update_with_history(changed, Violation, ["sequence", "amount", "updated_at"])

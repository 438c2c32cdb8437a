"""R-FINE, R-FINE-1, R-FINE-3, R-FINE-4: the rulebook, recording fines, escalation,
waivers, reductions and appeals."""

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
from outreach.decisions import decision_refuse_own
from outreach.models import Staff
from outreach.money import money_text
from outreach.selectors import month_is_closed
from outreach.services import notification_create

from ..models import (
    AmountRule,
    RulebookAcknowledgement,
    RulebookVersion,
    Violation,
    ViolationRule,
)
from .common import (
    day_wage,
    leaders_on,
    locked,
    money,
    person_lock,
    photo_check,
    require_leader_or_manager,
)

LATE_CODE = "ATT-LATE"


# --- the rulebook (R-FINE-3) -------------------------------------------------------------


def rulebook_in_force(at: datetime) -> RulebookVersion | None:
    return (
        RulebookVersion.objects.filter(published_at__isnull=False, effective_from__lte=at)
        .order_by("-effective_from", "-number")
        .first()
    )


def rulebook_draft_create(*, title: str, effective_from: datetime) -> RulebookVersion:
    """A new draft copying the rows of the latest version."""
    with transaction.atomic():
        latest = RulebookVersion.objects.order_by("-number").first()
        version = RulebookVersion.objects.create(
            number=(latest.number + 1) if latest else 1,
            title=title,
            effective_from=effective_from,
            escalate_after=latest.escalate_after if latest else 3,
            escalated_amount=latest.escalated_amount if latest else Decimal("50.00"),
        )
        if latest:
            ViolationRule.objects.bulk_create(
                ViolationRule(
                    version=version,
                    code=r.code,
                    category=r.category,
                    description=r.description,
                    person_rule=r.person_rule,
                    person_amount=r.person_amount,
                    leader_amount=r.leader_amount,
                    dismissal=r.dismissal,
                )
                for r in latest.rules.all()
            )
    return version


def rulebook_rule_update(*, rule: ViolationRule, **fields) -> ViolationRule:
    """Editing a version anyone has acknowledged is refused (R-FINE-3)."""
    if rule.version.acknowledgements.exists():
        raise ValidationError(
            _("This rulebook version has been acknowledged; publish a new version instead.")
        )
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save(update_fields=[*fields, "updated_at"])
    return rule


def rulebook_publish(*, version: RulebookVersion, by: Staff, at: datetime | None = None):
    if version.published_at:
        raise ValidationError(_("This version is already published."))
    version.published_at = at or timezone.now()
    version.published_by = by
    version.save(update_fields=["published_at", "published_by", "updated_at"])
    transaction.on_commit(lambda: rulebook_notify_staff(version=version))
    return version


def rulebook_notify_staff(*, version: RulebookVersion) -> int:
    """R-FINE-3 / R-DASH notifications: everyone employed who has not acknowledged a
    published version is asked to; once per person and version."""
    acknowledged = version.acknowledgements.values("staff_id")
    people = (
        Staff.objects.filter(leave_date__isnull=True)
        .exclude(pk__in=acknowledged)
        .select_related("user")
    )
    link = reverse("rulebook-detail", args=[version.pk])
    sent = 0
    for person in people:
        notification_create(
            recipient=person.user,
            kind="rulebook_acknowledge",
            message=_("Read and acknowledge the rulebook: %(title)s") % {"title": version.title},
            target=version,
            link=link,
        )
        sent += 1
    return sent


def rulebook_acknowledge(
    *, version: RulebookVersion, staff: Staff, at: datetime | None = None
) -> RulebookAcknowledgement:
    """R-FINE-3: a person acknowledges a published version (who, when); once."""
    if not version.published_at:
        raise ValidationError(_("Only a published version can be acknowledged."))
    ack, _created = RulebookAcknowledgement.objects.get_or_create(
        version=version, staff=staff, defaults={"acknowledged_at": at or timezone.now()}
    )
    return ack


# --- recording ---------------------------------------------------------------------------


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


FAKE_LEAD_CODE = "FAKE-LEAD"


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
            v.sequence, v.amount = seq, amount
            changed.append(v)
    if changed:
        bulk_update_with_history(changed, Violation, ["sequence", "amount"])


# --- waive, reduce, appeal (R-FINE-1) ------------------------------------------------------


def _proportional(leader_amount: Decimal, amount: Decimal, new_amount: Decimal) -> Decimal:
    if amount == 0:
        return leader_amount
    return money(leader_amount * new_amount / amount)


def _lock_for_change(violation: Violation) -> None:
    """The person first, then the fine (the order `violation_record` takes them in): a
    waiver renumbers the person's month (R-FINE-4) beside any new late arrival."""
    person_lock(violation.staff_id)
    locked(violation)


def _check_open_month(violation: Violation) -> None:
    if month_is_closed(local_day(violation.occurred_at)):
        raise ValidationError(
            _("The month of this fine is closed; HR corrects it with an adjustment.")
        )


def violation_reduce(
    *,
    violation: Violation,
    by: Staff,
    new_amount: Decimal,
    reason: str,
    leader_amount: Decimal | None = None,
) -> Violation:
    """R-FINE-1: a manager reduces a fine with a reason; the joint fine follows in
    proportion (rounded half up) unless the manager gives it. Decided on the locked,
    current fine: of two adjustments at once, the second sees the first's outcome."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    with transaction.atomic():
        _lock_for_change(violation)
        decision_refuse_own(actor=by, requester=violation.staff)
        if violation.state != Violation.State.ACTIVE:
            raise ValidationError(_("Only an active fine can be reduced."))
        _check_open_month(violation)
        if new_amount < 0 or new_amount > violation.amount:
            raise ValidationError(
                {"new_amount": _("The new amount must be between 0 and the fine.")}
            )
        if leader_amount is None:
            leader_amount = _proportional(violation.leader_amount, violation.amount, new_amount)
        violation.adjusted_amount = money(new_amount)
        violation.adjusted_leader_amount = money(leader_amount)
        violation.adjust_reason = reason
        violation.adjusted_by = by
        if violation.appeal == Violation.Appeal.OPEN:
            violation.appeal = Violation.Appeal.GRANTED
        violation.save()
    return violation


def violation_waive(
    *, violation: Violation, by: Staff, reason: str, keep_joint: bool = False
) -> Violation:
    """R-FINE-1: waive a fine (the joint fine too unless the manager keeps it); a waived
    late arrival renumbers its month (R-FINE-4). Decided on the locked, current fine."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    with transaction.atomic():
        _lock_for_change(violation)
        decision_refuse_own(actor=by, requester=violation.staff)
        if violation.state != Violation.State.ACTIVE:
            raise ValidationError(_("Only an active fine can be waived."))
        _check_open_month(violation)
        violation.state = Violation.State.WAIVED
        violation.adjusted_amount = Decimal("0.00")
        violation.adjusted_leader_amount = (
            violation.leader_amount if keep_joint else Decimal("0.00")
        )
        violation.adjust_reason = reason
        violation.adjusted_by = by
        if violation.appeal == Violation.Appeal.OPEN:
            violation.appeal = Violation.Appeal.GRANTED
        violation.save()
        if violation.code == LATE_CODE:
            late_renumber(staff=violation.staff, day=local_day(violation.occurred_at))
    return violation


def violation_reverse(*, violation: Violation) -> Violation:
    """The fact behind the fine went away (leave approved later, a correction); reversing
    one already reversed (by a call at the same moment) changes nothing."""
    with transaction.atomic():
        _lock_for_change(violation)
        if violation.state == Violation.State.REVERSED:
            return violation
        violation.state = Violation.State.REVERSED
        violation.save(update_fields=["state", "updated_at"])
        if violation.code == LATE_CODE:
            late_renumber(staff=violation.staff, day=local_day(violation.occurred_at))
    return violation


def violation_appeal(*, violation: Violation, staff: Staff, reason: str) -> Violation:
    """R-FINE-1: the person appeals with a reason, once."""
    if violation.staff_id != staff.pk:
        raise ValidationError(_("Only the person fined can appeal."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    with transaction.atomic():
        _lock_for_change(violation)
        if violation.appeal:
            raise ValidationError(_("This fine has already been appealed."))
        violation.appeal = Violation.Appeal.OPEN
        violation.appeal_reason = reason
        violation.save(update_fields=["appeal", "appeal_reason", "updated_at"])
    return violation


def violation_appeal_reject(*, violation: Violation, by: Staff, reason: str) -> Violation:
    """R-FINE-1: the manager upholds the fine; an appeal granted meanwhile stays granted."""
    with transaction.atomic():
        _lock_for_change(violation)
        decision_refuse_own(actor=by, requester=violation.staff)
        if violation.appeal != Violation.Appeal.OPEN:
            raise ValidationError(_("There is no open appeal."))
        violation.appeal = Violation.Appeal.UPHELD
        violation.adjust_reason = reason
        violation.adjusted_by = by
        violation.save(update_fields=["appeal", "adjust_reason", "adjusted_by", "updated_at"])
    return violation

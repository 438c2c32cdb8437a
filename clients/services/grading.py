"""R-CLI-5: scoring and grading clients; R-CLI-7 reads the care cadence."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Client, ClientGrade, DealStatus, GradingPolicy


def grading_policy(on: date) -> GradingPolicy:
    return GradingPolicy.objects.filter(effective_from__lte=on).first() or GradingPolicy(
        effective_from=on
    )


def client_score(*, spend: Decimal, deals: int, potential: int, policy: GradingPolicy) -> Decimal:
    spend_part = min(spend / policy.spend_full, Decimal(1)) if policy.spend_full else Decimal(1)
    deal_part = min(Decimal(deals) / policy.deals_full, Decimal(1)) if policy.deals_full else 1
    potential_part = Decimal(potential - 1) / 4
    return 100 * (
        policy.weight_spend * spend_part
        + policy.weight_frequency * deal_part
        + policy.weight_potential * potential_part
    )


def grade_for(score: Decimal, policy: GradingPolicy) -> str:
    if score >= policy.threshold_a:
        return ClientGrade.A
    if score >= policy.threshold_b:
        return ClientGrade.B
    return ClientGrade.C


def clients_regrade(*, on: date | None = None, chunk: int = 2000) -> int:
    """The periodic re-grade of every client not graded by hand; returns how many
    changed. Spend and deals come from one aggregate query per chunk."""
    on = on or timezone.localdate()
    policy = grading_policy(on)
    since = on - timedelta(days=365)
    signed = Q(
        leads__deals__status=DealStatus.SIGNED,
        leads__deals__signed_on__gt=since,
        leads__deals__signed_on__lte=on,
    )
    clients = (
        Client.objects.filter(grade_locked=False)
        .annotate(
            spend=Coalesce(
                Sum("leads__deals__amount", filter=signed),
                Value(Decimal(0)),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            ),
            deal_count=Count("leads__deals", filter=signed),
        )
        .order_by("pk")
        .only("pk", "grade", "potential")
    )
    changed = []
    stamp = timezone.now()  # bulk_update skips auto_now: `updated_since` must see a regrade
    for client in clients.iterator(chunk_size=chunk):
        score = client_score(
            spend=client.spend, deals=client.deal_count, potential=client.potential, policy=policy
        )
        grade = grade_for(score, policy)
        if grade != client.grade:
            client.grade = grade
            client.grade_reason = _("score %(score)s") % {"score": score.quantize(Decimal("0.1"))}
            client.updated_at = stamp
            changed.append(client)
    with transaction.atomic():
        Client.objects.bulk_update(
            changed, ["grade", "grade_reason", "updated_at"], batch_size=chunk
        )
    return len(changed)


def client_grade_override(*, client_id: int, grade: str | None, reason: str) -> Client:
    """A manual grade needs a reason and is kept in the client's history; grade None
    hands the client back to the periodic re-grade."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the manual grade.")})
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        if grade is None:
            client.grade_locked = False
        else:
            if grade not in ClientGrade.values:
                raise ValidationError({"grade": _("Choose A, B or C.")})
            client.grade, client.grade_locked = grade, True
        client.grade_reason = reason.strip()
        client.save(update_fields=["grade", "grade_locked", "grade_reason", "updated_at"])
    return client

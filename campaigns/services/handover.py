"""Issue 20 departure hand-over, the campaigns part: a leaver's open events (R-CAM-1),
open preparation tasks (R-CAM-3) and invitations not yet checked in (R-CAM-4) go to the
new holders, spread evenly when there are several. Fixed queries whatever the count."""

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from clients.services.handover import HandOverResult, spread_evenly
from outreach.models import Staff

from ..models import Campaign, Invitation, PrepTask
from ..selectors.holdings import open_campaigns_of, open_invitations_of, open_tasks_of


def _case(plan: dict[int, list[int]]) -> Case:
    return Case(
        *[When(pk__in=ids, then=Value(h)) for h, ids in plan.items() if ids],
        output_field=IntegerField(),
    )


def campaign_items_hand_over(
    *,
    actor: User,
    person: Staff,
    holders: Sequence[Staff],
    start: int = 0,
    now: datetime | None = None,
) -> dict[str, HandOverResult]:
    """Move what `person` holds in open campaigns to `holders` (one, or spread). A new
    inviter joins the campaign's participants, since only the team may invite (R-CAM-4).
    Returns a result per kind ("events", "tasks", "invitations")."""
    now = now or timezone.now()
    results: dict[str, HandOverResult] = {}
    with transaction.atomic():
        kinds = (
            ("events", Campaign, open_campaigns_of(person), "owner_id"),
            ("tasks", PrepTask, open_tasks_of(person), "owner_id"),
            ("invitations", Invitation, open_invitations_of(person), "invited_by_id"),
        )
        for name, model, queryset, column in kinds:
            rows = list(
                queryset.select_for_update(of=("self",))
                .order_by("pk")
                .values_list("pk", "campaign_id" if model is not Campaign else "pk")
            )
            plan, start = spread_evenly([pk for pk, _c in rows], holders, start)
            result = HandOverResult(next_start=start)
            if rows:
                model.objects.filter(pk__in=[pk for pk, _c in rows]).update(
                    **{column: _case(plan), "updated_at": now}
                )
                result.moved = {h: len(ids) for h, ids in plan.items() if ids}
            if name == "invitations" and rows:
                campaign_of = dict(rows)
                through = Campaign.participants.through
                pairs = {(campaign_of[pk], h) for h, ids in plan.items() for pk in ids}
                through.objects.bulk_create(
                    [through(campaign_id=c, staff_id=h) for c, h in sorted(pairs)],
                    ignore_conflicts=True,
                )
            results[name] = result
    return results

"""Issue 20 departure hand-over: what a person still holds in campaigns — open events
they own (R-CAM-1), open preparation tasks (R-CAM-3) and invitations not yet checked in
(R-CAM-4). Counts for many people in one query per kind."""

from django.db.models import Count, QuerySet

from ..models import Campaign, CampaignStatus, Invitation, PrepTask

CLOSED = [CampaignStatus.REVIEWED, CampaignStatus.CANCELLED]


def open_campaigns_of(person) -> QuerySet[Campaign]:
    return Campaign.objects.filter(owner=person).exclude(status__in=CLOSED)


def open_tasks_of(person) -> QuerySet[PrepTask]:
    return PrepTask.objects.filter(owner=person, done_at__isnull=True).exclude(
        campaign__status__in=CLOSED
    )


def open_invitations_of(person) -> QuerySet[Invitation]:
    return Invitation.objects.filter(invited_by=person, checked_in_at__isnull=True).exclude(
        campaign__status__in=CLOSED
    )


def _by(queryset, field: str, people: list[int]) -> dict[int, int]:
    rows = queryset.filter(**{f"{field}__in": people}).values(field).annotate(n=Count("pk"))
    return {row[field]: row["n"] for row in rows.order_by()}


def campaign_holdings_counts(people: list[int]) -> dict[str, dict[int, int]]:
    """{kind: {staff id: count}}: three queries whatever the number of people."""
    open_campaigns = Campaign.objects.exclude(status__in=CLOSED)
    tasks = PrepTask.objects.filter(done_at__isnull=True).exclude(campaign__status__in=CLOSED)
    invitations = Invitation.objects.filter(checked_in_at__isnull=True).exclude(
        campaign__status__in=CLOSED
    )
    return {
        "events": _by(open_campaigns, "owner", people),
        "tasks": _by(tasks, "owner", people),
        "invitations": _by(invitations, "invited_by", people),
    }

"""What the home pages and the manager's dashboard show (R-DASH-1…3).

The face of the product: it reads every app through that app's selectors and writes
nothing. Each function runs a fixed number of queries whatever the data size, scoped
to the user through `outreach.selectors.visible_staff`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from attendance.selectors import attendance_day_counts, roster_for
from campaigns.models import CampaignStatus
from campaigns.selectors import campaign_list, daily_report_list, with_budget_totals
from clients.selectors.dashboard import (
    complaint_deadlines,
    conversion_medians,
    deals_by_day,
    lead_funnel,
    leads_registered_by_day,
    month_results_by_person,
    pool_summary,
    visits_by_day,
)
from outreach.dates import month_start, next_month_start
from outreach.guard import can
from outreach.jobs import JobStatus
from outreach.models import Role, Staff
from outreach.selectors import job_status_list, memberships_on, visible_staff
from payroll.selectors import targets_for_month

TREND_DAYS = 30
EFFICIENCY_DAYS = 90
RANKING_SIZE = 10
# R-DASH-1 speed: the month's aggregates may be this many seconds old (today's tiles are
# always live). Zero turns the cache off.
DASHBOARD_CACHE_SECONDS = 60
# R-DASH-2: the pay estimate uses the facts up to yesterday, so it barely moves during a
# day; it is kept this long per person and day (a correction shows within 10 minutes).
ESTIMATE_CACHE_SECONDS = 600


def owners_scope(user: User) -> QuerySet[Staff] | None:
    """None (everyone) for those who see all staff, else `visible_staff(user)`."""
    if can(user, "outreach.view_all_staff"):
        return None
    return visible_staff(user)


def can_see_dashboard(user: User) -> bool:
    """Managers and the sales manager (everything), group leaders (their group)."""
    return can(user, "clients.view_clients") and can(
        user, "outreach.view_all_staff", "outreach.view_group_staff"
    )


@dataclass
class Progress:
    """A person's or a group's month against target."""

    name: str
    visits: int = 0
    deals: int = 0
    visits_target: int | None = None
    deals_target: int | None = None
    staff_id: int | None = None
    group_id: int | None = None
    members: int = 0

    @staticmethod
    def _percent(value: int, target: int | None) -> int | None:
        if not target:
            return None
        return round(100 * value / target)

    @property
    def visits_percent(self) -> int | None:
        return self._percent(self.visits, self.visits_target)

    @property
    def deals_percent(self) -> int | None:
        return self._percent(self.deals, self.deals_target)

    @property
    def score(self) -> tuple[int, int]:
        return (self.deals, self.visits)


@dataclass
class Dashboard:
    day: date
    today: dict = field(default_factory=dict)
    month: dict = field(default_factory=dict)
    trend: dict = field(default_factory=dict)


def _trend(owners, day: date) -> dict:
    first = day - timedelta(days=TREND_DAYS - 1)
    leads = leads_registered_by_day(owners=owners, first=first, last=day)
    visits = visits_by_day(owners=owners, first=first, last=day)
    deals = deals_by_day(owners=owners, first=first, last=day)
    days = [first + timedelta(days=i) for i in range(TREND_DAYS)]
    return {
        "labels": [d.strftime("%m-%d") for d in days],
        "registrations": [leads.get(d, 0) for d in days],
        "visits": [visits.get(d, 0) for d in days],
        "deals": [deals.get(d, 0) for d in days],
    }


def _progress(user: User, owners, day: date) -> dict:
    """Each person's and group's month to target, and the rankings. Five queries."""
    first = month_start(day)
    results = month_results_by_person(first=first, next_first=next_month_start(first))
    targets = list(targets_for_month(first))
    people_qs = Staff.objects.filter(role__in=[Role.CANVASSER, Role.LEADER])
    if owners is not None:
        people_qs = people_qs.filter(pk__in=owners)
    people = {
        p.pk: Progress(name=p.name, staff_id=p.pk)
        for p in people_qs.filter(leave_date__isnull=True).only("pk", "name")
    }
    for person_id, counts in results.items():
        if person_id in people:
            people[person_id].visits = counts["visits"]
            people[person_id].deals = counts["deals"]
    groups: dict[int, Progress] = {}
    for membership in memberships_on(day).filter(staff__in=list(people)).select_related("group"):
        group = groups.setdefault(
            membership.group_id,
            Progress(name=membership.group.name, group_id=membership.group_id),
        )
        person = people[membership.staff_id]
        group.visits += person.visits
        group.deals += person.deals
        group.members += 1
    for target in targets:
        row = people.get(target.staff_id) if target.staff_id else groups.get(target.group_id)
        if row is not None:
            row.visits_target, row.deals_target = target.visits, target.deals
    ranked_people = sorted(people.values(), key=lambda p: (p.score, p.name), reverse=True)
    ranked_groups = sorted(groups.values(), key=lambda g: (g.score, g.name), reverse=True)
    with_target = [p for p in ranked_people if p.visits_target or p.deals_target]
    return {
        "people": with_target or ranked_people[:RANKING_SIZE],
        "groups": ranked_groups,
        "ranking_people": [p for p in ranked_people if p.score > (0, 0)][:RANKING_SIZE],
        "ranking_groups": ranked_groups[:RANKING_SIZE],
    }


def _month(user: User, owners, day: date, now: datetime) -> dict:
    first = month_start(day)
    events = (
        with_budget_totals(campaign_list(user=user))
        .filter(starts_at__gte=now - timedelta(days=1))
        .exclude(status=CampaignStatus.CANCELLED)
        .order_by("starts_at", "pk")[:5]
    )
    return {
        "first": first,
        "funnel": lead_funnel(owners=owners, first=first, last=day),
        "pool": pool_summary(owners=owners, now=now),
        "complaints": complaint_deadlines(owners=owners, now=now),
        "efficiency": conversion_medians(
            owners=owners, first=day - timedelta(days=EFFICIENCY_DAYS - 1), last=day
        ),
        "events": [
            {
                "campaign": event,
                "planned": event.planned_total,
                "actual": event.actual_total,
                "percent": (
                    round(100 * event.actual_total / event.planned_total)
                    if event.planned_total
                    else None
                ),
            }
            for event in events
        ],
        **_progress(user, owners, day),
    }


def _cache_key(user: User, day: date) -> str:
    scope = "all" if can(user, "outreach.view_all_staff") else f"user{user.pk}"
    return f"dashboards:manager:{scope}:{day.isoformat()}"


def _aggregates(user: User, owners, day: date, now: datetime) -> dict:
    return {"month": _month(user, owners, day, now), "trend": _trend(owners, day)}


def dashboard_cache_warm(*, now: datetime | None = None) -> bool:
    """Recompute the whole-company aggregates ahead of the managers (a beat job runs this
    every DASHBOARD_CACHE_SECONDS), so no manager waits for a cold month at scale. Kept
    for twice the period, so a late run never leaves the key empty. False when nobody
    can see the whole company."""
    if not DASHBOARD_CACHE_SECONDS:
        return False
    now = now or timezone.now()
    day = timezone.localdate(now)
    viewer = next(
        (
            staff.user
            for staff in Staff.objects.filter(role=Role.MANAGER, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            if can(staff.user, "outreach.view_all_staff") and can_see_dashboard(staff.user)
        ),
        None,
    )
    if viewer is None:
        return False
    cache.set(
        _cache_key(viewer, day), _aggregates(viewer, None, day, now), 2 * DASHBOARD_CACHE_SECONDS
    )
    return True


def manager_dashboard(*, user: User, now: datetime | None = None) -> Dashboard:
    """R-DASH-1. Today's tiles are read live (3 queries); the month's aggregates and the
    30-day trend are cached for DASHBOARD_CACHE_SECONDS per scope (about 15 queries on a
    miss). Without a cache hit the count is the same whatever the data size."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    owners = owners_scope(user)
    key = _cache_key(user, day)
    cached = cache.get(key) if DASHBOARD_CACHE_SECONDS else None
    if cached is None:
        cached = _aggregates(user, owners, day, now)
        if DASHBOARD_CACHE_SECONDS:
            cache.set(key, cached, DASHBOARD_CACHE_SECONDS)
    attendance = attendance_day_counts(staff=owners, day=day)
    today_leads = leads_registered_by_day(owners=owners, first=day, last=day).get(day, 0)
    today_visits = visits_by_day(owners=owners, first=day, last=day).get(day, 0)
    today_deals = deals_by_day(owners=owners, first=day, last=day).get(day, 0)
    reports_in = daily_report_list(user=user).filter(day=day).count()
    trend = dict(cached["trend"])
    # The trend's last point is today: keep it live like the tiles.
    trend["registrations"] = [*trend["registrations"][:-1], today_leads]
    trend["visits"] = [*trend["visits"][:-1], today_visits]
    trend["deals"] = [*trend["deals"][:-1], today_deals]
    return Dashboard(
        day=day,
        today={
            **attendance,
            "leads": today_leads,
            "visits": today_visits,
            "deals": today_deals,
            "reports_in": reports_in,
            "reports_expected": attendance["rostered"],
        },
        month=cached["month"],
        trend=trend,
    )


def pay_estimate_cached(*, staff: Staff, day: date):
    """R-DASH-2 / R-PAY-10: payroll's estimate of the month so far, cached per person and
    day for ESTIMATE_CACHE_SECONDS (it is the heaviest read of the canvasser's home)."""
    from payroll.estimate import pay_estimate

    if not ESTIMATE_CACHE_SECONDS:
        return pay_estimate(staff=staff, today=day)
    key = f"dashboards:estimate:{staff.pk}:{day.isoformat()}"
    missing = object()
    estimate = cache.get(key, missing)
    if estimate is missing:
        estimate = pay_estimate(staff=staff, today=day)
        cache.set(key, estimate, ESTIMATE_CACHE_SECONDS)
    return estimate


def roster_today(*, user: User, staff: Staff, day: date):
    """R-DASH-2: a person's roster entry of the day (shift and point), or None."""
    return roster_for(user=user, first=day, last=day).filter(staff=staff).first()


@dataclass
class JobPanel:
    """Issue 18: the scheduled jobs on the manager's dashboard."""

    jobs: list[JobStatus]

    @property
    def ever_ran(self) -> bool:
        return any(job.last_started_at for job in self.jobs)

    @property
    def missed(self) -> list[JobStatus]:
        return [job for job in self.jobs if job.missed]

    @property
    def failed(self) -> list[JobStatus]:
        return [job for job in self.jobs if job.failed]

    @property
    def needs_attention(self) -> bool:
        return not self.ever_ran or bool(self.missed) or bool(self.failed)


def job_panel(*, user: User, now: datetime | None = None) -> JobPanel | None:
    """Those who see the whole company see the jobs that run it; one query."""
    if not can(user, "outreach.view_all_staff"):
        return None
    return JobPanel(jobs=job_status_list(now=now or timezone.now()))

"""Each role's home and the manager's dashboard (R-DASH-1…3): thin views over
`dashboards.selectors` and the apps' selectors."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from attendance.selectors import attendance_day_counts, day_records, roster_for
from campaigns.selectors import (
    daily_report_list,
    daily_report_of,
    daily_reports_missing,
    pending_invitations_for_owner,
)
from clients.selectors import client_list, rotation_queue
from clients.selectors.care import care_overdue
from clients.selectors.dashboard import (
    month_results_by_person,
    my_leads_by_expiry,
    return_visits_due,
    visits_to_confirm,
)
from meetings.selectors import my_open_action_items, my_upcoming_meetings
from outreach.dates import month_start, next_month_start, today
from outreach.guard import can, permission_required
from outreach.models import Role
from outreach.selectors import group_of, groups_led_by, memberships_on, staff_of
from payroll.selectors import payroll_export_recent, payroll_run_list, person_targets

from . import selectors

# (label, url name, who may open it)
HOMES = [
    (gettext_lazy("Dashboard"), "manager-dashboard", selectors.can_see_dashboard),
    (
        gettext_lazy("Field home"),
        "canvasser-home",
        lambda user: can(user, "clients.register_lead"),
    ),
    (
        gettext_lazy("Reception home"),
        "consultant-home",
        lambda user: can(user, "clients.confirm_visit"),
    ),
    (
        gettext_lazy("Group home"),
        "leader-home",
        lambda user: can(user, "attendance.view_group_attendance"),
    ),
    (gettext_lazy("HR home"), "hr-home", lambda user: can(user, "payroll.run_payroll")),
]

# Staff.role → the home `/` shows (R-DASH: each role lands on its own screen).
ROLE_HOME = {
    Role.MANAGER: "manager-dashboard",
    Role.SALES_MANAGER: "manager-dashboard",
    Role.LEADER: "leader-home",
    Role.CANVASSER: "canvasser-home",
    Role.CONSULTANT: "consultant-home",
    Role.HR: "hr-home",
}


def _homes(request, current: str) -> list[dict]:
    """The other homes this user may open (a leader is also a field worker; a manager
    also runs payroll), shown as links on every home."""
    return [
        {"label": label, "url": reverse(name), "current": name == current}
        for label, name, allowed in HOMES
        if allowed(request.user)
    ]


def _meetings(me, day) -> dict:
    """R-PLAN-5 on the phone home: my meetings today and the next 7 days, and my open
    action items until done. Two queries."""
    return {
        "next_meetings": list(my_upcoming_meetings(staff=me, first=day, days=7)),
        "my_items": list(my_open_action_items(staff=me)),
    }


def _context(request, current: str, **extra) -> dict:
    return {"homes": _homes(request, current), "me": staff_of(request.user), **extra}


@require_GET
def home(request):
    """`/`: the home of the user's role; people without one (the admin, a superuser
    without a staff record) get the list of pages they may open."""
    me = staff_of(request.user)
    name = ROLE_HOME.get(me.role) if me else None
    if name is None and can(request.user, "outreach.view_all_staff"):
        name = "manager-dashboard" if selectors.can_see_dashboard(request.user) else None
    view = {
        "manager-dashboard": manager_dashboard,
        "canvasser-home": canvasser_home,
        "consultant-home": consultant_home,
        "leader-home": leader_home,
        "hr-home": hr_home,
    }.get(name)
    if view is not None:
        return view(request)
    return render(request, "dashboards/generic_home.html", _context(request, "home"))


# --- the manager's dashboard (R-DASH-1) ------------------------------------------------------


def _dashboard_links(user, day, first) -> dict:
    """The filtered list behind each tile; a tile the user may not open gets no link."""

    def link(name, perm, query=""):
        if perm is not None and not can(user, *perm):
            return ""
        return reverse(name) + query

    today_range = f"?registered_after={day:%Y-%m-%d}&registered_before={day:%Y-%m-%d}"
    month_range = f"?registered_after={first:%Y-%m-%d}&registered_before={day:%Y-%m-%d}"
    return {
        "attendance": link(
            "attendance-group",
            ("attendance.view_group_attendance", "attendance.view_all_attendance"),
        ),
        "leads_today": link("client-list", ("clients.view_clients",), today_range),
        "leads_month": link("client-list", ("clients.view_clients",), month_range),
        "visits": link("reception", ("clients.run_reception",)),
        "visits_day": link("reception-replay", ("clients.run_reception",), f"?day={day}"),
        "deals": link("target-board", ("payroll.propose_targets", "payroll.approve_targets")),
        "reports": link(
            "daily-report-list", ("campaigns.view_all_plans", "outreach.view_group_staff")
        ),
        "pool": link("pool-list", ("clients.register_lead", "clients.manage_leads")),
        "expiring": link("lead-list", ("clients.view_clients",)),
        "complaints": link("complaint-list", ("clients.handle_complaints",)),
        "events": link(
            "campaign-list", ("campaigns.view_campaigns",), f"?date_from={day:%Y-%m-%d}"
        ),
        "targets": link(
            "target-board",
            ("payroll.propose_targets", "payroll.approve_targets"),
            f"?month={first:%Y-%m}",
        ),
        "active_clients": link("client-list", ("clients.view_clients",), "?status=active"),
    }


@require_GET
def manager_dashboard(request):
    """R-DASH-1: today, this month and the 30-day trend, each tile linking to its list."""
    if not selectors.can_see_dashboard(request.user):
        raise PermissionDenied
    board = selectors.manager_dashboard(user=request.user)
    first = board.month["first"]
    funnel = board.month["funnel"]
    chart = {
        "trend": board.trend,
        "labels": {
            "registrations": _("Leads registered"),
            "visits": _("Visits"),
            "deals": _("Deals"),
            "funnel": _("Leads this month"),
        },
        "funnel": {
            "labels": [_("Registered"), _("Valid"), _("Visited"), _("Deal")],
            "values": [funnel["registered"], funnel["valid"], funnel["visited"], funnel["deals"]],
        },
    }
    return render(
        request,
        "dashboards/manager.html",
        _context(
            request,
            "manager-dashboard",
            board=board,
            chart=chart,
            links=_dashboard_links(request.user, board.day, first),
            cache_seconds=selectors.DASHBOARD_CACHE_SECONDS,
            job_panel=selectors.job_panel(user=request.user),
        ),
    )


# --- the canvasser's phone home (R-DASH-2) ---------------------------------------------------


def _due_list(request, me, day) -> dict:
    """R-DASH-2 my due list: care, return visits and my clients' pending invitations
    (R-CAM-4). Each section is a short list."""
    mine = client_list(user=request.user).filter(current_lead__owner=me)
    return {
        "care": list(care_overdue(mine, on=day)[:5]),
        "returns": list(return_visits_due(owner=me, on=day, limit=5)),
        "invitations": list(pending_invitations_for_owner(me)[:5]),
    }


@require_GET
@permission_required("clients.register_lead")
def canvasser_home(request):
    """R-DASH-2: everything a field worker needs today, on one phone screen."""
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    day = today()
    now = timezone.now()
    first = month_start(day)
    record = day_records(user=request.user, first=day, last=day).filter(staff=me).first()
    leads = list(my_leads_by_expiry(owner=me))
    for lead in leads:
        lead.hours_left = (
            max(0, int((lead.protected_until - now).total_seconds() // 3600))
            if lead.protected_until
            else None
        )
    results = month_results_by_person(first=first, next_first=next_month_start(first))
    mine = results.get(me.pk, {"visits": 0, "deals": 0})
    target = person_targets(first, [me.pk]).get(me.pk)
    due = _due_list(request, me, day)
    return render(
        request,
        "dashboards/canvasser.html",
        _context(
            request,
            "canvasser-home",
            day=day,
            entry=selectors.roster_today(user=request.user, staff=me, day=day),
            record=record,
            leads=leads,
            due=due,
            due_count=sum(len(v) for v in due.values()),
            report=daily_report_of(me, day),
            month=mine,
            target=target,
            estimate=selectors.pay_estimate_cached(staff=me, day=day),
            group=group_of(me, day),
            **_meetings(me, day),
        ),
    )


# --- the consultant's home -------------------------------------------------------------------


@require_GET
@permission_required("clients.confirm_visit")
def consultant_home(request):
    """The rotation queue of today and my receptions to confirm."""
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    day = today()
    return render(
        request,
        "dashboards/consultant.html",
        _context(
            request,
            "consultant-home",
            day=day,
            queue=list(rotation_queue(day)),
            to_confirm=list(visits_to_confirm(consultant=me)[:20]),
        ),
    )


# --- the group leader's home -----------------------------------------------------------------


@require_GET
@permission_required("attendance.view_group_attendance")
def leader_home(request):
    """My group today: who checked in, who is late, who has not reported; violations to
    record; reports to review."""
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    day = today()
    members = (
        memberships_on(day)
        .filter(group__in=groups_led_by(me, day), staff__leave_date__isnull=True)
        .exclude(staff=me)
        .select_related("staff", "group")
        .order_by("group__code", "staff__employee_no")
    )
    roster = {e.staff_id: e for e in roster_for(user=request.user, first=day, last=day)}
    records = {r.staff_id: r for r in day_records(user=request.user, first=day, last=day)}
    reports = daily_report_list(user=request.user)
    reported = set(reports.filter(day=day).values_list("staff_id", flat=True))
    # R-DAY-1: "not reported" is the daily report list's missing list (rostered, checked
    # in, not on leave), so the tile, the badges and the page it links to agree.
    missing = {p.pk for p in daily_reports_missing(user=request.user, day=day)}
    rows = []
    for membership in members:
        entry = roster.get(membership.staff_id)
        record = records.get(membership.staff_id)
        rows.append(
            {
                "staff": membership.staff,
                "group": membership.group,
                "entry": entry,
                "record": record,
                "working": bool(entry and entry.is_working),
                "reported": membership.staff_id in reported,
                "report_missing": membership.staff_id in missing,
            }
        )
    to_review = list(
        reports.filter(reviewed_at__isnull=True).exclude(staff=me).order_by("-day", "staff")[:10]
    )
    return render(
        request,
        "dashboards/leader.html",
        _context(
            request,
            "leader-home",
            day=day,
            rows=rows,
            checked_in=sum(1 for r in rows if r["record"] and r["record"].check_in_at),
            late=[r for r in rows if r["record"] and r["record"].is_late],
            not_reported=[r for r in rows if r["report_missing"]],
            to_review=to_review,
            **_meetings(me, day),
        ),
    )


# --- HR's home (R-DASH-3) --------------------------------------------------------------------


@require_GET
@permission_required("payroll.run_payroll")
def hr_home(request):
    """R-DASH-3: payroll runs and their state, exports, attendance, appraisal archive."""
    day = today()
    return render(
        request,
        "dashboards/hr.html",
        _context(
            request,
            "hr-home",
            day=day,
            runs=list(payroll_run_list().order_by("-month")[:6]),
            exports=list(payroll_export_recent()),
            attendance=attendance_day_counts(staff=None, day=day),
            last_month=month_start(month_start(day) - timedelta(days=1)),
        ),
    )

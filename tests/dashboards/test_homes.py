"""R-DASH-1…3: each role's home, the manager's dashboard, their scope and their cost."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.defaults import defaults_ensure
from attendance.models import DayRecord
from campaigns.models import DailyReport
from clients.models import Deal, DealStatus
from outreach.context_processors import MENUS, NAVIGATION
from outreach.dates import today
from tests.clock import runs_at
from tests.factories import staff_in_group
from tests.factories.attendance import at, rostered
from tests.factories.clients import confirmed_visit, register

# A working day in progress: leads registered minutes ago, check-ins at 08:50-09:30 and
# a report are all "today" only once the day has begun (between 00:00 and 00:05 the
# minutes-ago leads would belong to yesterday).
pytestmark = [pytest.mark.django_db, runs_at("2026-12-03 15:00")]


def login(client, staff):
    client.force_login(staff.user)
    return client


def _phone(n: int) -> str:
    return f"139{n:08d}"


def _field_day(org, *, n_leads=1, offset=0, visit=True):
    """Leads of canvasser1 registered today, the first visited (when `visit`) and signed."""
    now = timezone.now()
    leads = [
        register(
            org["canvasser1"], _phone(offset + i), now=now - timedelta(minutes=5), name=f"客户{i}"
        )
        for i in range(n_leads)
    ]
    confirmed = None
    if visit:
        confirmed = confirmed_visit(leads[0], org["consultant1"], now=now - timedelta(minutes=1))
    Deal.objects.create(
        lead=leads[0],
        project="一期",
        units=1,
        amount=Decimal("1000000.00"),
        signed_on=today(),
        consultant=org["consultant1"],
        credited_staff=org["canvasser1"],
        status=DealStatus.SIGNED,
    )
    return leads, confirmed


def _roster_today(org, *people):
    defaults_ensure()
    day = today()
    for who in people:
        rostered(org[who], day)
    return day


# --- routing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "template"),
    [
        ("manager", "dashboards/manager.html"),
        ("salesmgr", "dashboards/manager.html"),
        ("leader1", "dashboards/leader.html"),
        ("canvasser1", "dashboards/canvasser.html"),
        ("consultant1", "dashboards/consultant.html"),
        ("hr", "dashboards/hr.html"),
        ("admin", "dashboards/generic_home.html"),
    ],
)
def test_r_dash_1_root_routes_each_role_to_its_home(client, org, who, template):
    response = login(client, org[who]).get(reverse("home"))
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]


def test_r_dash_1_a_leader_is_offered_the_field_home_and_the_dashboard_too(client, org):
    body = login(client, org["leader1"]).get(reverse("home")).content.decode()
    for name in ("leader-home", "canvasser-home", "manager-dashboard"):
        assert f'href="{reverse(name)}"' in body, name
    assert f'href="{reverse("hr-home")}"' not in body


@pytest.mark.parametrize(
    ("name", "allowed", "refused"),
    [
        ("manager-dashboard", ["manager", "salesmgr", "leader1"], ["hr", "canvasser1", "admin"]),
        ("canvasser-home", ["canvasser1", "leader1"], ["hr", "consultant1", "admin"]),
        ("consultant-home", ["consultant1"], ["canvasser1", "hr"]),
        ("leader-home", ["leader1"], ["canvasser1", "consultant1"]),
        ("hr-home", ["hr", "manager"], ["canvasser1", "leader1", "salesmgr"]),
    ],
)
def test_r_dash_1_each_home_answers_403_outside_its_roles(client, org, name, allowed, refused):
    for who in allowed:
        assert login(client, org[who]).get(reverse(name)).status_code == 200, who
    for who in refused:
        assert login(client, org[who]).get(reverse(name)).status_code == 403, who


# --- the manager's dashboard (R-DASH-1) ------------------------------------------------------


def test_r_dash_1_dashboard_counts_today_and_the_month(client, org):
    day = _roster_today(org, "canvasser1", "canvasser2", "canvasser3")
    DayRecord.objects.create(
        staff=org["canvasser1"], day=day, check_in_at=at(day, 9, 20), is_late=True
    )
    DayRecord.objects.create(staff=org["canvasser2"], day=day, is_absent=True)
    DailyReport.objects.create(staff=org["canvasser1"], day=day, summary="跑了两个小区")
    _field_day(org, n_leads=2)
    board = login(client, org["manager"]).get(reverse("manager-dashboard")).context["board"]
    assert board.today == {
        "rostered": 3,
        "on_duty": 1,
        "late": 1,
        "absent": 1,
        "not_in": 1,
        "leads": 2,
        "visits": 1,
        "deals": 1,
        "reports_in": 1,
        "reports_expected": 3,
    }
    assert board.month["funnel"] == {"registered": 2, "valid": 2, "visited": 1, "deals": 1}
    assert board.trend["registrations"][-1] == 2
    assert board.trend["visits"][-1] == 1
    assert board.trend["deals"][-1] == 1
    assert len(board.trend["labels"]) == 30
    ranking = board.month["ranking_people"]
    assert ranking[0].name == org["canvasser1"].name
    assert (ranking[0].visits, ranking[0].deals) == (1, 1)
    assert board.month["ranking_groups"][0].name == org["groups"][0].name


def test_r_dash_1_a_leader_sees_only_their_group(client, org):
    now = timezone.now()
    register(org["canvasser1"], _phone(1), now=now - timedelta(minutes=3))
    register(org["canvasser3"], _phone(2), now=now - timedelta(minutes=3))
    register(org["canvasser3"], _phone(3), now=now - timedelta(minutes=3))
    leader = login(client, org["leader1"]).get(reverse("manager-dashboard")).context["board"]
    assert leader.today["leads"] == 1
    assert leader.month["funnel"]["registered"] == 1
    manager = login(client, org["manager"]).get(reverse("manager-dashboard")).context["board"]
    assert manager.today["leads"] == 3


def test_r_dash_1_pool_expiring_and_complaints_tiles(client, org):
    from clients.models import Complaint

    now = timezone.now()
    from clients.models import Lead

    lead = register(org["canvasser1"], _phone(1), now=now - timedelta(days=1))
    expired = register(org["canvasser2"], _phone(2), now=now - timedelta(days=1))
    register(org["canvasser2"], _phone(3), now=now - timedelta(days=1))  # far from expiry
    Lead.objects.filter(pk=lead.pk).update(protected_until=now + timedelta(days=2))
    Lead.objects.filter(pk=expired.pk).update(protected_until=now - timedelta(hours=1))
    Complaint.objects.create(
        client=lead.client,
        received_at=now - timedelta(days=3),
        summary="态度差",
        reply_due_at=now - timedelta(hours=1),
    )
    Complaint.objects.create(
        client=expired.client,
        received_at=now,
        summary="电话太多",
        reply_due_at=now + timedelta(hours=5),
    )
    month = login(client, org["manager"]).get(reverse("manager-dashboard")).context["board"].month
    assert month["pool"] == {"pool": 1, "expiring": 1}
    assert month["complaints"] == {"past": 1, "near": 1}


def test_r_dash_1_every_tile_links_to_the_filtered_list_behind_it(client, org):
    body = login(client, org["manager"]).get(reverse("manager-dashboard")).content.decode()
    day = today()
    for href in (
        reverse("attendance-group"),
        f"{reverse('client-list')}?registered_after={day:%Y-%m-%d}&amp;registered_before={day:%Y-%m-%d}",
        f"{reverse('reception-replay')}?day={day:%Y-%m-%d}",
        reverse("daily-report-list"),
        reverse("pool-list"),
        reverse("lead-list"),
        reverse("complaint-list"),
        f"{reverse('campaign-list')}?date_from={day:%Y-%m-%d}",
        f"{reverse('target-board')}?month={day:%Y-%m}",
    ):
        assert f'href="{href}"' in body, href


def test_r_dash_1_charts_come_from_local_files_and_json_not_inline_script(client, org):
    body = login(client, org["manager"]).get(reverse("manager-dashboard")).content.decode()
    assert '<script id="dashboard-data" type="application/json">' in body
    assert "/static/vendor/chartjs/chart.umd.min.js" in body
    assert "/static/js/dashboard.js" in body
    assert "http://" not in body.split("<body>")[1].replace("http://testserver", "")
    scripts = [chunk for chunk in body.split("<script")[1:]]
    for chunk in scripts:
        head = chunk.split(">", 1)[0]
        assert "src=" in head or 'type="application/json"' in head, head


def test_r_dash_1_dashboard_runs_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries, no_dashboard_cache
):
    _roster_today(org, "canvasser1", "canvasser2")
    _field_day(org, n_leads=1)
    login(client, org["manager"])
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("manager-dashboard")).status_code == 200
    # Ten times the people and leads, more groups, reports and check-ins.
    for g in range(3):
        group = org["groups"][g % 2]
        for _i in range(4):
            person = staff_in_group(group)
            rostered(person, today())
            DayRecord.objects.create(staff=person, day=today(), check_in_at=timezone.now())
            DailyReport.objects.create(staff=person, day=today(), summary="ok")
            register(person, _phone(1000 + person.pk), now=timezone.now() - timedelta(minutes=2))
    _field_day(org, n_leads=8, offset=500, visit=False)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse("manager-dashboard")).status_code == 200


def test_r_dash_1_the_month_is_cached_and_today_stays_live(client, org):
    login(client, org["manager"])
    client.get(reverse("manager-dashboard"))
    register(org["canvasser1"], _phone(9), now=timezone.now() - timedelta(minutes=1))
    board = client.get(reverse("manager-dashboard")).context["board"]
    assert board.today["leads"] == 1  # live
    assert board.trend["registrations"][-1] == 1  # today's point is live too
    assert board.month["funnel"]["registered"] == 0  # cached (at most a minute old)


def test_r_dash_1_the_beat_job_warms_the_company_dashboard_before_a_manager_asks(client, org):
    from dashboards.tasks import dashboard_cache_warm_task

    register(org["canvasser1"], _phone(9), now=timezone.now() - timedelta(minutes=1))
    assert dashboard_cache_warm_task() is True
    board = login(client, org["manager"]).get(reverse("manager-dashboard")).context["board"]
    assert board.month["funnel"]["registered"] == 1
    cache.clear()
    dashboard_cache_warm_task()
    with CaptureQueriesContext(connection) as warmed:
        client.get(reverse("manager-dashboard"))
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(reverse("manager-dashboard"))
    assert len(warmed) < len(cold)  # the month came from the job, not from the request


def test_r_sys_4_the_shared_cache_forgives_a_redis_outage():
    from outreach.cache import ForgivingRedisCache

    gone = ForgivingRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2}}
    )
    gone.set("key", "value", 60)  # dropped, no error
    assert gone.get("key", "fallback") == "fallback"
    assert gone.delete("key") is False


# --- the canvasser's home (R-DASH-2) ---------------------------------------------------------


def test_r_dash_2_canvasser_home_shows_the_day(client, org):
    day = _roster_today(org, "canvasser1")
    now = timezone.now()
    later = register(org["canvasser1"], _phone(1), now=now - timedelta(days=1), name="后到期")
    sooner = register(org["canvasser1"], _phone(2), now=now - timedelta(days=20), name="先到期")
    register(org["canvasser2"], _phone(3), now=now, name="别人的")
    response = login(client, org["canvasser1"]).get(reverse("home"))
    assert [lead.pk for lead in response.context["leads"]] == [sooner.pk, later.pk]
    assert response.context["entry"].day == day
    body = response.content.decode()
    assert 'id="checkin-button"' in body
    assert reverse("attendance-checkin") in body
    assert reverse("lead-register") in body
    assert "别人的" not in body
    assert response.context["report"] is None
    DayRecord.objects.create(staff=org["canvasser1"], day=day, check_in_at=at(day, 8, 50))
    DailyReport.objects.create(staff=org["canvasser1"], day=day, summary="ok")
    response = client.get(reverse("home"))
    assert response.context["report"] is not None
    assert 'id="checkin-status"' in response.content.decode()


def test_r_dash_2_canvasser_home_shows_the_month_and_estimated_pay(client, org):
    from tests.factories.attendance import daily

    daily(org["canvasser1"])
    _field_day(org)
    response = login(client, org["canvasser1"]).get(reverse("canvasser-home"))
    assert response.context["month"] == {"visits": 1, "deals": 1}
    assert response.context["estimate"] is not None
    assert 'id="my-estimate"' in response.content.decode()


def test_r_dash_2_due_list_has_return_visits(client, org):
    from clients.models import FollowUp, FollowUpKind

    lead = register(org["canvasser1"], _phone(1), now=timezone.now() - timedelta(days=2))
    FollowUp.objects.create(
        client=lead.client,
        lead=lead,
        kind=FollowUpKind.values[0],
        at=timezone.now() - timedelta(days=1),
        by=org["canvasser1"],
        summary="再联系",
        next_follow_up_on=today(),
    )
    due = login(client, org["canvasser1"]).get(reverse("canvasser-home")).context["due"]
    assert [c.pk for c in due["returns"]] == [lead.client.pk]
    assert due["invitations"] == []


def test_r_dash_2_due_list_shows_my_clients_pending_invitations(client, org):
    from campaigns import services
    from campaigns.models import CampaignStatus
    from tests.factories.campaigns import CampaignFactory

    event = CampaignFactory(
        owner=org["leader1"],
        status=CampaignStatus.RUNNING,
        starts_at=timezone.now() + timedelta(hours=2),
    )
    event.participants.add(org["canvasser1"])
    mine = services.invitation_invite_guest(
        actor=org["canvasser1"].user,
        campaign=event,
        inviter=org["canvasser1"],
        name="王先生",
        phone=_phone(7),
    )
    response = login(client, org["canvasser1"]).get(reverse("canvasser-home"))
    assert [i.pk for i in response.context["due"]["invitations"]] == [mine.pk]
    assert "王先生" in response.content.decode()
    other = login(client, org["canvasser2"]).get(reverse("canvasser-home"))
    assert other.context["due"]["invitations"] == []


def test_r_dash_2_canvasser_home_runs_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries, no_dashboard_cache
):
    _roster_today(org, "canvasser1")
    _field_day(org, n_leads=1)
    login(client, org["canvasser1"])
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("canvasser-home")).status_code == 200
    _field_day(org, n_leads=12, offset=100, visit=False)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse("canvasser-home")).status_code == 200


# --- consultant, leader, HR ------------------------------------------------------------------


def test_consultant_home_lists_visits_to_confirm_and_the_queue(client, org):
    from clients.services.visits import rotation_day_setup, visit_register

    lead = register(org["canvasser1"], _phone(1), now=timezone.now() - timedelta(minutes=5))
    rotation_day_setup(actor=None, day=today(), consultants=[org["consultant1"]])
    visit = visit_register(actor=org["consultant1"].user, phone=lead.phone)
    response = login(client, org["consultant1"]).get(reverse("home"))
    assert [v.pk for v in response.context["to_confirm"]] == [visit.pk]
    assert [m.consultant_id for m in response.context["queue"]] == [org["consultant1"].pk]
    assert reverse("visit-confirm", args=[visit.pk]) in response.content.decode()


def test_leader_home_shows_who_checked_in_is_late_and_has_not_reported(client, org):
    day = _roster_today(org, "canvasser1", "canvasser2", "canvasser3")
    DayRecord.objects.create(
        staff=org["canvasser1"], day=day, check_in_at=at(day, 9, 30), is_late=True
    )
    DayRecord.objects.create(staff=org["canvasser2"], day=day, check_in_at=at(day, 8, 50))
    DailyReport.objects.create(staff=org["canvasser1"], day=day, summary="ok")
    context = login(client, org["leader1"]).get(reverse("home")).context
    assert [r["staff"].pk for r in context["rows"]] == [org["canvasser1"].pk, org["canvasser2"].pk]
    assert context["checked_in"] == 2
    assert [r["staff"].pk for r in context["late"]] == [org["canvasser1"].pk]
    assert [r["staff"].pk for r in context["not_reported"]] == [org["canvasser2"].pk]
    assert [rep.staff_id for rep in context["to_review"]] == [org["canvasser1"].pk]


def test_r_dash_3_hr_home_shows_runs_exports_attendance_and_archive(client, org):
    from payroll.models import PayrollRun

    run = PayrollRun.objects.create(
        month=(today().replace(day=1) - timedelta(days=1)).replace(day=1)
    )
    body = login(client, org["hr"]).get(reverse("home")).content.decode()
    assert reverse("payroll-run", args=[run.pk]) in body
    assert reverse("appraisal-archive") in body
    assert reverse("attendance-summary") in body
    assert reverse("attendance-summary-xlsx") in body


@pytest.mark.parametrize(
    ("who", "name"),
    [("consultant1", "consultant-home"), ("leader1", "leader-home"), ("hr", "hr-home")],
)
def test_r_dash_3_homes_run_a_fixed_number_of_queries(
    client, org, who, name, django_assert_max_num_queries
):
    _roster_today(org, "canvasser1", "canvasser2")
    _field_day(org, n_leads=1)
    login(client, org[who])
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    for _i in range(5):
        person = staff_in_group(org["groups"][0])
        rostered(person, today())
        DayRecord.objects.create(staff=person, day=today(), check_in_at=timezone.now())
        DailyReport.objects.create(staff=person, day=today(), summary="ok")
    _field_day(org, n_leads=6, offset=300, visit=False)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse(name)).status_code == 200


# --- navigation ------------------------------------------------------------------------------


def test_navigation_groups_every_item_into_a_few_menus(client, org):
    assert len(MENUS) <= 6
    assert len(NAVIGATION) == 1 + sum(len(items) for _label, items in MENUS)
    body = login(client, org["manager"]).get(reverse("staff-list")).content.decode()
    assert body.count('class="nav-item dropdown"') == len(MENUS)


def test_navigation_keeps_each_items_permission(client, org):
    login(client, org["canvasser1"])
    menus = client.get(reverse("attendance-my")).context["nav_menus"]
    urls = {item["url"] for menu in menus for item in menu["items"]}
    assert reverse("lead-register") in urls
    assert reverse("payroll-run-list") not in urls
    assert reverse("group-list") not in urls


def test_r_dash_2_the_web_app_manifest_is_linked_and_valid(client, org):
    import json
    import re

    from django.contrib.staticfiles import finders

    body = login(client, org["canvasser1"]).get(reverse("home")).content.decode()
    href = re.search(r'<link rel="manifest" href="([^"]+)"', body).group(1)
    assert href.endswith("manifest.webmanifest")
    manifest = json.loads(Path(finders.find("manifest.webmanifest")).read_text("utf-8"))
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["name"]
    assert manifest["short_name"]
    for icon in manifest["icons"]:
        assert finders.find(icon["src"]), icon["src"]

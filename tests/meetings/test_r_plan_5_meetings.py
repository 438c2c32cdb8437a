"""R-PLAN-5: scheduling, weekly series and the extend job, invitations, scope, attendance,
fines only by the rulebook, minutes and action items."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from attendance.defaults import defaults_ensure
from attendance.models import AmountRule, RulebookVersion, Violation, ViolationRule
from meetings import services
from meetings.models import ActionItem, Attendee, AttendeeStatus, Meeting, MeetingSeries
from meetings.tasks import meetings_extend
from outreach.celery import JOB_LABELS, app
from outreach.dates import today
from outreach.models import Notification
from tests.clock import runs_at

from .helpers import briefing_today, login

pytestmark = [pytest.mark.django_db, runs_at("2026-03-04 08:00")]  # a Wednesday

WEDNESDAY = date(2026, 3, 4)


def _series(org, **extra):
    return services.series_create(
        actor=org["leader1"].user,
        group=org["groups"][0],
        title="晨会",
        weekdays=["1", "3", "5"],
        start_time=time(9, 0),
        active_from=WEDNESDAY,
        **extra,
    )


# --- scheduling ---------------------------------------------------------------------------------


def test_r_plan_5_a_one_off_meeting_invites_the_groups_members_and_rings_their_bell(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = briefing_today(org)
    invited = set(meeting.attendees.values_list("staff_id", flat=True))
    assert invited == {org["leader1"].pk, org["canvasser1"].pk, org["canvasser2"].pk}
    assert meeting.series is None
    notified = Notification.objects.filter(kind="meetings.invited")
    assert set(notified.values_list("recipient_id", flat=True)) == {
        org["leader1"].user_id,
        org["canvasser1"].user_id,
        org["canvasser2"].user_id,
    }
    assert notified.first().link == reverse("meeting-detail", args=[meeting.pk])


def test_r_plan_5_a_meeting_is_stored_at_the_local_time_of_its_day(org):
    meeting = briefing_today(org, hh=9)
    local = timezone.localtime(meeting.starts_at)
    assert (local.date(), local.hour, local.minute) == (WEDNESDAY, 9, 0)
    assert meeting.day == WEDNESDAY


def test_r_plan_5_a_meeting_in_the_past_is_refused(org):
    with pytest.raises(ValidationError):
        services.meeting_schedule(
            actor=org["leader1"].user,
            group=org["groups"][0],
            title="晨会",
            day=WEDNESDAY - timedelta(days=1),
            start_time=time(9, 0),
        )


def test_r_plan_5_a_leader_cannot_schedule_for_another_group(org):
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(
            actor=org["leader2"].user,
            group=org["groups"][0],
            title="晨会",
            day=WEDNESDAY,
            start_time=time(9, 0),
        )


def test_r_plan_5_a_weekly_series_materializes_the_coming_two_weeks(org):
    series = _series(org)
    days = list(Meeting.objects.filter(series=series).values_list("day", flat=True))
    # Mon, Wed, Fri from Wednesday 4 March for 14 days (to 17 March).
    assert days == [
        date(2026, 3, 4),
        date(2026, 3, 6),
        date(2026, 3, 9),
        date(2026, 3, 11),
        date(2026, 3, 13),
        date(2026, 3, 16),
    ]
    assert Attendee.objects.filter(meeting__series=series).count() == 6 * 3


def test_r_plan_5_a_series_notifies_each_person_once(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        series = _series(org)
    with django_capture_on_commit_callbacks(execute=True):
        services.series_extend(series=series, on=WEDNESDAY + timedelta(days=7))
    assert Notification.objects.filter(kind="meetings.invited").count() == 3


def test_r_plan_5_the_extend_job_is_idempotent_when_run_twice(org, time_machine):
    series = _series(org, active_until=date(2026, 3, 31))
    time_machine.move_to("2026-03-11 02:10 +08:00")
    assert meetings_extend() == 3  # 18, 20, 23 March
    before = (Meeting.objects.count(), Attendee.objects.count())
    assert meetings_extend() == 0
    assert (Meeting.objects.count(), Attendee.objects.count()) == before
    assert Meeting.objects.filter(series=series).order_by("-day").first().day == date(2026, 3, 23)
    time_machine.move_to("2026-03-30 02:10 +08:00")
    meetings_extend()
    assert Meeting.objects.filter(series=series).order_by("-day").first().day == date(2026, 3, 30)


def test_r_plan_5_the_database_keeps_one_occurrence_per_series_and_day(org):
    from django.db import IntegrityError, transaction

    series = _series(org)
    meeting = Meeting.objects.filter(series=series).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            series=series,
            group=meeting.group,
            title="x",
            day=meeting.day,
            starts_at=meeting.starts_at,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendee.objects.create(meeting=meeting, staff=org["canvasser1"])


def test_r_plan_5_the_extend_job_is_on_the_beat_with_a_label():
    entry = app.conf.beat_schedule["meetings-extend"]
    assert entry["task"] == "meetings.tasks.meetings_extend"
    assert "meetings-extend" in JOB_LABELS


def test_r_plan_5_the_schedule_page_creates_a_weekly_series(client, org):
    response = login(client, org["leader1"]).post(
        reverse("meeting-schedule"),
        {
            "group": org["groups"][0].pk,
            "title": "晨会",
            "repeat": "weekly",
            "day": "2026-03-04",
            "weekdays": ["1", "4"],
            "start_time": "09:00",
            "duration_minutes": "20",
        },
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.weekdays == "14"
    assert series.created_by == org["leader1"]


def test_r_plan_5_the_schedule_form_offers_only_my_groups(client, org):
    response = login(client, org["leader2"]).get(reverse("meeting-schedule"))
    assert list(response.context["form"].fields["group"].queryset) == [org["groups"][1]]


# --- scope --------------------------------------------------------------------------------------


def _every_write(meeting, item):
    return [
        (reverse("meeting-attendance", args=[meeting.pk]), {}),
        (reverse("meeting-minutes", args=[meeting.pk]), {"minutes": "x"}),
        (reverse("meeting-action-add", args=[meeting.pk]), {"text": "x"}),
        (reverse("meeting-cancel", args=[meeting.pk]), {}),
        (reverse("action-item-done", args=[item.pk]), {}),
    ]


def test_r_plan_5_a_leader_of_another_group_gets_404_on_read_and_every_write(client, org):
    meeting = briefing_today(org, title="甲组周会")
    item = services.action_item_add(
        actor=org["leader1"].user, meeting=meeting, text="名单", owner=org["canvasser1"]
    )
    login(client, org["leader2"])
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meeting-attendance", args=[meeting.pk])).status_code == 404
    for url, data in _every_write(meeting, item):
        assert client.post(url, data).status_code == 404, url
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert meeting.state == "scheduled"
    assert meeting.minutes == ""
    assert item.done_at is None
    assert ActionItem.objects.count() == 1
    assert "甲组周会" not in client.get(reverse("meeting-list")).content.decode()


def test_r_plan_5_a_canvasser_not_invited_gets_404(client, org):
    meeting = briefing_today(org, title="甲组周会")
    login(client, org["canvasser3"])  # group G02
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 404
    assert "甲组周会" not in client.get(reverse("meeting-mine")).content.decode()


def test_r_plan_5_an_invited_canvasser_sees_it_but_cannot_run_it(client, org):
    meeting = briefing_today(org)
    login(client, org["canvasser1"])
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 200
    assert "晨会" in client.get(reverse("meeting-mine")).content.decode()
    assert client.post(reverse("meeting-minutes", args=[meeting.pk]), {}).status_code == 403
    assert client.get(reverse("meeting-list")).status_code == 403


def test_r_plan_5_a_manager_sees_and_runs_every_group(client, org):
    meeting = briefing_today(org)
    login(client, org["manager"])
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 200
    client.post(reverse("meeting-minutes", args=[meeting.pk]), {"minutes": "经理记录"})
    meeting.refresh_from_db()
    assert meeting.minutes == "经理记录"


# --- attendance ---------------------------------------------------------------------------------


def _marks(org, **overrides):
    marks = {f"status-{org[who].pk}": "present" for who in ("leader1", "canvasser1", "canvasser2")}
    marks.update({f"status-{org[who].pk}": value for who, value in overrides.items()})
    return marks


def test_r_plan_5_attendance_is_taken_in_one_post(client, org):
    meeting = briefing_today(org)
    response = login(client, org["leader1"]).post(
        reverse("meeting-attendance", args=[meeting.pk]),
        _marks(org, canvasser1="late", canvasser2="absent"),
    )
    assert response.status_code == 302
    statuses = dict(meeting.attendees.values_list("staff_id", "status"))
    assert statuses == {
        org["leader1"].pk: "present",
        org["canvasser1"].pk: "late",
        org["canvasser2"].pk: "absent",
    }
    meeting.refresh_from_db()
    assert meeting.state == "held"
    assert meeting.held_at is not None
    marked = meeting.attendees.get(staff=org["canvasser1"])
    assert marked.marked_by == org["leader1"]
    assert marked.marked_at is not None


@pytest.mark.parametrize(
    "bad",
    [
        {"canvasser2": "asleep"},  # not one of the four
        {"canvasser2": ""},  # not marked
    ],
)
def test_r_plan_5_bad_attendance_saves_nothing_and_says_why(client, org, bad):
    meeting = briefing_today(org)
    response = login(client, org["leader1"]).post(
        reverse("meeting-attendance", args=[meeting.pk]), _marks(org, canvasser1="late", **bad)
    )
    assert response.status_code == 200
    text = " ".join(str(m) for m in response.context["messages"])
    assert org["canvasser2"].name in text
    assert set(meeting.attendees.values_list("status", flat=True)) == {"invited"}
    meeting.refresh_from_db()
    assert meeting.state == "scheduled"


def test_r_plan_5_attendance_for_someone_not_invited_is_refused_whole(client, org):
    meeting = briefing_today(org)
    marks = _marks(org)
    marks[f"status-{org['canvasser3'].pk}"] = "present"
    response = login(client, org["leader1"]).post(
        reverse("meeting-attendance", args=[meeting.pk]), marks
    )
    assert response.status_code == 200
    assert set(meeting.attendees.values_list("status", flat=True)) == {"invited"}
    assert not Attendee.objects.filter(staff=org["canvasser3"]).exists()


def test_r_plan_5_an_absence_is_no_fine_by_default(org):
    defaults_ensure()
    meeting = briefing_today(org, hh=7)
    services.meeting_attendance_take(
        actor=org["leader1"].user,
        meeting=meeting,
        statuses={str(k[7:]): v for k, v in _marks(org, canvasser2="absent").items()},
    )
    assert Violation.objects.count() == 0
    assert meeting.attendees.get(staff=org["canvasser2"]).violation_ref is None


def test_r_plan_5_an_absence_is_a_violation_when_the_rulebook_has_the_rule(org):
    defaults_ensure()
    version = RulebookVersion.objects.get(number=1)
    ViolationRule.objects.create(
        version=version,
        code="MEETING-ABSENT",
        category="纪律",
        description="无故缺席团队会议",
        person_rule=AmountRule.FIXED,
        person_amount=Decimal("20.00"),
    )
    meeting = briefing_today(org, hh=7)
    statuses = {str(k[7:]): v for k, v in _marks(org, canvasser2="absent").items()}
    services.meeting_attendance_take(actor=org["leader1"].user, meeting=meeting, statuses=statuses)
    violation = Violation.objects.get()
    assert (violation.staff, violation.code, violation.amount) == (
        org["canvasser2"],
        "MEETING-ABSENT",
        Decimal("20.00"),
    )
    assert violation.recorded_by == org["leader1"]
    attendee = meeting.attendees.get(staff=org["canvasser2"])
    assert attendee.violation_ref == violation.pk
    # Taken again unchanged: still one; corrected to excused: the violation is reversed.
    services.meeting_attendance_take(actor=org["leader1"].user, meeting=meeting, statuses=statuses)
    assert Violation.objects.count() == 1
    statuses[str(org["canvasser2"].pk)] = AttendeeStatus.EXCUSED
    services.meeting_attendance_take(actor=org["leader1"].user, meeting=meeting, statuses=statuses)
    violation.refresh_from_db()
    assert violation.state == Violation.State.REVERSED


# --- minutes and action items -----------------------------------------------------------------


def test_r_plan_5_minutes_and_decisions_are_recorded(client, org):
    meeting = briefing_today(org)
    login(client, org["leader1"]).post(
        reverse("meeting-minutes", args=[meeting.pk]),
        {"agenda": "进展", "minutes": "到访偏少", "decisions": "每人邀约三组"},
    )
    meeting.refresh_from_db()
    assert (meeting.agenda, meeting.minutes, meeting.decisions) == (
        "进展",
        "到访偏少",
        "每人邀约三组",
    )


def test_r_plan_5_an_action_item_stays_on_the_owners_home_until_done(
    client, org, django_capture_on_commit_callbacks
):
    meeting = briefing_today(org)
    login(client, org["leader1"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("meeting-action-add", args=[meeting.pk]),
            {"text": "整理意向客户名单", "owner": org["canvasser1"].pk, "due_on": "2026-03-06"},
        )
    item = ActionItem.objects.get()
    assert Notification.objects.filter(kind="meetings.action_item").count() == 1
    login(client, org["canvasser1"])
    home = client.get(reverse("canvasser-home"))
    assert [i.pk for i in home.context["my_items"]] == [item.pk]
    assert "整理意向客户名单" in home.content.decode()
    assert [m.pk for m in home.context["next_meetings"]] == [meeting.pk]
    response = client.post(
        reverse("action-item-done", args=[item.pk]), {"next": reverse("canvasser-home")}
    )
    assert response.status_code == 302
    assert response.url == reverse("canvasser-home")
    item.refresh_from_db()
    assert item.done_by == org["canvasser1"]
    assert item.done_at is not None
    assert client.get(reverse("canvasser-home")).context["my_items"] == []


def test_r_plan_5_only_the_owner_the_leader_or_a_manager_marks_done(org):
    meeting = briefing_today(org)
    item = services.action_item_add(
        actor=org["leader1"].user, meeting=meeting, text="名单", owner=org["canvasser1"]
    )
    with pytest.raises(ValidationError):
        services.action_item_done(actor=org["canvasser2"].user, item=item)
    services.action_item_done(actor=org["leader1"].user, item=item)
    item.refresh_from_db()
    assert item.done_by == org["leader1"]
    with pytest.raises(ValidationError):
        services.action_item_done(actor=org["manager"].user, item=item)


def test_r_plan_5_anothers_action_item_is_a_404_for_a_fellow_canvasser(client, org):
    """R-ROLE-1 on writes: the item is visible at the meeting, but marking another
    person's item done answers 404, and nothing is written."""
    meeting = briefing_today(org)
    item = services.action_item_add(
        actor=org["leader1"].user, meeting=meeting, text="名单", owner=org["canvasser1"]
    )
    login(client, org["canvasser2"])
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 200
    assert client.post(reverse("action-item-done", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.done_at is None


def test_r_plan_5_the_next_meeting_lists_the_open_and_the_closed_items(client, org, time_machine):
    first = briefing_today(org, hh=9)
    open_item = services.action_item_add(
        actor=org["leader1"].user, meeting=first, text="未完成事项", owner=org["canvasser1"]
    )
    done_item = services.action_item_add(
        actor=org["leader1"].user, meeting=first, text="已完成事项", owner=org["canvasser2"]
    )
    services.action_item_done(actor=org["canvasser2"].user, item=done_item)
    time_machine.move_to("2026-03-05 08:00 +08:00")
    second = briefing_today(org, hh=9)
    response = login(client, org["leader1"]).get(reverse("meeting-detail", args=[second.pk]))
    carried = {i.pk for i in response.context["carried"]}
    assert carried == {open_item.pk, done_item.pk}
    body = response.content.decode()
    assert "未完成事项" in body
    assert "已完成事项" in body
    # A third meeting: the item done before the second meeting is no longer carried.
    time_machine.move_to("2026-03-06 08:00 +08:00")
    third = briefing_today(org, hh=9)
    carried = {
        i.pk
        for i in login(client, org["leader1"])
        .get(reverse("meeting-detail", args=[third.pk]))
        .context["carried"]
    }
    assert carried == {open_item.pk}


def test_r_plan_5_a_cancelled_meeting_leaves_the_homes(client, org):
    meeting = briefing_today(org)
    login(client, org["leader1"]).post(reverse("meeting-cancel", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.state == "cancelled"
    assert meeting.cancelled_at is not None
    assert (
        login(client, org["canvasser1"]).get(reverse("canvasser-home")).context["next_meetings"]
        == []
    )


def test_r_plan_5_the_leader_home_shows_my_meetings(client, org):
    meeting = briefing_today(org)
    response = login(client, org["leader1"]).get(reverse("leader-home"))
    assert [m.pk for m in response.context["next_meetings"]] == [meeting.pk]
    assert today() == WEDNESDAY

"""R-PLAN-5 demo: each group's weekly morning briefing (晨会) with its two latest meetings
held — attendance, minutes, action items (some done, some open) — and the coming weeks
scheduled. Relative to `outreach.dates.today()`; a second run changes nothing."""

from datetime import date, time, timedelta

from django.db import transaction

from outreach.dates import at_local, today
from outreach.selectors import group_list, leader_of

from . import services
from .models import ActionItem, Attendee, AttendeeStatus, Meeting, MeetingSeries, MeetingState
from .services.common import attendees_ensure

TITLE = "晨会"
WEEKDAYS = "14"  # Monday and Thursday
START = time(9, 0)
PLACE = "售楼处二楼会议室"
MINUTES = [
    ("上周到访偏少,重点跟进意向客户;新物料已到,今天领取。", "周末活动每人邀约 3 组客户。"),
    ("到访回升,两位同事成交;日志提交仍有遗漏。", "日志下班前提交,组长当天点评。"),
]
ITEMS = [
    ("整理本周意向客户名单", True),
    ("联系上周未到访的客户", False),
    ("补交缺失的拓客日志", True),
    ("准备周末活动邀约话术", False),
]
# A demo attendee's mark by position in the group (most present; one late, one excused).
MARKS = {2: AttendeeStatus.LATE, 4: AttendeeStatus.EXCUSED}


def _past_days(day: date, count: int) -> list[date]:
    days, probe = [], day - timedelta(days=1)
    while len(days) < count:
        if str(probe.isoweekday()) in WEEKDAYS:
            days.append(probe)
        probe -= timedelta(days=1)
    return sorted(days)


def _hold(meeting: Meeting, leader, index: int) -> None:
    attendees = list(meeting.attendees.order_by("staff__employee_no"))
    marks = {str(a.staff_id): MARKS.get(n, AttendeeStatus.PRESENT) for n, a in enumerate(attendees)}
    services.meeting_attendance_take(actor=leader.user, meeting=meeting, statuses=marks)
    minutes, decisions = MINUTES[index % len(MINUTES)]
    services.meeting_minutes_record(
        actor=leader.user,
        meeting=meeting,
        agenda="进展、问题、下一步",
        minutes=minutes,
        decisions=decisions,
    )
    owners = [a.staff for a in attendees if a.staff_id != leader.pk] or [leader]
    held_at = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    for n, (text, done) in enumerate(ITEMS[index * 2 : index * 2 + 2]):
        owner = owners[(index + n) % len(owners)]
        item = services.action_item_add(
            actor=leader.user,
            meeting=meeting,
            text=text,
            owner=owner,
            due_on=meeting.day + timedelta(days=3),
        )
        if done:
            services.action_item_done(actor=owner.user, item=item)
            ActionItem.objects.filter(pk=item.pk).update(done_at=held_at + timedelta(days=1))
    # The demo's past meetings were held at their time, not at the seeding's.
    Meeting.objects.filter(pk=meeting.pk).update(held_at=held_at)
    Attendee.objects.filter(meeting=meeting).update(marked_at=held_at)


def seed_meetings_demo(scale: int, stdout) -> None:
    day = today()
    for group in group_list().filter(is_active=True):
        leader = leader_of(group, day)
        if leader is None or MeetingSeries.objects.filter(group=group, title=TITLE).exists():
            continue
        past = _past_days(day, 2)
        with transaction.atomic():
            series = MeetingSeries.objects.create(
                group=group,
                title=TITLE,
                weekdays=WEEKDAYS,
                start_time=START,
                duration_minutes=30,
                place=PLACE,
                active_from=past[0],
                created_by=leader,
            )
            held = [
                Meeting.objects.create(
                    series=series,
                    group=group,
                    title=TITLE,
                    day=past_day,
                    starts_at=at_local(past_day, START),
                    duration_minutes=30,
                    place=PLACE,
                    created_by=leader,
                    state=MeetingState.SCHEDULED,
                )
                for past_day in past
            ]
            attendees_ensure(held)
            for index, meeting in enumerate(held):
                _hold(meeting, leader, index)
            services.series_extend(series=series, on=day)
    if stdout is not None:
        stdout.write("meetings: weekly briefings seeded\n")

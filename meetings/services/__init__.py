"""Every write of the meetings app (R-PLAN-5)."""

from .actions import action_item_add, action_item_done
from .running import meeting_attendance_take, meeting_minutes_record
from .schedule import (
    meeting_cancel,
    meeting_schedule,
    meetings_extend,
    series_create,
    series_extend,
)

__all__ = [
    "action_item_add",
    "action_item_done",
    "meeting_attendance_take",
    "meeting_cancel",
    "meeting_minutes_record",
    "meeting_schedule",
    "meetings_extend",
    "series_create",
    "series_extend",
]

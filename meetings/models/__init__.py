"""R-PLAN-5: team meetings — weekly series, occurrences, attendance, action items."""

from .meetings import (
    MARKED_STATUSES,
    WEEKDAY_CHOICES,
    ActionItem,
    Attendee,
    AttendeeStatus,
    Meeting,
    MeetingSeries,
    MeetingState,
)

__all__ = [
    "MARKED_STATUSES",
    "WEEKDAY_CHOICES",
    "ActionItem",
    "Attendee",
    "AttendeeStatus",
    "Meeting",
    "MeetingSeries",
    "MeetingState",
]

from .leave import DisciplineAction, LeaveNoticeRule, LeaveRequest, LeaveType
from .records import DayRecord, Inspection, InspectionMark, RosterChange, RosterEntry, Violation
from .rules import (
    AmountRule,
    AttendanceSetting,
    RulebookAcknowledgement,
    RulebookVersion,
    Shift,
    ShiftOverride,
    ViolationRule,
)

__all__ = [
    "AmountRule",
    "AttendanceSetting",
    "DayRecord",
    "DisciplineAction",
    "Inspection",
    "InspectionMark",
    "LeaveNoticeRule",
    "LeaveRequest",
    "LeaveType",
    "RosterChange",
    "RosterEntry",
    "RulebookAcknowledgement",
    "RulebookVersion",
    "Shift",
    "ShiftOverride",
    "Violation",
    "ViolationRule",
]

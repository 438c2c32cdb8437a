from .leave import DisciplineAction, LeaveNoticeRule, LeaveRequest, LeaveType
from .records import DayRecord, Inspection, InspectionMark, RosterChange, RosterEntry, Violation
from .rules import (
    RULE_NAMES,
    AmountRule,
    AttendanceSetting,
    RulebookAcknowledgement,
    RulebookVersion,
    Shift,
    ShiftOverride,
    ViolationRule,
    rule_name,
    rule_title,
)

__all__ = [
    "RULE_NAMES",
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
    "rule_name",
    "rule_title",
]

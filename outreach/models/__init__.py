"""The core every app stands on: staff, roles, dated groups, reference data, audit."""

from .audit import AccessLog, LoginSession
from .jobs import JobRun
from .notifications import Notification
from .reference import Agency, ClosedPayMonth, PaidDaysSetting, Point, WorkCity
from .staff import EmploymentType, Group, GroupMembership, Role, Staff, WageKind, WageScheme

__all__ = [
    "AccessLog",
    "Agency",
    "ClosedPayMonth",
    "EmploymentType",
    "Group",
    "GroupMembership",
    "JobRun",
    "LoginSession",
    "Notification",
    "PaidDaysSetting",
    "Point",
    "Role",
    "Staff",
    "WageKind",
    "WageScheme",
    "WorkCity",
]

"""Every write of the attendance app (R-ATT, R-FINE, R-DISC)."""

from .adjustments import (
    violation_appeal,
    violation_appeal_reject,
    violation_reduce,
    violation_reverse,
    violation_waive,
)
from .checkin import check_in, check_out, day_record_correct, nosign_detect
from .discipline import (
    discipline_case_close,
    discipline_case_open,
    discipline_record,
    discipline_thresholds_check,
)
from .inspections import inspection_record
from .leave import (
    absence_detect,
    absence_mark,
    absences_reverse,
    leave_deadline,
    leave_decide,
    leave_request_submit,
)
from .retention import checkin_data_purge
from .roster import roster_change_decide, roster_change_request, roster_copy_week, roster_set
from .rulebook import (
    rulebook_acknowledge,
    rulebook_draft_create,
    rulebook_in_force,
    rulebook_notify_staff,
    rulebook_publish,
    rulebook_rule_update,
)
from .violations import late_renumber, violation_record, violations_record_bulk

__all__ = [
    "absence_detect",
    "absence_mark",
    "absences_reverse",
    "check_in",
    "check_out",
    "checkin_data_purge",
    "day_record_correct",
    "discipline_case_close",
    "discipline_case_open",
    "discipline_record",
    "discipline_thresholds_check",
    "inspection_record",
    "late_renumber",
    "leave_deadline",
    "leave_decide",
    "leave_request_submit",
    "nosign_detect",
    "roster_change_decide",
    "roster_change_request",
    "roster_copy_week",
    "roster_set",
    "rulebook_acknowledge",
    "rulebook_draft_create",
    "rulebook_in_force",
    "rulebook_notify_staff",
    "rulebook_publish",
    "rulebook_rule_update",
    "violation_appeal",
    "violation_appeal_reject",
    "violation_reduce",
    "violation_record",
    "violation_reverse",
    "violation_waive",
    "violations_record_bulk",
]

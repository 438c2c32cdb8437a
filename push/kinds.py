"""Which notifications a group robot may forward (issue 20), by the kind the apps give
them. Two kinds carry a suffix (a lead's protection end, a report's day) so that each
occurrence is notified once: they are matched by prefix."""

from django.utils.translation import gettext_lazy as _

LEAD_EXPIRING = "lead_expiry"  # clients.services.pool: lead_expiry_<protected until>
VISIT_TO_CONFIRM = "visit_to_confirm"  # clients.services.visits
DAILY_REPORT_MISSING = "daily_report_missing"  # campaigns.services.daily: …_<day>
VIOLATION = "attendance.violation"  # attendance.services.violations
PAYROLL_LOCKED = "payroll_run_locked"  # payroll.services.runs
APPRAISAL_PUBLISHED = "appraisal_published"  # appraisals.services (公示)

PUSH_KINDS = {
    LEAD_EXPIRING: _("A lead about to expire"),
    VISIT_TO_CONFIRM: _("A visit to confirm"),
    DAILY_REPORT_MISSING: _("A daily report missing at the deadline"),
    VIOLATION: _("A new violation"),
    PAYROLL_LOCKED: _("The payroll run locked"),
    APPRAISAL_PUBLISHED: _("Appraisal results published (公示)"),
}
_BY_PREFIX = (LEAD_EXPIRING, DAILY_REPORT_MISSING)
# News for the whole group, notified to each person: the group hears it once.
GROUP_WIDE = frozenset({PAYROLL_LOCKED, APPRAISAL_PUBLISHED})


def push_kind_of(kind: str) -> str | None:
    """The pushable kind a notification's kind is, or None."""
    if kind in PUSH_KINDS:
        return kind
    return next((key for key in _BY_PREFIX if kind.startswith(key + "_")), None)


def push_kind_wanted(kind: str) -> bool:
    return push_kind_of(kind) is not None


def push_kind_choices() -> list[tuple[str, object]]:
    return list(PUSH_KINDS.items())

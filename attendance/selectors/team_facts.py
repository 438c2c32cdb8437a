"""For team meetings (R-PLAN-5): a group's violations over a stretch of time, and whether
the rulebook in force has a rule for a meeting absence — read without importing the
attendance models."""

from datetime import datetime

from django.db.models import Count, Q

from ..models import RulebookVersion, Violation, ViolationRule


def violation_counts_between(*, staff_ids, start: datetime, end: datetime) -> dict[str, int]:
    """R-PLAN-5 facts: among the people's violations that happened in [start, end), the
    missing daily reports (the R-DAY-1 job's, not reversed) and the open ones (neither
    waived nor reversed). One query."""
    return Violation.objects.filter(
        staff_id__in=staff_ids, occurred_at__gte=start, occurred_at__lt=end
    ).aggregate(
        missing_reports=Count(
            "pk",
            filter=Q(source=Violation.Source.REPORT) & ~Q(state=Violation.State.REVERSED),
        ),
        open_violations=Count("pk", filter=Q(state=Violation.State.ACTIVE)),
    )


def rulebook_has_rule(code: str, at: datetime) -> bool:
    """R-FINE-3: whether the rulebook version in force at `at` has a rule `code`."""
    version = (
        RulebookVersion.objects.filter(published_at__isnull=False, effective_from__lte=at)
        .order_by("-effective_from", "-number")
        .values("pk")[:1]
    )
    return ViolationRule.objects.filter(version__in=version, code=code).exists()

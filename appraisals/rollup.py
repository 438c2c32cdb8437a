"""R-APR-3: roll up every active person's measured indicators for a closed period.

A fixed number of set-based queries whatever the number of people; idempotent (upserts
on unique keys, and the cycle row is locked so concurrent roll-ups run one after the
other and write the same rows); an archived cycle is left alone.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Role, Staff

from .defaults import template_default
from .indicators import measure
from .models import Appraisal, AppraisalCycle, Indicator, IndicatorScore, Scoring
from .periods import period_of, quarters_in
from .results import cycle_results_compute
from .sources import appraised_group, facts_shared, memberships_in

APPRAISED_ROLES = (Role.CANVASSER, Role.LEADER)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass
class RollupResult:
    cycle: AppraisalCycle
    people: int
    changed: bool
    message: str


def appraisal_cycle_ensure(label: str) -> AppraisalCycle:
    """R-APR-1: the cycle of a period, created (open) with the default template."""
    kind, start, end = period_of(label)
    found = AppraisalCycle.objects.filter(kind=kind, period_start=start).first()
    if found:
        return found
    template = template_default()
    try:
        with transaction.atomic():
            return AppraisalCycle.objects.create(
                kind=kind,
                label=label.strip().upper(),
                period_start=start,
                period_end=end,
                template=template,
                bonus_base=template.default_bonus_base,
                objection_days=template.objection_days,
            )
    except IntegrityError:  # created by a concurrent roll-up
        return AppraisalCycle.objects.get(kind=kind, period_start=start)


def _appraisees(start: date, end: date) -> list[Staff]:
    return list(
        Staff.objects.filter(role__in=APPRAISED_ROLES, hire_date__lte=end)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=start))
        .order_by("pk")
    )


def _coverage(person: Staff, start: date, end: date) -> Decimal:
    first = max(start, person.hire_date)
    last = min(end, person.leave_date or end)
    days = Decimal((last - first).days + 1)
    return (days / Decimal((end - start).days + 1)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _groups(people: list[Staff], start: date, end: date) -> dict[int, int]:
    """Each person's group on the last day they were employed in the period, else their
    latest membership in it (one query, shared with the group-target indicator)."""
    stints = memberships_in(start, end)
    groups = {p.pk: appraised_group(stints.get(p.pk, ()), end) for p in people}
    return {staff_id: group for staff_id, group in groups.items() if group is not None}


def score_against_target(actual: Decimal, target: Decimal) -> Decimal:
    """min(actual ÷ target, 1) × 100."""
    if target <= 0:
        return HUNDRED
    return (min(actual / target, Decimal(1)) * HUNDRED).quantize(CENT, ROUND_HALF_UP)


def scores_by_distribution(values: dict[int, Decimal]) -> dict[int, Decimal]:
    """100 × (below + ½ × equal others) ÷ (n − 1) within one group; a group of one: 100."""
    n = len(values)
    if n == 1:
        return dict.fromkeys(values, HUNDRED)
    ordered = sorted(values.values())
    result = {}
    for key, value in values.items():
        below = sum(1 for v in ordered if v < value)
        equal_others = sum(1 for v in ordered if v == value) - 1
        share = (Decimal(below) + Decimal(equal_others) / 2) / Decimal(n - 1)
        result[key] = (share * HUNDRED).quantize(CENT, ROUND_HALF_UP)
    return result


def _indicator_scores(indicator, values, coverage, groups, quarters) -> dict[int, Decimal]:
    if indicator.scoring == Scoring.TARGET:
        base = indicator.target_value * (quarters if indicator.is_volume else 1)
        return {
            sid: score_against_target(value, base * (coverage[sid] if indicator.is_volume else 1))
            for sid, value in values.items()
        }
    cohorts = defaultdict(dict)
    for sid, value in values.items():
        normal = value / coverage[sid] if indicator.is_volume and coverage[sid] else value
        cohorts[groups.get(sid)][sid] = normal
    scores = {}
    for cohort in cohorts.values():
        scores.update(scores_by_distribution(cohort))
    return scores


SCORES_UPSERT = """
    INSERT INTO appraisals_indicatorscore
        (appraisal_id, indicator_id, actual, score, comment, created_at, updated_at)
    SELECT a, i, v, s, '', %(now)s, %(now)s
    FROM UNNEST(%(a)s::integer[], %(i)s::integer[], %(v)s::numeric[], %(s)s::numeric[])
        AS rows (a, i, v, s)
    ON CONFLICT (appraisal_id, indicator_id) DO UPDATE
        SET actual = EXCLUDED.actual, score = EXCLUDED.score, updated_at = EXCLUDED.updated_at
        WHERE (appraisals_indicatorscore.actual, appraisals_indicatorscore.score)
            IS DISTINCT FROM (EXCLUDED.actual, EXCLUDED.score)
"""


def _scores_upsert(rows: list[tuple[int, int, Decimal, Decimal]], now) -> None:
    """Insert or refresh (appraisal, indicator, actual, score) rows in one statement.

    On PostgreSQL the rows go as four arrays: building 100,000 model instances and
    Django's per-value preparation took most of a 10,000-person roll-up; an unchanged
    row is left as it is. Elsewhere (SQLite in tests), bulk_create's upsert."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        columns = list(zip(*rows, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                SCORES_UPSERT,
                {
                    "now": now,
                    "a": list(columns[0]),
                    "i": list(columns[1]),
                    "v": list(columns[2]),
                    "s": list(columns[3]),
                },
            )
        return
    IndicatorScore.objects.bulk_create(
        [
            IndicatorScore(
                appraisal_id=a, indicator_id=i, actual=v, score=s, created_at=now, updated_at=now
            )
            for a, i, v, s in rows
        ],
        update_conflicts=True,
        unique_fields=["appraisal", "indicator"],
        update_fields=["actual", "score", "updated_at"],
    )


def appraisal_rollup(*, label: str) -> RollupResult:
    """R-APR-3: create or refresh the cycle's appraisals and measured indicator scores."""
    cycle = appraisal_cycle_ensure(label)
    with transaction.atomic(), facts_shared():
        cycle = (
            AppraisalCycle.objects.select_for_update().select_related("template").get(pk=cycle.pk)
        )
        if cycle.is_locked:
            return RollupResult(
                cycle,
                0,
                False,
                _("Cycle %(label)s is archived; nothing was changed.") % {"label": cycle.label},
            )
        start, end = cycle.period_start, cycle.period_end
        people = _appraisees(start, end)
        ids = [p.pk for p in people]
        coverage = {p.pk: _coverage(p, start, end) for p in people}
        groups = _groups(people, start, end)
        now = timezone.now()
        Appraisal.objects.bulk_create(
            [
                Appraisal(
                    cycle=cycle,
                    staff=p,
                    group_id=groups.get(p.pk),
                    coverage=coverage[p.pk],
                    pro_rata=coverage[p.pk] < 1,
                    created_at=now,
                    updated_at=now,
                )
                for p in people
            ],
            update_conflicts=True,
            unique_fields=["cycle", "staff"],
            update_fields=["group", "coverage", "pro_rata", "updated_at"],
        )
        appraisal_ids = dict(
            Appraisal.objects.filter(cycle=cycle, staff_id__in=ids).values_list("staff_id", "pk")
        )
        measured = Indicator.objects.filter(dimension__template_id=cycle.template_id).exclude(
            scoring=Scoring.RATED
        )
        rows = []
        quarters = quarters_in(cycle.kind)
        for indicator in measured:
            values = {
                sid: Decimal(v) for sid, v in measure(indicator.code, start, end, ids).items()
            }
            scores = _indicator_scores(indicator, values, coverage, groups, quarters)
            rows.extend(
                (appraisal_ids[sid], indicator.pk, value.quantize(CENT, ROUND_HALF_UP), scores[sid])
                for sid, value in sorted(values.items())
                if sid in appraisal_ids
            )
        _scores_upsert(rows, now)
        cycle_results_compute(cycle)
        cycle.rolled_up_at = now
        cycle.save(update_fields=["rolled_up_at", "updated_at"])
    return RollupResult(
        cycle,
        len(people),
        True,
        _("Cycle %(label)s: %(count)s people rolled up.")
        % {"label": cycle.label, "count": len(people)},
    )

"""R-APR-5: from indicator scores to the total, ranks, grade, bonus and flags.

Set-based: a fixed number of queries for the whole cycle, whatever its size.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from .models import Appraisal, AppraisalCycle, GradeBand, Honour, Indicator, IndicatorScore

CENT = Decimal("0.01")
RESULT_FIELDS = [
    "total_score",
    "rank_group",
    "rank_overall",
    "grade",
    "coefficient",
    "bonus",
    "honour",
    "promotion_candidate",
    "training_candidate",
    "updated_at",
]


def weighted(pairs) -> Decimal | None:
    """Σ weight × score ÷ Σ weight over the pairs that have a score; None if none do."""
    pairs = [(w, s) for w, s in pairs if s is not None]
    total_weight = sum((w for w, _s in pairs), Decimal(0))
    if not pairs or total_weight == 0:
        return None
    return sum((w * s for w, s in pairs), Decimal(0)) / total_weight


def competition_ranks(values: dict[int, Decimal]) -> dict[int, int]:
    """1 + how many score strictly higher (ties share a rank: 1, 2, 2, 4)."""
    ordered = sorted(values.values(), reverse=True)
    first_at = {}
    for position, value in enumerate(ordered, start=1):
        first_at.setdefault(value, position)
    return {key: first_at[value] for key, value in values.items()}


def dimension_scores(cycle: AppraisalCycle) -> tuple[list[Appraisal], dict, dict]:
    """Each appraisal's score per dimension code: ({appraisal id: {code: score}}, weights)."""
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(dimension__template_id=cycle.template_id).select_related(
            "dimension"
        )
    }
    appraisals = list(cycle.appraisals.all())
    by_appraisal: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    # By appraisal id, unordered: no join for the planner to get wrong when the table's
    # statistics predate the roll-up's inserts (a nested loop over 100,000 scores).
    scores = (
        IndicatorScore.objects.filter(appraisal_id__in=[a.pk for a in appraisals])
        .order_by()
        .values_list("appraisal_id", "indicator_id", "score")
    )
    for appraisal_id, indicator_id, score in scores:
        indicator = indicators.get(indicator_id)
        if indicator is not None:
            by_appraisal[appraisal_id][indicator.dimension.code].append((indicator.weight, score))
    dim_weights = {i.dimension.code: i.dimension.weight for i in indicators.values()}
    dims = {
        a.pk: {code: weighted(pairs) for code, pairs in by_appraisal[a.pk].items()}
        for a in appraisals
    }
    return appraisals, dims, dim_weights


def cycle_results_compute(cycle: AppraisalCycle) -> None:
    """R-APR-5: total = dimensions weighted (a dimension without any value leaves its
    weight to the others), ranks in group and overall, grade by band, bonus =
    coefficient × the cycle's bonus base (no cap), honours proposed, flags."""
    appraisals, dims, dim_weights = dimension_scores(cycle)
    bands = list(GradeBand.objects.filter(template_id=cycle.template_id).order_by("-min_score"))
    template = cycle.template
    totals = {}
    for a in appraisals:
        total = weighted((dim_weights[code], s) for code, s in dims[a.pk].items())
        a.total_score = None if total is None else total.quantize(CENT, ROUND_HALF_UP)
        if a.total_score is not None:
            totals[a.pk] = a.total_score
    overall = competition_ranks(totals)
    by_group = defaultdict(dict)
    for a in appraisals:
        if a.pk in totals:
            by_group[a.group_id][a.pk] = totals[a.pk]
    in_group = {}
    for members in by_group.values():
        in_group.update(competition_ranks(members))
    for a in appraisals:
        band = next(
            (b for b in bands if a.total_score is not None and a.total_score >= b.min_score), None
        )
        a.rank_overall = overall.get(a.pk)
        a.rank_group = in_group.get(a.pk)
        a.grade = band.grade if band else ""
        a.coefficient = band.coefficient if band else None
        a.bonus = (
            (band.coefficient * cycle.bonus_base).quantize(CENT, ROUND_HALF_UP) if band else None
        )
        a.promotion_candidate = bool(a.grade) and a.grade in template.promotion_grades
        a.training_candidate = bool(a.grade) and a.grade in template.training_grades
        a.honour = Honour.NONE
        a.updated_at = timezone.now()
    _propose_honours(appraisals, dims)
    # An upsert on the primary key is one set-based statement (a bulk_update would build a
    # CASE per field and row, slow at 10,000 people).
    Appraisal.objects.bulk_create(
        appraisals, update_conflicts=True, unique_fields=["id"], update_fields=RESULT_FIELDS
    )


def _propose_honours(appraisals: list[Appraisal], dims: dict) -> None:
    """优秀员工 to the top of the overall ranking, 最佳外联专员 to the best results
    dimension among the others; only for grades S and A; ties are all proposed."""
    eligible = [a for a in appraisals if a.grade in ("S", "A")]
    for a in eligible:
        if a.rank_overall == 1:
            a.honour = Honour.OUTSTANDING
    others = [
        a for a in eligible if a.honour == Honour.NONE and dims[a.pk].get("results") is not None
    ]
    if others:
        best = max(dims[a.pk]["results"] for a in others)
        for a in others:
            if dims[a.pk]["results"] == best:
                a.honour = Honour.BEST_OUTREACH

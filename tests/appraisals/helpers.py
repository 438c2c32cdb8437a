from decimal import Decimal

from appraisals import services
from appraisals.models import Appraisal, Indicator, Scoring
from appraisals.rollup import appraisal_rollup


def rated_indicators(cycle):
    return list(
        Indicator.objects.filter(dimension__template_id=cycle.template_id, scoring=Scoring.RATED)
    )


def evaluate(leader_user, appraisal, score, comment="好"):
    ratings = {i.pk: (Decimal(score), "") for i in rated_indicators(appraisal.cycle)}
    return services.leader_evaluate(
        actor=leader_user, appraisal=appraisal, ratings=ratings, comment=comment
    )


def appraisal_of(cycle, staff) -> Appraisal:
    return Appraisal.objects.get(cycle=cycle, staff=staff)


def to_leader_evaluation(org, label="2026Q3"):
    cycle = appraisal_rollup(label=label).cycle
    manager = org["manager"].user
    services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    cycle.refresh_from_db()
    return cycle


def evaluate_all(org, cycle, scores):
    """scores: {org key: rating}; leaders of G01/G02 rate their people, the manager the
    leaders."""
    evaluators = {"canvasser1": "leader1", "canvasser2": "leader1", "canvasser3": "leader2"}
    for who, score in scores.items():
        by = org[evaluators.get(who, "manager")].user
        evaluate(by, appraisal_of(cycle, org[who]), score)

"""R-APR-2/5: the default template as data (weights 50/20/15/15, indicators, grade bands).

Ensured after migrate and before the first cycle; an administrator edits it in the admin.
"""

from decimal import Decimal as D

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from .models import AppraisalTemplate, Dimension, GradeBand, Indicator, Scoring

# (code, name, weight, [(code, name, scoring, target per quarter, is_volume, weight)])
DEFAULT_DIMENSIONS = [
    (
        "results",
        gettext_noop("Results"),
        D(50),
        [
            (
                "new_clients",
                gettext_noop("New clients registered"),
                Scoring.DISTRIBUTION,
                None,
                True,
                D(25),
            ),
            ("valid_visits", gettext_noop("Valid visits"), Scoring.TARGET, D(30), True, D(25)),
            ("deal_units", gettext_noop("Deal units"), Scoring.DISTRIBUTION, None, True, D(20)),
            ("deal_amount", gettext_noop("Deal amount"), Scoring.DISTRIBUTION, None, True, D(15)),
            # events organised and their measured results (R-CAM-5)
            (
                "events_organised",
                gettext_noop("Events organised"),
                Scoring.DISTRIBUTION,
                None,
                True,
                D(5),
            ),
            (
                "event_attendees",
                gettext_noop("Event attendees"),
                Scoring.DISTRIBUTION,
                None,
                True,
                D(5),
            ),
            (
                "event_new_leads",
                gettext_noop("New leads from events"),
                Scoring.DISTRIBUTION,
                None,
                True,
                D(5),
            ),
        ],
    ),
    (
        "client_relations",
        gettext_noop("Client relations"),
        D(20),
        [
            (
                "satisfaction",
                gettext_noop("Average satisfaction"),
                Scoring.TARGET,
                D(5),
                False,
                D(40),
            ),
            (
                "complaints_on_time",
                gettext_noop("Complaints answered in time (%)"),
                Scoring.TARGET,
                D(100),
                False,
                D(30),
            ),
            ("repeat_deals", gettext_noop("Repeat deals"), Scoring.DISTRIBUTION, None, True, D(30)),
        ],
    ),
    (
        "teamwork",
        gettext_noop("Teamwork"),
        D(15),
        [
            ("leader_rating", gettext_noop("Leader's rating"), Scoring.RATED, None, False, D(60)),
            (
                "group_target_share",
                gettext_noop("Share of the group's target met (%)"),
                Scoring.TARGET,
                D(100),
                False,
                D(40),
            ),
        ],
    ),
    (
        "growth",
        gettext_noop("Personal growth"),
        D(15),
        [
            ("training_hours", gettext_noop("Training hours"), Scoring.TARGET, D(6), True, D(50)),
            (
                "training_score",
                gettext_noop("Average training score"),
                Scoring.TARGET,
                D(100),
                False,
                D(50),
            ),
        ],
    ),
]
DEFAULT_BANDS = [
    ("S", D(90), D("2.00")),
    ("A", D(80), D("1.50")),
    ("B", D(70), D("1.00")),
    ("C", D(60), D("0.50")),
    ("D", D(0), D("0.00")),
]


def template_default() -> AppraisalTemplate:
    """The default template, created with the data above if there is none (race-safe)."""
    found = AppraisalTemplate.objects.filter(is_default=True).first()
    if found:
        return found
    try:
        with transaction.atomic():
            template = AppraisalTemplate.objects.create(name="默认考核模板", is_default=True)
            for d_pos, (code, name, weight, indicators) in enumerate(DEFAULT_DIMENSIONS):
                dimension = Dimension.objects.create(
                    template=template, code=code, name=name, weight=weight, position=d_pos
                )
                Indicator.objects.bulk_create(
                    Indicator(
                        dimension=dimension,
                        code=i_code,
                        name=i_name,
                        scoring=scoring,
                        target_value=target,
                        is_volume=volume,
                        weight=i_weight,
                        position=i_pos,
                    )
                    for i_pos, (i_code, i_name, scoring, target, volume, i_weight) in enumerate(
                        indicators
                    )
                )
            GradeBand.objects.bulk_create(
                GradeBand(template=template, grade=g, min_score=m, coefficient=c)
                for g, m, c in DEFAULT_BANDS
            )
    except IntegrityError:
        return AppraisalTemplate.objects.get(is_default=True)
    return template


def template_default_ensure(**_kwargs) -> None:
    template_default()

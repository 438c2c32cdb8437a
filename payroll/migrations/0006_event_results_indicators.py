"""R-APR-2: the default template measures events organised *and their results*.

The one "event_results" indicator (weight 15 in results, a count of events held) becomes
three of weight 5: events organised, their attendees and their new leads. A default
template already used by a cycle is not edited — that would change how its appraisals
read — but copied into a new default with the change; its cycles keep the old one. A
template an administrator already reshaped (no "event_results") is left alone.
"""

from decimal import Decimal

from django.db import migrations
from django.db.models import F

# (code, name) of the two indicators added after "events_organised"; distribution-scored
# volumes like it (frozen here: a migration must not follow later edits of defaults.py).
ADDED = [
    ("event_attendees", "Event attendees"),
    ("event_new_leads", "New leads from events"),
]
WEIGHT = Decimal(5)


def _model(apps, name):
    """A model of this migration's time (in payroll). Called with the live registry (as
    tests/appraisals/test_template_migration.py does) it is found where it lives now, in
    the appraisals app."""
    try:
        return apps.get_model("payroll", name)
    except LookupError:
        return apps.get_model("appraisals", name)


def _copy(apps, template):
    """A new default template with the old one's dimensions, indicators and bands."""
    AppraisalTemplate = _model(apps, "AppraisalTemplate")
    Dimension = _model(apps, "Dimension")
    Indicator = _model(apps, "Indicator")
    GradeBand = _model(apps, "GradeBand")
    AppraisalTemplate.objects.filter(pk=template.pk).update(is_default=False)
    name, n = f"{template.name} v2", 2
    while AppraisalTemplate.objects.filter(name=name).exists():
        n += 1
        name = f"{template.name} v{n}"
    copy = AppraisalTemplate.objects.create(
        name=name,
        is_default=True,
        default_bonus_base=template.default_bonus_base,
        objection_days=template.objection_days,
        promotion_grades=template.promotion_grades,
        training_grades=template.training_grades,
    )
    for dimension in Dimension.objects.filter(template=template):
        indicators = list(Indicator.objects.filter(dimension=dimension))
        dimension.pk, dimension.template = None, copy
        dimension.save()
        for indicator in indicators:
            indicator.pk, indicator.dimension = None, dimension
        Indicator.objects.bulk_create(indicators)
    bands = list(GradeBand.objects.filter(template=template))
    for band in bands:
        band.pk, band.template = None, copy
    GradeBand.objects.bulk_create(bands)
    return copy


def split_event_results(apps, schema_editor):
    AppraisalTemplate = _model(apps, "AppraisalTemplate")
    AppraisalCycle = _model(apps, "AppraisalCycle")
    Indicator = _model(apps, "Indicator")
    template = AppraisalTemplate.objects.filter(is_default=True).first()
    if template is None or not Indicator.objects.filter(
        dimension__template=template, code="event_results"
    ).exists():
        return  # a fresh database gets the new default after migrate; or already reshaped
    if AppraisalCycle.objects.filter(template=template).exists():
        template = _copy(apps, template)
    events = Indicator.objects.get(dimension__template=template, code="event_results")
    Indicator.objects.filter(dimension=events.dimension, position__gt=events.position).update(
        position=F("position") + len(ADDED)
    )
    events.code, events.name, events.weight = "events_organised", "Events organised", WEIGHT
    events.save()
    Indicator.objects.bulk_create(
        Indicator(
            dimension=events.dimension,
            code=code,
            name=name,
            scoring=events.scoring,
            target_value=None,
            is_volume=True,
            weight=WEIGHT,
            position=events.position + offset,
        )
        for offset, (code, name) in enumerate(ADDED, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("payroll", "0005_appraisals")]

    operations = [migrations.RunPython(split_event_results, migrations.RunPython.noop)]

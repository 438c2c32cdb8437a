"""R-APR-2: migration 0006 brings a database made before it to the default template's
event indicators (events organised and their measured results) without changing how
existing cycles read."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps

from appraisals.defaults import template_default
from appraisals.models import AppraisalTemplate, Indicator
from appraisals.rollup import appraisal_cycle_ensure

pytestmark = pytest.mark.django_db

split_event_results = import_module(
    "payroll.migrations.0006_event_results_indicators"
).split_event_results
EVENTS = ["events_organised", "event_attendees", "event_new_leads"]


def _results(template) -> list[tuple[str, Decimal, int]]:
    return list(
        Indicator.objects.filter(dimension__template=template, dimension__code="results")
        .order_by("position")
        .values_list("code", "weight", "position")
    )


def _as_before_0006() -> AppraisalTemplate:
    """The default template as 0005 left it: one "event_results" of weight 15, last."""
    template = template_default()
    events = Indicator.objects.filter(dimension__template=template, code__in=EVENTS)
    first = events.get(code="events_organised")
    events.exclude(pk=first.pk).delete()
    first.code, first.name, first.weight = "event_results", "Event results", Decimal(15)
    first.save()
    return template


def test_r_apr_2_an_unused_default_template_is_brought_up_to_date_in_place():
    template = _as_before_0006()
    split_event_results(apps, None)
    assert AppraisalTemplate.objects.get(is_default=True) == template
    assert _results(template)[-3:] == [(code, Decimal(5), p) for p, code in enumerate(EVENTS, 4)]
    assert sum(weight for _c, weight, _p in _results(template)) == 100


def test_r_apr_2_a_template_in_use_is_copied_and_its_cycles_keep_it():
    template = _as_before_0006()
    cycle = appraisal_cycle_ensure("2026Q3")
    split_event_results(apps, None)
    cycle.refresh_from_db()
    assert cycle.template == template
    assert [code for code, _w, _p in _results(template)][-1] == "event_results"
    new = AppraisalTemplate.objects.get(is_default=True)
    assert new != template
    assert new.name == f"{template.name} v2"
    assert [code for code, _w, _p in _results(new)][-3:] == EVENTS
    assert new.bands.count() == template.bands.count() == 5
    assert new.dimensions.count() == template.dimensions.count() == 4
    split_event_results(apps, None)  # run again: already reshaped, nothing changes
    assert AppraisalTemplate.objects.count() == 2

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from outreach.models import Staff

from .models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    ClaimStatus,
    ExpenseClaim,
    MarketNote,
    NoteKind,
)

DATE_ATTRS = {"type": "date"}


class CampaignFilter(django_filters.FilterSet):
    """R-CAM-1: the campaign list by kind, status, owner and date."""

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=CampaignKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=CampaignStatus.choices)
    owner = django_filters.ModelChoiceFilter(label=_("owner"), queryset=Staff.objects.all())
    date_from = django_filters.DateFilter(
        label=_("from"),
        field_name="starts_at",
        lookup_expr="date__gte",
        widget=django_filters.widgets.forms.DateInput(attrs=DATE_ATTRS),
    )
    date_to = django_filters.DateFilter(
        label=_("to"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=django_filters.widgets.forms.DateInput(attrs=DATE_ATTRS),
    )

    class Meta:
        model = Campaign
        fields = ["kind", "status", "owner", "date_from", "date_to"]


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=ClaimStatus.choices)

    class Meta:
        model = ExpenseClaim
        fields = ["status"]


class MarketNoteFilter(django_filters.FilterSet):
    """R-PLAN-3: search the notes by any of their words, kind and date."""

    q = django_filters.CharFilter(label=_("search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=NoteKind.choices)
    date_from = django_filters.DateFilter(
        label=_("from"),
        field_name="observed_on",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs=DATE_ATTRS),
    )

    class Meta:
        model = MarketNote
        fields = ["q", "kind", "date_from"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(competitor__icontains=value)
            | Q(offer__icontains=value)
            | Q(activity_seen__icontains=value)
            | Q(content__icontains=value)
        )

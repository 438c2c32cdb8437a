"""The `updated_since` filter every list shares (issue 21 §3), and the lists' own filters:
the same choices as the pages' filters, by the same field names."""

import django_filters
from django.utils.translation import gettext_lazy as _

from clients.models import Lead, LeadKind, LeadStatus, SourceChannel


class SyncFilterSet(django_filters.FilterSet):
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("changed at or after (ISO 8601 with offset)"),
    )


class LeadFilter(SyncFilterSet):
    status = django_filters.ChoiceFilter(choices=LeadStatus.choices)
    kind = django_filters.ChoiceFilter(choices=LeadKind.choices)
    source = django_filters.ChoiceFilter(choices=SourceChannel.choices)
    owner = django_filters.CharFilter(
        field_name="owner__employee_no", label=_("owner's employee number")
    )
    group = django_filters.CharFilter(field_name="group__code", label=_("group code"))
    registered_after = django_filters.IsoDateTimeFilter(
        field_name="registered_at", lookup_expr="gte"
    )
    registered_before = django_filters.IsoDateTimeFilter(
        field_name="registered_at", lookup_expr="lt"
    )

    class Meta:
        model = Lead
        fields = ["updated_since", "status", "kind", "source", "owner", "group"]

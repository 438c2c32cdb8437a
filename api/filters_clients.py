"""The clients app's API lists' filters (issue 21 §3): the client list's page filters by
the page's names, and `updated_since` on every list (SyncFilterSet)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from clients.filters import client_search
from clients.models import (
    Client,
    ClientGrade,
    Deal,
    DealStatus,
    FollowUp,
    LeadStatus,
    SourceChannel,
    Visit,
    VisitState,
)

from .filters import SyncFilterSet


class ClientFilter(SyncFilterSet):
    """clients.filters.ClientFilter's fields. The querysets are already scoped, so the owner
    and group are matched by their numbers instead of offered as a scoped list."""

    q = django_filters.CharFilter(label=_("search name / company / phone"), method="search")
    grade = django_filters.ChoiceFilter(choices=ClientGrade.choices)
    status = django_filters.ChoiceFilter(
        choices=LeadStatus.choices, field_name="current_lead__status"
    )
    source = django_filters.ChoiceFilter(choices=SourceChannel.choices)
    owner = django_filters.CharFilter(
        field_name="current_lead__owner__employee_no", label=_("owner's employee number")
    )
    group = django_filters.CharFilter(field_name="current_lead__group__code", label=_("group code"))
    # The page's ranges: registered_after/_before, active_after/_before (days, inclusive).
    registered = django_filters.DateFromToRangeFilter(field_name="registered_at")
    active = django_filters.DateFromToRangeFilter(field_name="last_activity_at")

    class Meta:
        model = Client
        fields = ["updated_since", "q", "grade", "status", "source", "owner", "group"]

    def search(self, queryset, name, value):
        return client_search(queryset, value)


class FollowUpFilter(SyncFilterSet):
    lead = django_filters.NumberFilter(field_name="lead_id", label=_("lead id"))

    class Meta:
        model = FollowUp
        fields = ["updated_since", "lead"]


class VisitFilter(SyncFilterSet):
    lead = django_filters.NumberFilter(field_name="lead_id", label=_("lead id"))
    state = django_filters.ChoiceFilter(choices=VisitState.choices)
    confirmed = django_filters.BooleanFilter(
        field_name="confirmed_at", lookup_expr="isnull", exclude=True, label=_("confirmed")
    )

    class Meta:
        model = Visit
        fields = ["updated_since", "lead", "state", "confirmed"]


class DealFilter(SyncFilterSet):
    lead = django_filters.NumberFilter(field_name="lead_id", label=_("lead id"))
    status = django_filters.ChoiceFilter(choices=DealStatus.choices)
    signed = django_filters.DateFromToRangeFilter(field_name="signed_on")

    class Meta:
        model = Deal
        fields = ["updated_since", "lead", "status"]

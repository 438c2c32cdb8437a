"""The filters of the attendance and campaigns lists (issue 21 §3), beside `updated_since`:
the same names as the pages' filters where the pages have them."""

import django_filters
from django.utils.translation import gettext_lazy as _

from attendance.models import DayRecord, Violation
from campaigns.models import Campaign, CampaignKind, CampaignStatus, DailyReport, Invitation

from .filters import SyncFilterSet


class _StaffDayFilter(SyncFilterSet):
    staff = django_filters.CharFilter(
        field_name="staff__employee_no", label=_("person's employee number")
    )
    day_from = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("from"))
    day_to = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("to"))


class CheckInFilter(_StaffDayFilter):
    class Meta:
        model = DayRecord
        fields = ["updated_since", "staff", "day_from", "day_to"]


class DailyReportFilter(_StaffDayFilter):
    class Meta:
        model = DailyReport
        fields = ["updated_since", "staff", "day_from", "day_to"]


class EventFilter(SyncFilterSet):
    """R-CAM-1: as the campaign list (kind, status, owner, date)."""

    kind = django_filters.ChoiceFilter(choices=CampaignKind.choices)
    status = django_filters.ChoiceFilter(choices=CampaignStatus.choices)
    owner = django_filters.CharFilter(
        field_name="owner__employee_no", label=_("owner's employee number")
    )
    date_from = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label=_("from")
    )
    date_to = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("to")
    )

    class Meta:
        model = Campaign
        fields = ["updated_since", "kind", "status", "owner", "date_from", "date_to"]


class InvitationFilter(SyncFilterSet):
    event = django_filters.NumberFilter(field_name="campaign_id", label=_("event id"))

    class Meta:
        model = Invitation
        fields = ["updated_since", "event"]


class ViolationFilter(SyncFilterSet):
    """As the violation list (code), and by person and state."""

    code = django_filters.CharFilter(label=_("violation code"))
    staff = django_filters.CharFilter(
        field_name="staff__employee_no", label=_("person's employee number")
    )
    state = django_filters.ChoiceFilter(choices=Violation.State.choices)

    class Meta:
        model = Violation
        fields = ["updated_since", "code", "staff", "state"]

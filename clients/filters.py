"""R-CLI-1: the client list's filters, each backed by an index."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outreach.models import Group, Role, Staff
from outreach.selectors import visible_staff

from .models import Client, ClientGrade, LeadStatus, SourceChannel
from .phones import SEPARATORS

CHOICES_SHOWN_AT_MOST = 200


def _descending(label) -> str:
    return gettext("%s (descending)") % label


_descending_label = lazy(_descending, str)


class SortFilter(django_filters.OrderingFilter):
    """django-filter's sort, with its "(descending)" in our catalog: its own catalog has
    no zh_Hans, so the option read "登记 (descending)" (issue 18)."""

    descending_fmt = _("%s (descending)")

    def build_choices(self, fields, labels):
        # django-filter formats "%s (descending)" once, when the class is defined, in the
        # language active at import; a lazy label is translated for each request instead.
        choices = []
        for field, param in fields.items():
            label = labels.get(field, _(pretty_name(param)))
            choices.append((param, label))
            choices.append((f"-{param}", labels.get(f"-{param}", _descending_label(label))))
        return choices


class ClientFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search name / company / phone"), method="search")
    grade = django_filters.ChoiceFilter(label=_("grade"), choices=ClientGrade.choices)
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=LeadStatus.choices, field_name="current_lead__status"
    )
    # Scoped to the user in __init__; picked by employee number, so a large team can type
    # it instead of scrolling a list of thousands.
    owner = django_filters.ModelChoiceFilter(
        label=_("owner"),
        field_name="current_lead__owner",
        to_field_name="employee_no",
        queryset=Staff.objects.none(),
    )
    group = django_filters.ModelChoiceFilter(
        label=_("group"), field_name="current_lead__group", queryset=Group.objects.none()
    )
    source = django_filters.ChoiceFilter(label=_("source"), choices=SourceChannel.choices)
    registered = django_filters.DateFromToRangeFilter(
        label=_("registered"),
        field_name="registered_at",
        widget=django_filters.widgets.RangeWidget(attrs={"type": "date"}),
    )
    active = django_filters.DateFromToRangeFilter(
        label=_("last activity"),
        field_name="last_activity_at",
        widget=django_filters.widgets.RangeWidget(attrs={"type": "date"}),
    )
    ordering = SortFilter(
        label=_("sort"),
        fields=(
            ("registered_at", "registered"),
            ("last_activity_at", "active"),
            ("name", "name"),
            ("grade", "grade"),
        ),
        # the labels people read (the parameter names above stay the URL's words)
        field_labels={
            "registered_at": _("registered"),
            "last_activity_at": _("last activity"),
            "name": _("name"),
            "grade": _("grade"),
        },
    )

    class Meta:
        model = Client
        fields = ["q", "grade", "status", "owner", "group", "source"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        owners = visible_staff(request.user).filter(role__in=[Role.CANVASSER, Role.LEADER])
        self.filters["group"].queryset = Group.objects.filter(
            pk__in=owners.values("memberships__group")
        ).order_by("code")
        owner = self.filters["owner"]
        owner.queryset = owners.order_by("employee_no")
        # One COUNT decides between a drop-down and a box to type the number in.
        if owner.queryset.count() > CHOICES_SHOWN_AT_MOST:
            owner.extra["widget"] = forms.TextInput(attrs={"placeholder": _("employee number")})

    def search(self, queryset, name, value):
        return client_search(queryset, value)


def client_search(queryset: QuerySet[Client], value: str) -> QuerySet[Client]:
    """The client list's box (and the API's `q`): a whole number, else name, company or
    at least four digits of the number."""
    value = value.strip()
    digits = SEPARATORS.sub("", value).removeprefix("+86")
    if digits.isdigit() and len(digits) == 11:
        return queryset.filter(phone=digits)  # a whole number: the unique index
    query = Q(name__icontains=value) | Q(company_name__icontains=value)
    if digits.isdigit() and len(digits) >= 4:
        query |= Q(phone__contains=digits)
    return queryset.filter(query)

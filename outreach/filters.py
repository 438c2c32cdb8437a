import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .dates import today
from .models import EmploymentType, Group, Role, Staff, WorkCity
from .selectors import memberships_on


class StaffFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="search")
    role = django_filters.ChoiceFilter(label=_("role"), choices=Role.choices)
    group = django_filters.ModelChoiceFilter(
        label=_("group (today)"), queryset=Group.objects.all(), method="in_group"
    )
    work_city = django_filters.ModelChoiceFilter(
        label=_("work city"), queryset=WorkCity.objects.all()
    )
    employment_type = django_filters.ChoiceFilter(
        label=_("employment type"), choices=EmploymentType.choices
    )
    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=[("active", _("Employed")), ("left", _("Left"))],
        method="by_status",
    )

    class Meta:
        model = Staff
        fields = ["q", "role", "group", "work_city", "employment_type", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(employee_no__icontains=value) | Q(phone__contains=value)
        )

    def in_group(self, queryset, name, value):
        return queryset.filter(
            pk__in=memberships_on(today()).filter(group=value).values("staff_id")
        )

    def by_status(self, queryset, name, value):
        employed = Q(leave_date__isnull=True) | Q(leave_date__gte=today())
        return queryset.filter(employed) if value == "active" else queryset.exclude(employed)

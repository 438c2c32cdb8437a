"""Forms of the core pages; they validate input, services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    Agency,
    Group,
    GroupMembership,
    PaidDaysSetting,
    Point,
    Role,
    Staff,
    WageKind,
    WageScheme,
    WorkCity,
)
from .services import STAFF_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A browser's datetime-local input only shows a value written "YYYY-MM-DDTHH:MM"; with
# Django's default format ("… HH:MM:SS", a space) it shows an empty box (issue 18 §8).
DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class StaffForm(forms.ModelForm):
    class Meta:
        model = Staff
        fields = [f for f in STAFF_FIELDS if f != "leave_date"]
        widgets = {"hire_date": DATE_INPUT}


class StaffCreateForm(StaffForm):
    username = forms.CharField(label=_("username"), max_length=150)
    password = forms.CharField(
        label=_("initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 10 characters, not a common password."),
    )
    wage_kind = forms.ChoiceField(
        label=_("wage scheme"),
        choices=[("", _("Not paid by this system")), *WageKind.choices],
        required=False,
    )
    wage_amount = forms.DecimalField(
        label=_("daily rate or monthly base (CNY)"),
        max_digits=12,
        decimal_places=2,
        min_value=0.01,
        required=False,
    )

    field_order = ["username", "password", "name", "phone", "role"]

    def clean(self):
        cleaned = super().clean()
        kind, amount = cleaned.get("wage_kind"), cleaned.get("wage_amount")
        if kind and amount is None:
            self.add_error("wage_amount", _("Enter the amount of the wage scheme."))
        if amount is not None and not kind:
            self.add_error("wage_kind", _("Choose a daily rate or a monthly base."))
        if not kind and cleaned.get("role") in (Role.CANVASSER, Role.LEADER):
            self.add_error("wage_kind", _("Canvassers and group leaders need a wage scheme."))
        return cleaned


class StaffDeactivateForm(forms.Form):
    leave_date = forms.DateField(label=_("leave date"), widget=DATE_INPUT)


class WageSchemeForm(forms.ModelForm):
    class Meta:
        model = WageScheme
        fields = ["kind", "amount", "effective_from"]
        widgets = {"effective_from": DATE_INPUT}


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["code", "name", "is_active"]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = GroupMembership
        fields = ["staff", "valid_from", "is_leader"]
        widgets = {"valid_from": DATE_INPUT}
        labels = {"staff": _("Person")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = Staff.objects.filter(leave_date__isnull=True)


class MembershipEndForm(forms.Form):
    valid_to = forms.DateField(label=_("last day in the group"), widget=DATE_INPUT)


class PointForm(forms.ModelForm):
    class Meta:
        model = Point
        fields = ["name", "address", "city", "latitude", "longitude", "is_active"]


class WorkCityForm(forms.ModelForm):
    class Meta:
        model = WorkCity
        fields = ["name", "monthly_minimum_wage", "money_fines_allowed"]


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "name",
            "contact_person",
            "contact_phone",
            "contract_start",
            "contract_end",
            "terms",
            "evaluation_score",
            "evaluation",
        ]
        widgets = {"contract_start": DATE_INPUT, "contract_end": DATE_INPUT}


class PaidDaysForm(forms.ModelForm):
    class Meta:
        model = PaidDaysSetting
        fields = ["effective_from", "days"]
        widgets = {"effective_from": DATE_INPUT}

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.forms import DATE_INPUT
from outreach.models import Staff

from .calc import PayPolicy as PolicyRates
from .models import PayPolicy


class MonthField(forms.DateField):
    """A month picked as YYYY-MM, cleaned to its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]


class TargetFilterForm(forms.Form):
    month = MonthField(label=_("month"))
    group = forms.ModelChoiceField(label=_("group"), queryset=None)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class TargetRowForm(forms.Form):
    conversions = forms.IntegerField(
        label=_("call-to-visit conversions"), min_value=0, required=False
    )
    visits = forms.IntegerField(label=_("valid visits"), min_value=0, required=False)
    deals = forms.IntegerField(label=_("deal units"), min_value=0, required=False)

    def __init__(self, *args, can_propose: bool, can_approve: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("conversions", "visits"):
            self.fields[name].disabled = not (can_propose or can_approve)
        self.fields["deals"].disabled = not can_approve
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-control", "inputmode": "numeric"})


class PayPolicyForm(forms.ModelForm):
    class Meta:
        model = PayPolicy
        fields = ["effective_from", *PolicyRates.__dataclass_fields__, "commission_trigger"]
        widgets = {"effective_from": DATE_INPUT}


class MonthChoiceForm(forms.Form):
    month = MonthField(label=_("month"))


class AdjustmentForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("person"), queryset=Staff.objects.all())
    amount = forms.DecimalField(label=_("amount (± CNY)"), max_digits=12, decimal_places=2)
    reason = forms.CharField(label=_("reason"), max_length=200)

"""Forms of the clients app; each feeds one service."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import Point, Role, Staff

from .models import ConsultantState, FollowUpKind, LeadKind, SourceChannel

TEL = {"type": "tel", "inputmode": "tel", "autocomplete": "off"}


def _people(*roles):
    return Staff.objects.filter(role__in=roles, leave_date__isnull=True).order_by("employee_no")


class LeadRegisterForm(forms.Form):
    """R-LEAD-1: one screen, under a minute, on a phone."""

    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30, widget=forms.TextInput(attrs=TEL))
    kind = forms.ChoiceField(
        label=_("How the lead came"),
        choices=LeadKind.choices,
        initial=LeadKind.IN_PERSON,
        widget=forms.RadioSelect,
    )
    source = forms.ChoiceField(
        label=_("Source channel"), choices=SourceChannel.choices, initial=SourceChannel.FLYER
    )
    need = forms.CharField(label=_("Need"), max_length=200, required=False)
    point = forms.ModelChoiceField(
        label=_("Point"), queryset=Point.objects.filter(is_active=True), required=False
    )
    point_text = forms.CharField(label=_("Or where met"), max_length=100, required=False)
    key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ReassignForm(ReasonForm):
    owner = forms.ModelChoiceField(
        label=_("New owner"), queryset=_people(Role.CANVASSER, Role.LEADER)
    )


class LeadBulkHandOverForm(ReasonForm):
    """Issue 20: the lead list's selected rows to one holder or back to the pool."""

    owner = forms.ModelChoiceField(
        label=_("New owner"), queryset=_people(Role.CANVASSER, Role.LEADER), required=False
    )
    to_pool = forms.BooleanField(label=_("Back to the shared pool"), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("owner")) == bool(data.get("to_pool")):
            raise forms.ValidationError(_("Choose a new owner or the pool (one of them)."))
        return data


class TakeoverForm(forms.Form):
    reception_by = forms.ModelChoiceField(
        label=_("Outreach reception by"),
        queryset=_people(Role.MANAGER, Role.LEADER, Role.CANVASSER),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class AssignConsultantForm(forms.Form):
    consultant = forms.ModelChoiceField(label=_("Consultant"), queryset=_people(Role.CONSULTANT))


class DealForm(forms.Form):
    project = forms.CharField(label=_("Project"), max_length=100)
    units = forms.IntegerField(label=_("Units (套)"), min_value=0, initial=1)
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    first_payment_on = forms.DateField(
        label=_("First payment received on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DealCancelForm(forms.Form):
    cause = forms.CharField(label=_("Cause"), max_length=200)
    canvasser_fault = forms.BooleanField(label=_("The canvasser's fault"), required=False)


class DealCreditForm(ReasonForm):
    staff = forms.ModelChoiceField(
        label=_("Credited canvasser"), queryset=_people(Role.CANVASSER, Role.LEADER), required=False
    )


class VisitorForm(forms.Form):
    phone = forms.CharField(
        label=_("Visitor's phone"), max_length=30, widget=forms.TextInput(attrs=TEL)
    )
    head_reason = forms.CharField(
        label=_("Head of the queue cannot receive because"), max_length=200, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=ConsultantState.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class InboundCallForm(forms.Form):
    caller_name = forms.CharField(label=_("Caller"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30, widget=forms.TextInput(attrs=TEL))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class InboundAssignForm(forms.Form):
    canvasser = forms.ModelChoiceField(
        label=_("Canvasser"), queryset=_people(Role.CANVASSER, Role.LEADER)
    )


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=FollowUpKind.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    next_follow_up_on = forms.DateField(
        label=_("Next follow-up"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    effective = forms.BooleanField(
        label=_("Effective (the client was reached)"), required=False, initial=True
    )

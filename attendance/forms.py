"""Forms of the attendance pages; every write still goes through a service."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import Point

from .models import (
    DisciplineAction,
    LeaveRequest,
    LeaveType,
    RulebookVersion,
    Shift,
    ViolationRule,
)

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CheckForm(forms.Form):
    action = forms.ChoiceField(choices=[("in", _("Check in")), ("out", _("Check out"))])
    latitude = forms.DecimalField(
        max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        max_digits=9, decimal_places=6, required=False, min_value=-180, max_value=180
    )
    photo = forms.FileField(label=_("Photo (optional)"), required=False)
    # Issue 20: the submission's key; a resend from the offline queue is the same check-in.
    key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class ViolationForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Person"), queryset=None)
    code = forms.ChoiceField(label=_("Violation"))
    occurred_at = forms.DateTimeField(
        label=_("When"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    point = forms.ModelChoiceField(
        label=_("Point"), queryset=Point.objects.filter(is_active=True), required=False
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    evidence = forms.FileField(label=_("Evidence photo"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    lead_ref = forms.CharField(label=_("Lead (for FAKE-LEAD)"), max_length=100, required=False)

    def __init__(self, *args, people, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = people
        self.fields["code"].choices = codes


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AdjustForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("waive", _("Waive")), ("reduce", _("Reduce"))]
    )
    new_amount = forms.DecimalField(
        label=_("New amount (CNY)"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    leader_amount = forms.DecimalField(
        label=_("Joint fine (empty = in proportion)"),
        max_digits=12,
        decimal_places=2,
        required=False,
        min_value=0,
    )
    keep_joint = forms.BooleanField(label=_("Keep the leader's joint fine"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class LeaveForm(forms.ModelForm):
    class Meta:
        model = LeaveRequest
        fields = ["leave_type", "first_day", "last_day", "reason"]
        widgets = {"first_day": DATE, "last_day": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leave_type"].queryset = LeaveType.objects.filter(is_active=True)


class LeaveDecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Reject"))], coerce=lambda v: v == "1"
    )
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)


class RosterForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Person"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=DATE)
    shift = forms.ModelChoiceField(
        label=_("Shift (empty = rest)"), queryset=Shift.objects.all(), required=False
    )
    point = forms.ModelChoiceField(
        label=_("Point"), queryset=Point.objects.filter(is_active=True), required=False
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = people


class DisciplineForm(forms.ModelForm):
    class Meta:
        model = DisciplineAction
        fields = ["staff", "kind", "reason", "leave_date"]
        widgets = {"leave_date": DATE}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = people
        self.fields["kind"].choices = [
            c for c in DisciplineAction.Kind.choices if c[0] != DisciplineAction.Kind.CASE
        ]


class RulebookVersionForm(forms.ModelForm):
    class Meta:
        model = RulebookVersion
        fields = ["title", "effective_from"]
        widgets = {"effective_from": DATETIME}


CORRECTION_TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class CorrectionForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Person"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=DATE)
    check_in_at = forms.DateTimeField(
        label=_("Checked in"),
        widget=DATETIME,
        input_formats=CORRECTION_TIME_FORMATS,
        required=False,
    )
    check_out_at = forms.DateTimeField(
        label=_("Checked out"),
        widget=DATETIME,
        input_formats=CORRECTION_TIME_FORMATS,
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = people


class RuleForm(forms.ModelForm):
    class Meta:
        model = ViolationRule
        fields = ["description", "person_rule", "person_amount", "leader_amount", "dismissal"]


class RosterChangeForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    shift = forms.ModelChoiceField(
        label=_("Shift (empty = rest)"), queryset=Shift.objects.all(), required=False
    )
    point = forms.ModelChoiceField(
        label=_("Point"), queryset=Point.objects.filter(is_active=True), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

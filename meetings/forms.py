"""Forms of the meetings pages (R-PLAN-5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.dates import today
from outreach.models import Staff

from .models import WEEKDAY_CHOICES


class ScheduleForm(forms.Form):
    """One form for a one-off meeting or a weekly series."""

    ONCE, WEEKLY = "once", "weekly"

    group = forms.ModelChoiceField(label=_("group"), queryset=None)
    title = forms.CharField(label=_("title"), max_length=100, initial=_("Morning briefing"))
    repeat = forms.ChoiceField(
        label=_("repeat"),
        choices=[(ONCE, _("Once")), (WEEKLY, _("Every week"))],
        widget=forms.RadioSelect,
        initial=ONCE,
    )
    day = forms.DateField(
        label=_("day (once) or first day (weekly)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("weekdays (weekly)"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    until = forms.DateField(
        label=_("last day (weekly, optional)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    start_time = forms.TimeField(
        label=_("start time"), widget=forms.TimeInput(attrs={"type": "time"}), initial="09:00"
    )
    duration_minutes = forms.IntegerField(
        label=_("duration (minutes)"), min_value=1, max_value=600, initial=30
    )
    place = forms.CharField(label=_("place"), max_length=100, required=False)
    agenda = forms.CharField(
        label=_("agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["day"].initial = today()

    def clean(self):
        data = super().clean()
        if data.get("repeat") == self.WEEKLY and not data.get("weekdays"):
            self.add_error("weekdays", _("Choose at least one weekday."))
        return data


class MinutesForm(forms.Form):
    agenda = forms.CharField(
        label=_("agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    minutes = forms.CharField(
        label=_("minutes"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    decisions = forms.CharField(
        label=_("decisions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ActionItemForm(forms.Form):
    text = forms.CharField(label=_("action item"), max_length=300)
    owner = forms.ModelChoiceField(label=_("owner"), queryset=None)
    due_on = forms.DateField(
        label=_("due date"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Staff.objects.filter(
            pk__in=attendees.values("staff_id")
        ).order_by("employee_no")


def attendance_statuses(post) -> dict[str, str]:
    """The marks of an attendance post: `status-<staff id>` → status (validated by the
    service, which refuses the whole post if any is missing or wrong)."""
    marks = {}
    for key, value in post.items():
        if key.startswith("status-"):
            marks[key.removeprefix("status-")] = value
    return marks

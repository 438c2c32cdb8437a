from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.forms import DATETIME_LOCAL
from outreach.models import Staff
from outreach.uploads import document_validate

from .models import Attendee, Method, PlanItem

SCORE = {"min_value": 0, "max_value": 100, "decimal_places": 2, "required": False}


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=100)
    goals = forms.CharField(label=_("goals"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanItemForm(forms.Form):
    content = forms.CharField(label=_("content"), max_length=200)
    method = forms.ChoiceField(label=_("method"), choices=Method.choices)
    scheduled = forms.DateField(
        label=_("scheduled month"), widget=forms.DateInput(attrs={"type": "date"})
    )


class SessionForm(forms.Form):
    topic = forms.CharField(label=_("topic"), max_length=200)
    trainer = forms.CharField(label=_("trainer"), max_length=100)
    method = forms.ChoiceField(label=_("method"), choices=Method.choices)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DATETIME_LOCAL)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DATETIME_LOCAL)
    place = forms.CharField(label=_("place"), max_length=200)
    plan_item = forms.ModelChoiceField(
        label=_("plan item"), queryset=PlanItem.objects.all(), required=False
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("attendees"),
        queryset=Staff.objects.filter(leave_date__isnull=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(label=_("file"))

    def clean_file(self):
        document_validate(self.cleaned_data["file"])  # issue 9: by content and size
        return self.cleaned_data["file"]


class ResultForm(forms.Form):
    attendee = forms.ModelChoiceField(queryset=Attendee.objects.all(), widget=forms.HiddenInput)
    attended = forms.BooleanField(label=_("attended"), required=False)
    exam_score = forms.DecimalField(label=_("exam"), **SCORE)
    assignment_score = forms.DecimalField(label=_("assignment"), **SCORE)
    discussion_score = forms.DecimalField(label=_("group discussion"), **SCORE)
    practical_score = forms.DecimalField(label=_("practical"), **SCORE)


class RatingForm(forms.Form):
    RATINGS = [(i, str(i)) for i in range(1, 6)]
    content_rating = forms.TypedChoiceField(
        label=_("content rating"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    trainer_rating = forms.TypedChoiceField(
        label=_("trainer rating"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )

from django import forms
from django.utils.translation import gettext_lazy as _

SCORE = {"min_value": 0, "max_value": 100, "decimal_places": 2}


class SelfAssessmentForm(forms.Form):
    """自评表: big fields that work on a phone."""

    summary = forms.CharField(label=_("What I achieved"), widget=forms.Textarea(attrs={"rows": 4}))
    improvements = forms.CharField(
        label=_("What I will improve"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    self_score = forms.DecimalField(
        label=_("My own score (0–100)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "1"}),
        **SCORE,
    )


class EvaluationForm(forms.Form):
    """评价表: one score and comment per rated indicator, and an overall comment."""

    comment = forms.CharField(
        label=_("Overall comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, indicators=(), initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        self.indicators = list(indicators)
        for indicator in self.indicators:
            current = initial_scores.get(indicator.pk)
            self.fields[f"score_{indicator.pk}"] = forms.DecimalField(
                label=_(indicator.name) + " (0–100)",
                initial=current.score if current else None,
                **SCORE,
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=current.comment if current else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def ratings(self) -> dict:
        return {
            i.pk: (self.cleaned_data[f"score_{i.pk}"], self.cleaned_data[f"note_{i.pk}"])
            for i in self.indicators
        }


class ObjectionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
    upheld = forms.BooleanField(label=_("Uphold (return to the leader)"), required=False)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False)


class BonusBaseForm(forms.Form):
    bonus_base = forms.DecimalField(label=_("Bonus base"), min_value=0, decimal_places=2)


class CareerPlanForm(forms.Form):
    goals = forms.CharField(
        label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    promotion_plan = forms.CharField(
        label=_("Promotion plan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CareerTalkForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}))

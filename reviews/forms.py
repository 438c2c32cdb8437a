from django import forms
from django.utils.translation import gettext_lazy as _

from .models import QuarterlyReview


class ReviewTextForm(forms.ModelForm):
    """R-PLAN-6: the manager's words on a draft."""

    class Meta:
        model = QuarterlyReview
        fields = ["analysis", "focus"]
        widgets = {
            "analysis": forms.Textarea(attrs={"rows": 8}),
            "focus": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "analysis": _("Results and shortfalls of the quarter, read against the figures."),
            "focus": _("What the team concentrates on next quarter."),
        }

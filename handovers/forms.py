from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from outreach.dates import today
from outreach.models import Group, Staff

from .models import HandOverMode


class HandOverForm(forms.Form):
    """Where a person's holdings go; the service checks scope, roles and who left."""

    mode = forms.ChoiceField(
        label=_("Hand over"), choices=HandOverMode.choices, widget=forms.RadioSelect
    )
    to = forms.ModelChoiceField(
        label=_("New holder"), queryset=Staff.objects.none(), required=False
    )
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=Group.objects.filter(is_active=True), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
    confirm = forms.BooleanField(
        label=_("I have checked the list above: hand it all over now."), required=True
    )

    def __init__(self, *args, people=None, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        day = today()
        choices = (people if people is not None else Staff.objects.none()).filter(
            Q(leave_date__isnull=True) | Q(leave_date__gte=day), hire_date__lte=day
        )
        if person is not None:
            choices = choices.exclude(pk=person.pk)
        self.fields["to"].queryset = choices.order_by("employee_no")

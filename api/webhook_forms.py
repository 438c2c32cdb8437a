from django import forms
from django.utils.translation import gettext_lazy as _

from .webhook_events import event_choices


class EndpointForm(forms.Form):
    """A webhook endpoint. The address is set once, at creation (a new address is a new
    endpoint, with its own secret)."""

    name = forms.CharField(
        label=_("name"), max_length=80, help_text=_("E.g. the receiving system's name.")
    )
    url = forms.CharField(
        label=_("address (URL)"),
        max_length=500,
        help_text=_("The receiver's HTTPS address, e.g. https://crm.example.com/hooks/outreach"),
    )
    events = forms.MultipleChoiceField(
        label=_("events"), choices=event_choices, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, endpoint=None, **kwargs):
        super().__init__(*args, **kwargs)
        if endpoint is not None:
            del self.fields["url"]

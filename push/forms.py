from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.selectors import group_list

from .kinds import push_kind_choices
from .models import Platform


class RobotForm(forms.Form):
    """A group robot. The webhook and secret are write-only: on edit they start blank and
    a blank one keeps the stored value."""

    group = forms.ModelChoiceField(label=_("group"), queryset=group_list().filter(is_active=True))
    name = forms.CharField(label=_("name"), max_length=50, help_text=_("E.g. the chat's name."))
    platform = forms.ChoiceField(label=_("platform"), choices=Platform.choices)
    webhook = forms.CharField(
        label=_("webhook address"),
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("The robot's webhook address, copied from the group chat's robot settings."),
    )
    secret = forms.CharField(
        label=_("signing secret (DingTalk 加签)"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("DingTalk only: the SEC… secret shown when 加签 is chosen."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("notifications sent to the chat"),
        choices=push_kind_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, robot=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = push_kind_choices()
        if robot is not None:
            del self.fields["group"]  # a robot belongs to its group's chat for good
            self.fields["webhook"].required = False
            self.fields["webhook"].help_text = _(
                "Stored: %(hint)s. Leave blank to keep it; paste a new address to replace it."
            ) % {"hint": robot.webhook_hint}
            self.fields["secret"].help_text = _(
                "Leave blank to keep the stored secret (%(state)s)."
            ) % {"state": _("one is stored") if robot.secret_sealed else _("none stored")}
            self.fields["secret_clear"] = forms.BooleanField(
                label=_("remove the stored secret"), required=False
            )

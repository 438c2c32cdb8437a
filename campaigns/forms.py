"""Forms of the campaigns pages; they validate input, services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import Staff
from outreach.uploads import document_validate

from .models import (
    BudgetLine,
    Campaign,
    DailyReport,
    ExpenseClaim,
    InvitationChannel,
    InvitationReply,
    LibraryItem,
    MarketNote,
    MaterialHandout,
    PlanEntry,
    PrepTask,
    ScreeningCriterion,
    TripPlan,
    WeeklyPlan,
)
from .services.claims import RECEIPT_MAX_BYTES

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "theme",
            "kind",
            "starts_at",
            "ends_at",
            "venue",
            "owner",
            "participants",
            "goal",
            "content",
            "target_invited",
            "target_attending",
            "target_new_leads",
        ]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "goal": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, staff_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = staff_choices if staff_choices is not None else Staff.objects.all()
        self.fields["owner"].queryset = people
        self.fields["participants"].queryset = people
        self.fields["participants"].required = False

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end cannot be before the start."))
        return cleaned


class LessonsForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["lessons"]
        widgets = {"lessons": forms.Textarea(attrs={"rows": 3})}


class TransitionForm(forms.Form):
    to_status = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "description", "planned"]


class BudgetActualForm(forms.Form):
    actual = forms.DecimalField(label=_("actual"), max_digits=12, decimal_places=2, min_value=0)


class PrepTaskForm(forms.ModelForm):
    class Meta:
        model = PrepTask
        fields = ["title", "owner", "due_date"]
        widgets = {"due_date": DATE_INPUT}


class WeeklyPlanForm(forms.ModelForm):
    class Meta:
        model = WeeklyPlan
        fields = ["week_start", "staff", "group", "notes"]
        widgets = {"week_start": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, staff_choices=None, group_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff_choices is not None:
            self.fields["staff"].queryset = staff_choices
        if group_choices is not None:
            self.fields["group"].queryset = group_choices

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("staff")) == bool(cleaned.get("group")):
            raise forms.ValidationError(_("Choose either a person or a group."))
        return cleaned

    def validate_constraints(self, exclude=None):
        """The service reports a duplicate week with a clear message."""


class PlanEntryForm(forms.ModelForm):
    class Meta:
        model = PlanEntry
        fields = [
            "day",
            "start_time",
            "end_time",
            "point",
            "place",
            "audience",
            "method",
            "expected_result",
            "expected_leads",
        ]
        widgets = {"day": DATE_INPUT, "start_time": TIME_INPUT, "end_time": TIME_INPUT}


class TripPlanForm(forms.ModelForm):
    class Meta:
        model = TripPlan
        fields = ["day", "start_time", "end_time", "place", "client", "purpose"]
        widgets = {"day": DATE_INPUT, "start_time": TIME_INPUT, "end_time": TIME_INPUT}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(label=_("comment"), max_length=300, required=False)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several photos in one input; each is checked as an image (Pillow)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ExpenseClaimForm(forms.ModelForm):
    receipts = MultipleImageField(label=_("receipt photos"))

    class Meta:
        model = ExpenseClaim
        fields = ["category", "amount", "spent_on", "description", "trip_plan", "campaign"]
        widgets = {"spent_on": DATE_INPUT}

    def __init__(self, *args, trips=None, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        if trips is not None:
            self.fields["trip_plan"].queryset = trips
        if campaigns is not None:
            self.fields["campaign"].queryset = campaigns
        self.fields["amount"].min_value = 0.01
        # Formatted per form: a % at class level fixes the language of the first import.
        self.fields["receipts"].help_text = _("One or more photos, at most %(mb)s MB each.") % {
            "mb": RECEIPT_MAX_BYTES // (1024 * 1024)
        }

    def clean_receipts(self):
        receipts = self.cleaned_data["receipts"]
        for upload in receipts:
            if upload.size > RECEIPT_MAX_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(mb)s MB.")
                    % {"name": upload.name, "mb": RECEIPT_MAX_BYTES // (1024 * 1024)}
                )
        return receipts


class MarketNoteForm(forms.ModelForm):
    class Meta:
        model = MarketNote
        fields = [
            "observed_on",
            "kind",
            "competitor",
            "offer",
            "price",
            "activity_seen",
            "content",
            "campaigns",
            "plans",
        ]
        widgets = {"observed_on": DATE_INPUT, "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, campaigns=None, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaigns is not None:
            self.fields["campaigns"].queryset = campaigns
        if plans is not None:
            self.fields["plans"].queryset = plans


class ScreeningCriterionForm(forms.ModelForm):
    class Meta:
        model = ScreeningCriterion
        fields = ["title", "company_size", "industry_standing", "spending_power", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class LibraryItemForm(forms.ModelForm):
    class Meta:
        model = LibraryItem
        fields = ["kind", "title", "body", "file", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            document_validate(upload)  # issue 9: by content and size
        return upload


class MaterialHandoutForm(forms.ModelForm):
    class Meta:
        model = MaterialHandout
        fields = ["staff", "day", "material", "item", "received", "used", "returned"]
        widgets = {"day": DATE_INPUT}

    def __init__(self, *args, staff_choices=None, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff_choices is not None:
            self.fields["staff"].queryset = staff_choices
        if items is not None:
            self.fields["item"].queryset = items

    def validate_constraints(self, exclude=None):
        """The service checks received/used/returned and updates a same-day record."""

    def validate_unique(self):
        """A second record of the same material that day updates the first."""


class DailyReportForm(forms.ModelForm):
    """R-DAY-1: the phone form; the key and the day travel with the draft (R-DAY-2).
    Its fields open prefilled with the day's figures and stay editable; the counts the
    system knows (leads registered, valid visits confirmed, deals, hours) are no fields
    at all: the page shows them and the service stores them from the records."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.HiddenInput)

    class Meta:
        model = DailyReport
        fields = [
            "point",
            "flyers",
            "contacts",
            "calls",
            "invitations",
            "visits_brought",
            "summary",
            "problems",
            "tomorrow_plan",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.Textarea(attrs={"rows": 2}),
            "tomorrow_plan": forms.Textarea(attrs={"rows": 2}),
            **{
                name: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0})
                for name in ("flyers", "contacts", "calls", "invitations", "visits_brought")
            },
        }

    def report_fields(self) -> dict:
        """What the person typed, for `daily_report_submit` (the system counts left out)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def validate_unique(self):
        """The service answers a second report for the day (R-DAY-1) and replays (R-DAY-2)."""

    def validate_constraints(self, exclude=None):
        """See validate_unique."""


class ReportReviewForm(forms.Form):
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}))


# --- invitations and check-in (R-CAM-4), results (R-CAM-5) ------------------------------


class _InviterField(forms.Form):
    invited_by = forms.ModelChoiceField(
        label=_("inviting canvasser"), queryset=Staff.objects.none(), empty_label=None
    )

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited_by"].queryset = Staff.objects.filter(pk__in=[s.pk for s in team])
        self.fields["invited_by"].choices = [(s.pk, s.name) for s in team]


class _SendingFields(forms.Form):
    channel = forms.ChoiceField(
        label=_("channel"), choices=[("", "—"), *InvitationChannel.choices], required=False
    )
    sent_at = forms.DateTimeField(label=_("sent at"), required=False, widget=DATETIME_INPUT)
    reply = forms.ChoiceField(
        label=_("reply"), choices=InvitationReply.choices, initial=InvitationReply.PENDING
    )
    expected_head_count = forms.IntegerField(
        label=_("expected head count"), min_value=1, max_value=50, initial=1
    )


class GuestInviteForm(_InviterField, _SendingFields):
    name = forms.CharField(label=_("name"), max_length=100)
    phone = forms.CharField(label=_("phone"), max_length=20)
    field_order = ["name", "phone", "invited_by", "channel", "sent_at", "reply"]


class ClientInviteForm(_InviterField, _SendingFields):
    client = forms.IntegerField(widget=forms.HiddenInput)


class InvitationUpdateForm(_SendingFields):
    pass


class WalkInForm(_InviterField):
    name = forms.CharField(label=_("name"), max_length=100)
    phone = forms.CharField(
        label=_("phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    field_order = ["name", "phone", "invited_by"]


class SatisfactionForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("satisfaction"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)]
    )
    comment = forms.CharField(label=_("comment"), max_length=300, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("photo or file"))
    title = forms.CharField(label=_("title"), max_length=200, required=False)

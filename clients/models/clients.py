"""R-CLI-1 and R-CLI-2: the client record and its follow-ups."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped


class ClientKind(models.TextChoices):
    # In context: a client who is a private person (个人), not a member of staff (人员).
    PERSON = "person", pgettext_lazy("client kind", "Person")
    COMPANY = "company", pgettext_lazy("client kind", "Company")


class SourceChannel(models.TextChoices):
    FLYER = "flyer", _("Flyer")
    ROADSHOW = "roadshow", _("Roadshow")
    GROUP_PURCHASE = "group_purchase", _("Group purchase")
    PHONE_IN = "phone_in", _("Phone-in")
    REFERRAL = "referral", _("Referral")
    EVENT = "event", _("Event")
    ONLINE = "online", _("Online")


class ClientGrade(models.TextChoices):
    A = "A", _("A · important")
    B = "B", _("B · general")
    C = "C", _("C · potential")


class Client(TimeStamped):
    """R-CLI-1: one client per normalised phone number (the dedupe key).

    Owner, group and consultant live on the client's lead (`current_lead`), whose
    ownership the lead rules govern; the archive shows them through it.
    """

    kind = models.CharField(
        _("kind"), max_length=10, choices=ClientKind.choices, default=ClientKind.PERSON
    )
    name = models.CharField(_("name"), max_length=50)
    company_name = models.CharField(_("company name"), max_length=100, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=11, unique=True)
    wechat = models.CharField(_("WeChat"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    company_size = models.CharField(_("company size"), max_length=30, blank=True)
    address = models.CharField(_("area / address"), max_length=200, blank=True)
    source = models.CharField(
        _("source channel"), max_length=20, choices=SourceChannel.choices, db_index=True
    )
    grade = models.CharField(
        _("grade"), max_length=1, choices=ClientGrade.choices, default=ClientGrade.C, db_index=True
    )
    potential = models.PositiveSmallIntegerField(
        _("potential (1-5)"), default=3, help_text=_("The manual potential rating.")
    )
    grade_locked = models.BooleanField(_("grade set by hand"), default=False)
    grade_reason = models.CharField(_("why this grade"), max_length=200, blank=True)
    tags = models.CharField(_("tags"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), db_index=True)
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)
    current_lead = models.OneToOneField(
        "clients.Lead",
        verbose_name=_("current lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["-registered_at", "-id"]
        permissions = [
            ("view_clients", _("Can see client pages (scoped)")),
            ("view_all_clients", _("Can see every client and lead")),
            ("see_full_phone", _("Sees full phone numbers of every client")),
            ("export_clients", _("Can export client data")),
            ("grade_clients", _("Can override a client's grade")),
        ]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["company_name"]),
            # The API's sync order (issue 21): keyset pages by (updated_at, id).
            models.Index(fields=["updated_at", "id"], name="client_updated_at_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(potential__gte=1, potential__lte=5),
                name="client_potential_1_to_5",
            )
        ]

    def __str__(self):
        return self.name


class FollowUpKind(models.TextChoices):
    CALL = "call", _("Call")
    VISIT = "visit", _("Visit")
    WECHAT = "wechat", _("WeChat")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    EVENT = "event", _("Event")


class FollowUp(TimeStamped):
    """R-CLI-2: one contact with a client. An unanswered call is not effective."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="follow_ups")
    lead = models.ForeignKey(
        "clients.Lead", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    kind = models.CharField(_("type"), max_length=10, choices=FollowUpKind.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        Staff, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    summary = models.TextField(_("summary"))
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    effective = models.BooleanField(
        _("effective"), default=True, help_text=_("Untick for an unanswered call.")
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["client", "at"]),
            models.Index(fields=["updated_at", "id"], name="followup_updated_at_id"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

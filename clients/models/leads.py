"""R-LEAD-1…3, R-LEAD-6, R-POOL-1…2: leads, ownership periods and ownership history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Group, Point, Staff
from outreach.models.reference import TimeStamped

from .clients import Client, SourceChannel


class LeadKind(models.TextChoices):
    IN_PERSON = "in_person", _("Met in person")
    TO_BRING = "to_bring", _("To be brought to the sales office")
    PHONE = "phone", _("Phone lead")


class LeadStatus(models.TextChoices):
    ACTIVE = "active", _("Owned")
    POOL = "pool", _("In the shared pool")
    INVALID = "invalid", _("Invalid")


LIVE_STATUSES = [LeadStatus.ACTIVE, LeadStatus.POOL]


class Lead(TimeStamped):
    """A client's lead: who owns it, since when, and until when it is protected.

    `protected_until` is the single truth of protection (R-POOL-1): from that instant the
    lead is in the pool for every rule, even while `status` still says active because
    the hourly job has not moved it yet. NULL means never expires (a signed deal).
    The database keeps one live (owned or pooled) lead per phone (R-LEAD-2).
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="leads")
    phone = models.CharField(_("phone"), max_length=11)
    kind = models.CharField(_("how the lead came"), max_length=10, choices=LeadKind.choices)
    source = models.CharField(
        _("source channel"),
        max_length=20,
        choices=SourceChannel.choices,
        default=SourceChannel.FLYER,
    )
    need = models.CharField(_("need"), max_length=200, blank=True)
    # No index on the rarely-searched foreign keys: every index is one more write for
    # each lead the set-based expiry moves (R-POOL-1 speed).
    point = models.ForeignKey(
        Point,
        verbose_name=_("point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
    )
    point_text = models.CharField(_("where met"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LeadStatus.choices, default=LeadStatus.ACTIVE
    )
    owner = models.ForeignKey(
        Staff,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_leads",
    )
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, null=True, blank=True
    )
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    registration_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Issue 20: when the phone says it acted (offline queue); registered_at is the
    # arrival, which alone decides "first reporter wins".
    acted_at = models.DateTimeField(_("registered on the phone at"), null=True, blank=True)
    owned_since = models.DateTimeField(_("owned since"), null=True, blank=True)
    last_confirmed_visit_at = models.DateTimeField(_("last confirmed visit"), null=True, blank=True)
    protected_until = models.DateTimeField(_("protected until"), null=True, blank=True)
    has_signed_deal = models.BooleanField(_("signed deal"), default=False)
    consultant = models.ForeignKey(
        Staff,
        verbose_name=_("serving consultant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="served_leads",
    )
    reception_by = models.ForeignKey(
        Staff,
        verbose_name=_("outreach reception"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="taken_over_leads",
    )
    taken_over_at = models.DateTimeField(_("taken over at"), null=True, blank=True)
    previous_owner = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    pooled_at = models.DateTimeField(_("in the pool since"), null=True, blank=True)
    # Marks the rows one run of the set-based expiry moved, so its later statements
    # (history, periods) touch exactly those rows and a concurrent run touches none.
    expiry_run = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    invalid_reason = models.CharField(_("why invalid"), max_length=200, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-registered_at", "-id"]
        permissions = [
            ("register_lead", _("Can register leads and claim from the pool")),
            ("manage_leads", _("Can assign, reassign, take over leads and set lead rules")),
            ("mark_lead_invalid", _("Can mark a lead invalid")),
            ("run_reception", _("Can run the reception screen and the visitor book")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(status__in=["active", "pool"]),
                name="lead_one_live_lead_per_phone",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(owner__isnull=False, owned_since__isnull=False),
                name="lead_owned_has_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status="pool") | Q(owner__isnull=True), name="lead_pool_has_no_owner"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "protected_until"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["phone"]),
            models.Index(fields=["group", "status"]),
            # Issue 21: the API's pages in the order of change (updated_since, cursor).
            models.Index(fields=["updated_at", "id"], name="lead_updated_at_id"),
        ]

    def __str__(self):
        return f"{self.client.name} {self.phone[:3]}****{self.phone[-4:]}"


class OwnershipPeriod(models.Model):
    """R-PAY-CALC: from when an owner got the lead until it left them."""

    class Start(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CLAIMED = "claimed", _("Claimed from the pool")
        REASSIGNED = "reassigned", _("Reassigned")
        INBOUND = "inbound", _("Assigned from an inbound call")

    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="periods")
    owner = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("from"))
    start_reason = models.CharField(max_length=12, choices=Start.choices)
    ended_at = models.DateTimeField(_("to"), null=True, blank=True)
    end_reason = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = _("ownership period")
        verbose_name_plural = _("ownership periods")
        ordering = ["lead", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead"],
                condition=Q(ended_at__isnull=True),
                name="ownership_one_open_period_per_lead",
            )
        ]

    def __str__(self):
        return f"{self.owner} {self.started_at:%Y-%m-%d}–{self.ended_at or ''}"


class OwnershipEventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CLAIMED = "claimed", _("Claimed from the pool")
    EXPIRED = "expired", _("Expired to the pool")
    REASSIGNED = "reassigned", _("Reassigned")
    ASSIGNED = "assigned", _("Assigned from an inbound call")
    TAKEOVER = "takeover", _("Reception taken over")
    INVALIDATED = "invalidated", _("Marked invalid")


class OwnershipEvent(models.Model):
    """R-POOL-2: every ownership change and takeover, with reason, actor and time."""

    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what"), max_length=12, choices=OwnershipEventKind.choices)
    from_staff = models.ForeignKey(
        Staff, verbose_name=_("from"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_staff = models.ForeignKey(
        Staff, verbose_name=_("to"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("ownership history")
        verbose_name_plural = _("ownership history")
        ordering = ["lead", "at", "id"]
        indexes = [
            models.Index(fields=["lead", "at"]),
            models.Index(fields=["to_staff", "kind", "at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class InboundCall(TimeStamped):
    """R-LEAD-1: a call to the sales office, logged at the front desk and assigned by
    the outreach manager to a canvasser, who becomes the owner of the phone lead."""

    at = models.DateTimeField(_("received at"))
    caller_name = models.CharField(_("caller"), max_length=50)
    phone = models.CharField(_("phone"), max_length=11)
    note = models.CharField(_("note"), max_length=200, blank=True)
    logged_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    assigned_to = models.ForeignKey(
        Staff,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    lead = models.ForeignKey(
        Lead, on_delete=models.PROTECT, null=True, blank=True, related_name="inbound_calls"
    )

    class Meta:
        verbose_name = _("inbound call")
        verbose_name_plural = _("inbound calls")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.caller_name} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

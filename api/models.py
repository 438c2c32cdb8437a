"""Issue 21 §2: personal API tokens. The token is shown once, at creation; only its
SHA-256 is stored, beside a short prefix the owner recognises it by.

Issue 21 §5: the outgoing webhooks' endpoints and their deliveries."""

import uuid
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from outreach.models.reference import TimeStamped


class ApiToken(TimeStamped):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


# --- issue 21 §5: outgoing webhooks ----------------------------------------------------------


class WebhookEvent(models.TextChoices):
    """What a receiver may subscribe to; `ping` is the page's test event (always sent)."""

    LEAD_REGISTERED = "lead.registered", _("A lead registered")
    VISIT_CONFIRMED = "visit.confirmed", _("A visit confirmed")
    DEAL_SIGNED = "deal.signed", _("A deal signed")
    PAYROLL_RUN_LOCKED = "payroll_run.locked", _("A payroll run locked")
    PING = "ping", _("Test event")


class WebhookEndpoint(TimeStamped):
    """An outside system's HTTPS address that receives chosen events, signed with a
    shared secret. The secret is generated here, shown once, and stored sealed with
    push.crypto (Fernet); the pages never show it again."""

    name = models.CharField(_("name"), max_length=80)
    url = models.CharField(_("address (URL)"), max_length=500)
    secret_sealed = models.TextField(_("signing secret (encrypted)"), editable=False)
    events = models.JSONField(_("events"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        permissions = [("manage_webhooks", _("Can register webhook endpoints"))]

    def __str__(self) -> str:
        return self.name

    @property
    def url_hint(self) -> str:
        """What the pages show of the address: no query (it may hold a receiver's key)."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}{parts.path}" + ("?…" if parts.query else "")


class WebhookDeliveryState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("webhook delivery", "Queued")
    SENDING = "sending", pgettext_lazy("webhook delivery", "Sending")
    SENT = "sent", pgettext_lazy("webhook delivery", "Sent")
    FAILED = "failed", pgettext_lazy("webhook delivery", "Failed")


class WebhookDelivery(models.Model):
    """One event for one endpoint. The unique (endpoint, event, object id) makes each
    event once per endpoint however often the signal fires; test pings are exempt."""

    uid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    payload = models.JSONField(_("payload"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=WebhookDeliveryState.choices,
        default=WebhookDeliveryState.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last status code"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event", "object_id"],
                condition=~Q(event="ping"),
                name="webhook_delivery_once_per_endpoint",
            )
        ]
        indexes = [
            models.Index(fields=["endpoint", "state"], name="webhook_endpoint_state"),
            models.Index(fields=["state", "next_attempt_at"], name="webhook_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.event} {self.object_id} ({self.state})"

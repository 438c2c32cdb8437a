"""Issue 20: a group's WeCom or DingTalk group robot, and each message sent to one."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from outreach.models import Group, Notification


class Platform(models.TextChoices):
    WECOM = "wecom", _("WeCom (企业微信)")
    DINGTALK = "dingtalk", _("DingTalk (钉钉)")


class GroupRobot(models.Model):
    """A group chat's robot webhook. The URL (its key or access token is a password) and
    DingTalk's signing secret are stored encrypted (push.crypto) and never shown back in
    full: `webhook_hint` is what pages show."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="robots"
    )
    name = models.CharField(_("name"), max_length=50)
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)
    webhook_sealed = models.TextField(_("webhook (encrypted)"))
    webhook_hint = models.CharField(_("webhook"), max_length=120)
    secret_sealed = models.TextField(_("signing secret (encrypted)"), blank=True)
    kinds = models.JSONField(_("notifications sent"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["group__code", "name", "pk"]
        permissions = [("manage_robots", _("Can connect group chats' robots (WeCom, DingTalk)"))]

    def __str__(self):
        return f"{self.group.code} {self.name}"


class DeliveryState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("push delivery", "Queued")
    SENDING = "sending", pgettext_lazy("push delivery", "Sending")
    SENT = "sent", pgettext_lazy("push delivery", "Sent")
    FAILED = "failed", pgettext_lazy("push delivery", "Failed")
    SKIPPED = "skipped", pgettext_lazy("push delivery", "Skipped")


class Delivery(models.Model):
    """One message to one robot. `dedupe_key` makes it once per robot: one per
    notification ("n:<id>"), one per group-wide event ("<kind>:<object>"), or a test."""

    robot = models.ForeignKey(GroupRobot, on_delete=models.CASCADE, related_name="deliveries")
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dedupe_key = models.CharField(max_length=120)
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When the last request to the platform went out: the rate limit counts these.
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("robot message")
        verbose_name_plural = _("robot messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["robot", "dedupe_key"], name="delivery_once_per_robot")
        ]
        indexes = [
            models.Index(fields=["robot", "attempted_at"]),
            models.Index(fields=["robot", "state"]),
        ]

    def __str__(self):
        return f"{self.robot} {self.title} ({self.state})"

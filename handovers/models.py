"""Issue 20: the log of departure hand-overs (who, whose, to whom, how many of what)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Group, Staff


class HandOverMode(models.TextChoices):
    PERSON = "person", _("To one person")
    GROUP = "group", _("Spread evenly across a group")
    POOL = "pool", _("Back to the shared pool")


class HandOver(models.Model):
    """One hand-over of what `person` held. `counts` is {kind: {staff id or "pool":
    count}}, kinds being leads, visits, served, events, tasks, invitations."""

    person = models.ForeignKey(
        Staff, verbose_name=_("whose"), on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("to"), max_length=10, choices=HandOverMode.choices)
    to_staff = models.ForeignKey(
        Staff,
        verbose_name=_("new holder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=200)
    counts = models.JSONField(_("what moved"), default=dict)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("hand_over", _("Can hand over what a leaving or moving person holds")),
        ]
        indexes = [models.Index(fields=["person", "created_at"])]

    def __str__(self):
        return f"{self.person} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    def total(self) -> int:
        return sum(n for by in self.counts.values() for n in by.values())

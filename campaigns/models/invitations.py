"""R-CAM-4 invitations and check-in; R-CAM-5 photos and files of a campaign."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from outreach.models import Staff
from outreach.models.reference import TimeStamped
from outreach.uploads import StoredName

from .events import Campaign

# No 0/O, 1/I/L: a code read aloud or typed at the door is not misread.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # 31^10 ≈ 8e14: not guessable, short enough to type


def invitation_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class InvitationChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    WECHAT = "wechat", _("WeChat")
    SMS = "sms", _("SMS")
    IN_PERSON = "in_person", _("In person")
    LETTER = "letter", _("Printed invitation")
    AT_DOOR = "at_door", _("Walk-in at the door")


class InvitationReply(models.TextChoices):
    # not "Pending" (待审核): nobody approves a guest's reply, the guest has not answered
    PENDING = "pending", _("Awaiting reply")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Invitation(TimeStamped):
    """R-CAM-4: one client invited to one campaign, with a personal code for the door.

    `client` is always set: a new guest's phone becomes a client through the clients
    services; when it is another canvasser's protected lead, `blocked_by_owner` names
    that owner and no lead was created for the inviter (`created_lead` stays false).
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("campaign")
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="campaign_invitations",
        verbose_name=_("client"),
    )
    guest_name = models.CharField(_("guest"), max_length=100)
    phone = models.CharField(_("phone"), max_length=11)
    invited_by = models.ForeignKey(
        Staff, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=InvitationChannel.choices, blank=True
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reply = models.CharField(
        _("reply"),
        max_length=10,
        choices=InvitationReply.choices,
        default=InvitationReply.PENDING,
    )
    expected_head_count = models.PositiveSmallIntegerField(
        _("expected head count"), default=1, validators=[MinValueValidator(1)]
    )
    code = models.CharField(
        _("code"), max_length=16, unique=True, default=invitation_code_new, editable=False
    )
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    created_lead = models.BooleanField(_("new lead"), default=False)
    blocked_by_owner = models.ForeignKey(
        Staff,
        verbose_name=_("protected lead of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        Staff,
        verbose_name=_("checked in by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["campaign", "guest_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "client"], name="invitation_one_per_client_per_campaign"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="invitation_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(checked_in_at__isnull=False),
                name="invitation_satisfaction_needs_attendance",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(checked_in_by__isnull=False),
                name="invitation_check_in_has_staff",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "phone"]),
            models.Index(fields=["client", "checked_in_at"]),
            # Issue 21: the API's pages in the order of change (updated_since, cursor).
            models.Index(fields=["updated_at", "id"], name="invitation_updated_at_id"),
        ]

    def __str__(self):
        return f"{self.guest_name} @ {self.campaign_id}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    FILE = "file", _("File")


class CampaignAttachment(TimeStamped):
    """R-CAM-5: a photo or a file of a campaign (checked by content and size)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("campaign")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=StoredName("campaigns"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("photo or file")
        verbose_name_plural = _("photos and files")
        ordering = ["campaign", "pk"]

    def __str__(self):
        return self.title or self.file.name

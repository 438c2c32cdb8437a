"""R-CAM-5: what is recorded after an event: each attendee's satisfaction, and the
photos and files of the campaign."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from outreach.uploads import (
    TOO_MANY_PIXELS,
    document_validate,
    image_validate,
    upload_size_check,
)

from ..models import AttachmentKind, Campaign, CampaignAttachment, CampaignStatus, Invitation
from .invitations import _status_check, _team_member

RATING_OPEN = {CampaignStatus.RUNNING, CampaignStatus.FINISHED}
ATTACHMENT_CLOSED = {CampaignStatus.REVIEWED, CampaignStatus.CANCELLED}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def invitation_rate(
    *, actor: User, invitation: Invitation, score: int, comment: str = ""
) -> Invitation:
    """R-CAM-5: an attendee's satisfaction (1–5), recorded after the event."""
    campaign = invitation.campaign
    _team_member(actor, campaign)
    _status_check(
        campaign,
        RATING_OPEN,
        _(
            "This campaign is %(status)s; satisfaction is recorded while it runs or once "
            "it is finished."
        ),
    )
    if score is None or not 1 <= int(score) <= 5:
        raise ValidationError({"satisfaction": _("Give a score from 1 to 5.")})
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.checked_in_at is None:
            raise ValidationError(_("Only guests who attended can be rated."))
        invitation.satisfaction = int(score)
        invitation.satisfaction_comment = comment.strip()[:300]
        invitation.save(update_fields=["satisfaction", "satisfaction_comment", "updated_at"])
    return invitation


def attachment_validate(upload: UploadedFile) -> str:
    """A photo, or a PDF / Office file, at most 10 MB, judged by content through the
    project's one upload validator. Returns the kind."""
    upload_size_check(upload, limit=ATTACHMENT_MAX_BYTES, field="file")
    for validate, kind in (
        (image_validate, AttachmentKind.PHOTO),
        (document_validate, AttachmentKind.FILE),
    ):
        try:
            validate(upload, limit=ATTACHMENT_MAX_BYTES)
        except ValidationError as error:
            if TOO_MANY_PIXELS in {e.code for e in getattr(error, "error_list", [])}:
                raise ValidationError({"file": error.messages}) from None  # say why
            continue
        return kind
    raise ValidationError(
        {"file": _("%(name)s is neither a photo nor a PDF or Office file.") % {"name": upload.name}}
    )


def campaign_attachment_add(
    *, actor: User, campaign: Campaign, upload: UploadedFile, title: str = ""
) -> CampaignAttachment:
    """R-CAM-5: attach a photo or a file to a campaign."""
    _team_member(actor, campaign)
    if campaign.status in ATTACHMENT_CLOSED:
        raise ValidationError(
            _("This campaign is %(status)s; it takes no more photos or files.")
            % {"status": campaign.get_status_display()}
        )
    kind = attachment_validate(upload)
    with transaction.atomic():
        return CampaignAttachment.objects.create(
            campaign=campaign, kind=kind, title=title.strip()[:200], file=upload, uploaded_by=actor
        )

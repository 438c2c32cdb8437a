"""R-FINE-3: the rulebook — drafts copied from the latest version, edits refused once
acknowledged, publishing (everyone is asked to acknowledge) and acknowledgements."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Staff
from outreach.services import notification_create

from ..models import RulebookAcknowledgement, RulebookVersion, ViolationRule


def rulebook_in_force(at: datetime) -> RulebookVersion | None:
    return (
        RulebookVersion.objects.filter(published_at__isnull=False, effective_from__lte=at)
        .order_by("-effective_from", "-number")
        .first()
    )


def rulebook_draft_create(*, title: str, effective_from: datetime) -> RulebookVersion:
    """A new draft copying the rows of the latest version."""
    with transaction.atomic():
        latest = RulebookVersion.objects.order_by("-number").first()
        version = RulebookVersion.objects.create(
            number=(latest.number + 1) if latest else 1,
            title=title,
            effective_from=effective_from,
            escalate_after=latest.escalate_after if latest else 3,
            escalated_amount=latest.escalated_amount if latest else Decimal("50.00"),
        )
        if latest:
            ViolationRule.objects.bulk_create(
                ViolationRule(
                    version=version,
                    code=r.code,
                    category=r.category,
                    description=r.description,
                    person_rule=r.person_rule,
                    person_amount=r.person_amount,
                    leader_amount=r.leader_amount,
                    dismissal=r.dismissal,
                )
                for r in latest.rules.all()
            )
    return version


def rulebook_rule_update(*, rule: ViolationRule, **fields) -> ViolationRule:
    """Editing a version anyone has acknowledged is refused (R-FINE-3)."""
    if rule.version.acknowledgements.exists():
        raise ValidationError(
            _("This rulebook version has been acknowledged; publish a new version instead.")
        )
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    with transaction.atomic():
        rule.save(update_fields=[*fields, "updated_at"])
    return rule


def rulebook_publish(*, version: RulebookVersion, actor: Staff, at: datetime | None = None):
    """R-FINE-3: publish a draft; everyone is asked to acknowledge it once it is committed."""
    if version.published_at:
        raise ValidationError(_("This version is already published."))
    version.published_at = at or timezone.now()
    version.published_by = actor
    with transaction.atomic():
        version.save(update_fields=["published_at", "published_by", "updated_at"])
        transaction.on_commit(lambda: rulebook_notify_staff(version=version))
    return version


def rulebook_notify_staff(*, version: RulebookVersion) -> int:
    """R-FINE-3 / R-DASH notifications: everyone employed who has not acknowledged a
    published version is asked to; once per person and version."""
    acknowledged = version.acknowledgements.values("staff_id")
    people = (
        Staff.objects.filter(leave_date__isnull=True)
        .exclude(pk__in=acknowledged)
        .select_related("user")
    )
    link = reverse("rulebook-detail", args=[version.pk])
    sent = 0
    for person in people:
        notification_create(
            recipient=person.user,
            kind="rulebook_acknowledge",
            message=_("Read and acknowledge the rulebook: %(title)s") % {"title": version.title},
            target=version,
            link=link,
        )
        sent += 1
    return sent


def rulebook_acknowledge(
    *, version: RulebookVersion, actor: Staff, at: datetime | None = None
) -> RulebookAcknowledgement:
    """R-FINE-3: a person acknowledges a published version (who, when); once."""
    if not version.published_at:
        raise ValidationError(_("Only a published version can be acknowledged."))
    with transaction.atomic():
        ack, _created = RulebookAcknowledgement.objects.get_or_create(
            version=version, staff=actor, defaults={"acknowledged_at": at or timezone.now()}
        )
    return ack

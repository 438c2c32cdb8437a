"""Writes of market notes (R-PLAN-3), the library and material handouts (R-PLAN-4)."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outreach.guard import require
from outreach.models import Staff
from outreach.selectors import staff_of, visible_staff
from outreach.uploads import document_validate

from ..models import LibraryItem, MarketNote, MaterialHandout, ScreeningCriterion


def market_note_create(*, actor: User, campaigns=(), plans=(), **fields) -> MarketNote:
    me = staff_of(actor)
    if me is None:
        raise PermissionDenied
    require(actor, "campaigns.manage_market")
    note = MarketNote(author=me, **fields)
    note.full_clean()
    with transaction.atomic():
        note.save()
        note.campaigns.set(campaigns)
        note.plans.set(plans)
    return note


def screening_criterion_save(
    *, actor: User, criterion: ScreeningCriterion | None = None, campaigns=(), **fields
) -> ScreeningCriterion:
    require(actor, "campaigns.manage_market")
    criterion = criterion or ScreeningCriterion()
    for name, value in fields.items():
        setattr(criterion, name, value)
    criterion.full_clean()
    with transaction.atomic():
        # A new row is inserted whole; an existing one writes only what was given.
        criterion.save(update_fields=[*fields, "updated_at"] if criterion.pk else None)
        criterion.campaigns.set(campaigns)
    return criterion


def library_item_save(*, actor: User, item: LibraryItem | None = None, **fields) -> LibraryItem:
    require(actor, "campaigns.manage_library")
    item = item or LibraryItem()
    if fields.get("file") is None:
        fields.pop("file", None)  # no new upload: keep what is there
    elif fields["file"] is False:
        fields["file"] = ""  # the "clear" box was ticked
    else:
        document_validate(fields["file"], field="file")  # issue 9: by content and size
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    with transaction.atomic():
        item.save(update_fields=[*fields, "updated_at"] if item.pk else None)
    return item


def material_handout_record(
    *,
    actor: User,
    staff: Staff,
    day: date,
    material: str,
    received: int,
    used: int,
    returned: int,
    item: LibraryItem | None = None,
) -> MaterialHandout:
    """R-PLAN-4: what one person received, used and returned of a material on a day; a
    second record of the same material that day updates the first."""
    me = staff_of(actor)
    if me is None or not visible_staff(actor).filter(pk=staff.pk).exists():
        raise PermissionDenied
    if used + returned > received:
        raise ValidationError(
            {"used": _("Used and returned together cannot exceed what was received.")}
        )
    with transaction.atomic():
        handout, _created = MaterialHandout.objects.select_for_update().update_or_create(
            staff=staff,
            day=day,
            material=material.strip(),
            defaults={
                "received": received,
                "used": used,
                "returned": returned,
                "item": item,
                "recorded_by": me,
            },
        )
    return handout

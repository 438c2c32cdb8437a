"""History in words (issue 18 §8): one place that turns django-simple-history records
into sentences a person reads ("fine changed from 50.00 to 20.00"), for every page that
shows an object's history.

Field names are the model's verbose names, choice values their display names, related
objects their names, money and numbers as the field stores them, times in the team's
local time, and empty values as a dash: never a raw `active 50.00/20.00`.
"""

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

# Bookkeeping columns that say nothing to a reader.
NOT_SHOWN = {"id", "created_at", "updated_at", "auto_key"}
EMPTY = "—"


@dataclass
class HistoryEntry:
    at: datetime
    by: object  # the user who made the change, or None (a job, the system)
    action: str
    sentences: list[str] = field(default_factory=list)


def _shown_fields(model) -> dict[str, models.Field]:
    return {
        f.attname if isinstance(f, models.ForeignKey) else f.name: f
        for f in model._meta.concrete_fields
        if f.name not in NOT_SHOWN and f.editable
    }


def history_value(model_field: models.Field, value) -> str:
    """One stored value as a reader sees it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DecimalField) and isinstance(value, Decimal):
        return f"{value:.{model_field.decimal_places}f}"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, date):
        return date_format(value, "Y-m-d")
    if isinstance(model_field, models.FileField):
        return _("a file")
    return str(value)


def history_change_sentence(model_field: models.Field, old, new) -> str:
    """ "<Field> changed from <old> to <new>" (set to / cleared) in the reader's language."""
    words = {
        "field": capfirst(str(model_field.verbose_name)),
        "old": history_value(model_field, old),
        "new": history_value(model_field, new),
    }
    if words["old"] == EMPTY:
        return _("%(field)s set to %(new)s") % words
    if words["new"] == EMPTY:
        return _("%(field)s cleared (was %(old)s)") % words
    return _("%(field)s changed from %(old)s to %(new)s") % words


def history_entries(records) -> list[HistoryEntry]:
    """Newest first, as the records come: each entry says what changed in sentences.

    `records` is an object's history queryset (newest first, already cut to the length a
    page shows); a save that changed nothing shown is left out."""
    records = list(records)
    entries = []
    for index, record in enumerate(records):
        model = record.instance_type
        shown = _shown_fields(model)
        by = getattr(record, "history_user", None)
        if record.history_type == "+":
            entries.append(HistoryEntry(record.history_date, by, _("created")))
            continue
        if record.history_type == "-":
            entries.append(HistoryEntry(record.history_date, by, _("deleted")))
            continue
        # The next older record is usually the next one in the list (no query).
        previous = records[index + 1] if index + 1 < len(records) else record.prev_record
        if previous is None:
            continue
        delta = record.diff_against(previous, included_fields=[f.name for f in shown.values()])
        sentences = [
            history_change_sentence(model._meta.get_field(change.field), change.old, change.new)
            for change in delta.changes
        ]
        if sentences:
            entries.append(HistoryEntry(record.history_date, by, _("changed"), sentences))
    return entries


# --- who history rows name (issue 19 §6) ---------------------------------------------------

_NOTHING = object()


@dataclass(frozen=True)
class _Acting:
    """Stands for a request in simple-history's context: history rows take `user`."""

    user: object


@contextmanager
def history_actor(user) -> Iterator[None]:
    """History rows written inside name `user` (nothing changes when it is None).

    django-simple-history names the user of the request in progress; a service given its
    `actor` and a job (which has no request) say here who is acting."""
    if user is None:
        yield
        return
    context = HistoricalRecords.context
    previous = getattr(context, "request", _NOTHING)
    context.request = _Acting(user)
    try:
        yield
    finally:
        if previous is _NOTHING:
            with suppress(AttributeError):
                del context.request
        else:
            context.request = previous


def history_user_in_context():
    """The user history rows written now would name (a request's or an actor's), or None."""
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if user is not None and user.is_authenticated else None

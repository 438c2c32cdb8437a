"""Checks on what people type, shared by every app's services (issue 17, findings 9, 10).

Services call these (not only forms), so the client import, the admin and any later
path get the same answer.
"""

import unicodedata
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .dates import PARAM_FIRST, local_day, today

# Days people enter (leave, roster, plans, campaigns, sessions, targets) lie no more than
# a year ahead of today, far enough for planning, near enough that 9999-12-31 is refused
# before it reaches any calendar arithmetic. The past is bounded by a fixed first day, not
# by today: late paperwork for an old month is the locked-month rules' business, and a
# bound that moved with the clock would turn every dated record into an error one day.
ENTRY_AHEAD = timedelta(days=366)


def entered_day_validate(value: date | datetime | None, *, field: str | None = None) -> None:
    """Refuse a day (or the local day of an aware datetime) before PARAM_FIRST or more
    than ENTRY_AHEAD after today."""
    if value is None:
        return
    day = local_day(value) if isinstance(value, datetime) else value
    first, last = PARAM_FIRST, today() + ENTRY_AHEAD
    if first <= day <= last:
        return
    message = _("Pick a day between %(first)s and %(last)s.") % {"first": first, "last": last}
    raise ValidationError({field: message} if field else message)


def printable_text_clean(value: str, *, field: str | None = None) -> str:
    """A name without format characters (Unicode Cf: bidi overrides, zero-width spaces)
    and outer whitespace, refused when nothing printable is left. The cleaned text is what
    gets stored: a bidi override in a stored name can reorder the text around it on every
    page and export that shows it."""
    cleaned = "".join(ch for ch in value if unicodedata.category(ch) != "Cf").strip()
    if not any(ch.isprintable() and not ch.isspace() for ch in cleaned):
        message = _("Enter a name with at least one visible character.")
        raise ValidationError({field: message} if field else message, code="unprintable")
    return cleaned

"""R-LEAD-2, R-ROLE-2: phone numbers as the dedupe key, and their masked form."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# ASCII digits only: `\d` alone also matches other scripts' digits ("1300000000٠"), which
# would store a number no dedupe ever matches (found by tests/security/test_properties.py).
MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
SEPARATORS = re.compile(r"[\s\-().]")


def phone_normalise(raw: str) -> str:
    """A mainland mobile number as 11 digits: '+86 138-1234-5678' → '13812345678'."""
    # Full-width digits and signs from a Chinese input method become ASCII first.
    digits = SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not MOBILE.match(digits):
        raise ValidationError(
            {"phone": _("Enter an 11-digit mainland mobile number, e.g. 13812345678.")}
        )
    return digits


def phone_mask(phone: str) -> str:
    """R-ROLE-2: 13812345678 → 138****5678."""
    if len(phone) < 8:
        return "****"
    return f"{phone[:3]}****{phone[-4:]}"

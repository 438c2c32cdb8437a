"""Issue 21 §2: creating, revoking and checking personal API tokens.

A token reads `otk_<43 url-safe characters>` (256 random bits). It is shown once; the
database keeps its SHA-256, so a leaked backup gives no usable token. The first 12
characters are kept in the clear for the owner to tell their tokens apart."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.guard import in_scope_or_404
from outreach.validators import printable_text_clean

from .models import ApiToken

TOKEN_PREFIX = "otk_"  # noqa: S105 - the public marker of a token, not a secret
TOKENS_PER_USER = 20
# last_used_at is written at most this often per token, not once a call.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    raw: str  # shown once, never stored


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """A person's own tokens: nobody sees or revokes another's (a manager neither)."""
    return ApiToken.objects.filter(user=user)


def token_create(
    *, user: User, name: str, expires_at: datetime | None = None, now: datetime | None = None
) -> NewToken:
    now = now or timezone.now()
    name = printable_text_clean(name, field="name").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the system that uses it.")})
    if expires_at is not None and expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    with transaction.atomic():
        # Locks the user's row: two creations at once cannot pass the cap together.
        User.objects.select_for_update().filter(pk=user.pk).first()
        live = tokens_of(user=user).filter(revoked_at__isnull=True).count()
        if live >= TOKENS_PER_USER:
            raise ValidationError(
                _("You have %(n)s tokens: revoke one you no longer use first.")
                % {"n": TOKENS_PER_USER}
            )
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=raw[:12],
            key_hash=token_hash(raw),
            expires_at=expires_at,
        )
    return NewToken(token=token, raw=raw)


def token_revoke(*, user: User, token_id: int, now: datetime | None = None) -> ApiToken:
    """Revoke one's own token (404 for another's); revoking twice changes nothing."""
    with transaction.atomic():
        token = in_scope_or_404(tokens_of(user=user).select_for_update(), pk=token_id)
        if token.revoked_at is None:
            token.revoked_at = now or timezone.now()
            token.save(update_fields=["revoked_at", "updated_at"])
    return token


def token_authenticate(raw: str, *, now: datetime | None = None) -> ApiToken | None:
    """The usable token for `raw` (its user loaded), or None: unknown, revoked, expired,
    or its user made inactive all answer the same."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    now = now or timezone.now()
    token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(raw)).first()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

"""The username django-axes records for a login attempt (issue 17, finding 8).

Axes stores the username of every failed attempt before the login form has judged it;
its column is varchar(255) and PostgreSQL refuses NUL in text, so a raw 300-character or
NUL-carrying name used to end in a 500. Here it is cut to what a real username can be.
"""

from django.conf import settings
from django.contrib.auth import get_user_model


def lockout_username(request, credentials: dict | None = None) -> str | None:
    """Axes' AXES_USERNAME_CALLABLE: the attempted username, stripped of NULs and outer
    spaces, at most User.username's length (150). Longer names share a lockout count
    with their first 150 characters, which no real account can tell apart anyway."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get(field) if source else None
    if not isinstance(username, str):
        return None
    limit = get_user_model()._meta.get_field("username").max_length
    return username.replace("\x00", "").strip()[:limit]

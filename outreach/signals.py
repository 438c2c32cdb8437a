"""Remember the session each login opens, so deactivating a user can end them all."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .models import LoginSession


@receiver(user_logged_in, dispatch_uid="outreach_register_login_session")
def register_login_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    LoginSession.objects.get_or_create(session_key=session.session_key, defaults={"user": user})

"""Issue 21 §2: `Authorization: Bearer otk_…` acts as the token's user, with exactly that
user's permissions and scope; the app's own pages use the ordinary session."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .tokens import token_authenticate


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # not ours: the session may still authenticate
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as 'Bearer <token>'."))
        try:
            raw = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from error
        token = token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: it is unknown, revoked or expired.")
            )
        # History rows and access logs read the Django request's user.
        request._request.user = token.user
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword  # a 401 (not a 403) with WWW-Authenticate when none was sent

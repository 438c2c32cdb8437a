"""What every v1 endpoint shares: the permission the matching page needs, a queryset from
the owning app's scoped selector, keyset pages in the order of change, `updated_since`."""

import uuid

from django.utils.decorators import classonlymethod
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from outreach.guard import require

from ..pagination import SyncCursorPagination


class ScopedViewSet(viewsets.GenericViewSet):
    """`required_perms`: any one of them, as the page's `permission_required` (403 else).
    `get_queryset` must come from a selector already narrowed to the user, so an object
    outside the scope is a 404 on reads and writes alike (R-ROLE-1)."""

    required_perms: tuple[str, ...] = ()
    pagination_class = SyncCursorPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, throttles
        if self.required_perms:
            require(request.user, *self.required_perms)

    @classonlymethod
    def as_view(cls, actions=None, **initkwargs):
        view = super().as_view(actions, **initkwargs)
        # Tokens authenticate inside DRF: the login middleware must let the call reach it
        # (it answers 401 JSON itself, never a redirect to the login page).
        view.login_required = False
        return view


IDEMPOTENCY_HEADER = "Idempotency-Key"


def idempotency_key(request, *, required: bool = False) -> uuid.UUID | None:
    """The `Idempotency-Key` header as a UUID: the same key the phone pages carry in their
    hidden field, so a call sent twice (a retry after a timeout) makes one record."""
    raw = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not raw:
        if required:
            raise ValidationError(
                {IDEMPOTENCY_HEADER: [_("Send an Idempotency-Key header (a UUID).")]}
            )
        return None
    try:
        return uuid.UUID(raw)
    except ValueError as error:
        raise ValidationError(
            {IDEMPOTENCY_HEADER: [_("The Idempotency-Key must be a UUID.")]}
        ) from error


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    description="A UUID chosen by the client; sending the same call again with the same "
    "key gives the same record, never a second one.",
)

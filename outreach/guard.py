"""The one permission guard (R-ROLE-1).

Every page and every service says what it needs here, the same way:

- a function view: ``@permission_required("app.perm", ...)`` — any one of them, else 403;
- a class view: ``PermissionRequired`` with ``permission_required = (...)``;
- a branch inside a view or a service: ``require(user, ...)`` raises PermissionDenied,
  ``can(user, ...)`` answers yes or no;
- an object: ``in_scope_or_404(scoped_queryset, pk=...)`` — outside the user's scope it
  does not exist, for reads and writes alike, and a malformed key is a 404 too.

Login itself is required everywhere by LoginRequiredMiddleware.
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.functional import Promise

M = TypeVar("M", bound=Model)


def can(user, *perms: str) -> bool:
    """Whether the user holds at least one of the permissions."""
    return any(user.has_perm(perm) for perm in perms)


def require(user, *perms: str, message: str | Promise | None = None) -> None:
    """Refuse (PermissionDenied, a 403 on a page) unless the user holds one of the perms."""
    if not can(user, *perms):
        raise PermissionDenied(message) if message else PermissionDenied


def permission_required(*perms: str) -> Callable:
    """View decorator: 403 unless the user holds at least one of the permissions."""

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            require(request.user, *perms)
            return view(request, *args, **kwargs)

        return guarded

    return decorator


class PermissionRequired(AccessMixin):
    """Class-view form of `permission_required`: `permission_required = ("app.perm", ...)`,
    any one of them; outside them the page answers 403."""

    permission_required: tuple[str, ...] | str = ()

    def dispatch(self, request, *args, **kwargs):
        perms = self.permission_required
        require(request.user, *((perms,) if isinstance(perms, str) else perms))
        return super().dispatch(request, *args, **kwargs)


def in_scope_or_404(queryset: QuerySet[M], **lookup) -> M:
    """The one object of a scoped queryset matching `lookup`, or 404.

    A pk that is not a number (a hand-made POST) is also "not there", not a server error."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error

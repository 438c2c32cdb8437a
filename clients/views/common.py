"""Small helpers shared by the clients app's views."""

from django.core.exceptions import PermissionDenied

from outreach.selectors import staff_of


def require(request, *perms: str) -> None:
    """403 unless the user holds at least one of the permissions (R-ROLE-1)."""
    if not any(request.user.has_perm(p) for p in perms):
        raise PermissionDenied


def require_staff(request):
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    return me

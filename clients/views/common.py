"""Small helpers shared by the clients app's views (permissions: `outreach.guard`)."""

from django.core.exceptions import PermissionDenied

from outreach.selectors import staff_of


def require_staff(request):
    """The staff member behind this login; a login without one (an admin) gets a 403."""
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    return me

"""Issue 20 (R-ATT-3): what the check-in page needs to know about the photo."""

from ..models import AttendanceSetting


def checkin_photo_required() -> bool:
    """Whether the rulebook's settings ask for a photo at every check-in."""
    return AttendanceSetting.current().photo_required

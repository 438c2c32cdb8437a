"""R-SYS-6: check-in photos and locations are deleted after the retention period."""

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from ..models import AttendanceSetting, DayRecord


def checkin_data_purge(*, today: date) -> int:
    """Remove locations and photos older than the retention period; facts stay."""
    cutoff = today - timedelta(days=AttendanceSetting.current().retention_days)
    old = DayRecord.objects.filter(day__lt=cutoff).filter(
        Q(check_in_lat__isnull=False)
        | Q(check_out_lat__isnull=False)
        | ~Q(check_in_photo="")
        | Q(check_in_ip__isnull=False)
        | Q(check_out_ip__isnull=False)
    )
    for record in old.exclude(check_in_photo="").only("pk", "check_in_photo"):
        record.check_in_photo.delete(save=False)
    return old.update(
        check_in_lat=None,
        check_in_lng=None,
        check_out_lat=None,
        check_out_lng=None,
        check_in_photo="",
        check_in_ip=None,
        check_out_ip=None,
        data_purged_at=timezone.now(),
        updated_at=timezone.now(),  # a bulk update skips auto_now; the API syncs by it
    )

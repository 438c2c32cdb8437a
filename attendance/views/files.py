"""Issue 17: attendance files, only through the scope of their record (404 outside it);
photos of people are personal data, so every download is logged (R-ROLE-2)."""

from django.views.decorators.http import require_GET

from outreach.files import file_response
from outreach.models import AccessLog

from .. import selectors


@require_GET
def violation_evidence(request, pk: int):
    violation = selectors.violation_get(user=request.user, pk=pk)
    return file_response(
        request,
        violation.evidence,
        download_name=f"violation-{violation.pk}",
        log_action=AccessLog.Action.DOWNLOAD,
    )


@require_GET
def checkin_photo(request, pk: int):
    record = selectors.day_record_get(user=request.user, pk=pk)
    return file_response(
        request,
        record.check_in_photo,
        download_name=f"checkin-{record.staff_id}-{record.day:%Y-%m-%d}",
        log_action=AccessLog.Action.DOWNLOAD,
    )

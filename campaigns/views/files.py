"""Issue 17: campaign files, only through the scope of their object's page (404 outside
it). Receipts are personal data, so their downloads are logged (R-ROLE-2)."""

from django.views.decorators.http import require_GET

from outreach.files import file_response
from outreach.models import AccessLog

from ..selectors import attachment_get, library_get, receipt_get


@require_GET
def receipt_file_view(request, pk: int):
    receipt = receipt_get(user=request.user, pk=pk)
    return file_response(
        request,
        receipt.image,
        download_name=f"receipt-{receipt.claim_id}-{receipt.pk}",
        log_action=AccessLog.Action.DOWNLOAD,
    )


@require_GET
def attachment_file_view(request, pk: int):
    attachment = attachment_get(user=request.user, pk=pk)
    return file_response(
        request,
        attachment.file,
        download_name=attachment.title or f"campaign-{attachment.campaign_id}-{attachment.pk}",
    )


@require_GET
def library_file_view(request, pk: int):
    item = library_get(user=request.user, pk=pk)
    return file_response(request, item.file, download_name=item.title)

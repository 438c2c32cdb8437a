"""Issue 17: every stored file leaves through `file_response`, called by a view that has
already fetched the file's object through the same scoped selector as the object's page
(so a file outside the user's scope answers 404, like its page).

The bytes are handed over by django-sendfile2: read by Django in development and tests
(`SENDFILE_BACKEND` simple), by the web server in production (nginx `X-Accel-Redirect`,
see docs/operations.md). There is no public media URL.
"""

from pathlib import PurePath

from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django_sendfile import sendfile

from .services import access_log_write

# The only content types a stored file is served with, by its stored extension (which
# the storage took from the content, outreach/uploads.py); anything else is an opaque
# download, so nothing is ever served as text/html or another type a browser runs.
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".bmp": "image/bmp",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
}
OPAQUE = "application/octet-stream"
# Shown in the page (thumbnails); everything else is a download.
INLINE = {".jpg", ".png", ".gif", ".webp"}


def file_response(
    request: HttpRequest,
    fieldfile: FieldFile,
    *,
    download_name: str,
    log_action: str | None = None,
) -> HttpResponse:
    """The stored file as a download (an image inline), logged when `log_action` is given
    (R-ROLE-2: exports and personal data). `download_name` is given without extension:
    the stored one, which is the content's, is added."""
    if not fieldfile:
        raise Http404
    extension = PurePath(fieldfile.name).suffix.lower()
    response = sendfile(
        request,
        fieldfile.name,
        attachment=extension not in INLINE,
        attachment_filename=f"{download_name}{extension}",
        mimetype=CONTENT_TYPES.get(extension, OPAQUE),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # personal data stays off shared caches
    if log_action:
        instance = fieldfile.instance
        access_log_write(
            user=request.user,
            action=log_action,
            target=f"{instance._meta.label} {instance.pk} {fieldfile.field.name}",
        )
    return response

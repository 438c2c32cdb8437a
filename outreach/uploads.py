"""Issue 9: every uploaded file is checked by its content and its size, here, once.

An upload's name and the browser's content type are the sender's claims; what counts is
what the bytes are. Images are opened and verified by Pillow; documents must start the
way their kind of file starts and carry an extension of that kind, so nothing that a
browser would run (HTML, SVG, JavaScript) is ever stored under /media/.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

MB = 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "MPO"}

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office formats
# extension -> what the file's first bytes must be
DOCUMENT_KINDS = {
    ".pdf": "pdf",
    ".docx": "zip",
    ".xlsx": "zip",
    ".pptx": "zip",
    ".doc": "ole",
    ".xls": "ole",
    ".ppt": "ole",
    ".mp4": "mp4",
    ".m4v": "mp4",
    ".mov": "mp4",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".gif": "image",
    ".webp": "image",
}


def _limit(kind: str) -> int:
    """Size limits from settings (UPLOAD_<KIND>_MAX_BYTES), read at each upload."""
    defaults = {"IMAGE": 5 * MB, "DOCUMENT": 50 * MB, "SPREADSHEET": 10 * MB}
    return getattr(settings, f"UPLOAD_{kind}_MAX_BYTES", defaults[kind])


def _error(message: str, field: str | None) -> ValidationError:
    return ValidationError({field: message} if field else message)


def upload_size_check(upload: UploadedFile, *, limit: int, field: str | None = None) -> None:
    if upload.size > limit:
        raise _error(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": PurePath(upload.name or "").name, "mb": round(limit / MB, 1)},
            field,
        )


def _is_image(upload: UploadedFile) -> bool:
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except Exception:  # noqa: BLE001 — Pillow raises many kinds for a file that is no image
        return False
    finally:
        upload.seek(0)
    return image_format in IMAGE_FORMATS


def image_validate(
    upload: UploadedFile, *, limit: int | None = None, field: str | None = None
) -> None:
    """A real image (opened and verified by Pillow) no larger than the limit."""
    upload_size_check(upload, limit=limit or _limit("IMAGE"), field=field)
    if not _is_image(upload):
        raise _error(
            _("%(name)s is not an image.") % {"name": PurePath(upload.name or "").name}, field
        )


def _head(upload: UploadedFile, size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _content_is(kind: str, upload: UploadedFile) -> bool:
    head = _head(upload)
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "zip":
        return head.startswith(ZIP)
    if kind == "ole":
        return head.startswith(OLE)
    if kind == "mp4":
        return head[4:8] == b"ftyp"
    return _is_image(upload)


def document_validate(
    upload: UploadedFile, *, limit: int | None = None, field: str | None = None
) -> None:
    """A PDF, Office file, image or MP4 video whose bytes match its extension."""
    upload_size_check(upload, limit=limit or _limit("DOCUMENT"), field=field)
    name = PurePath(upload.name or "").name
    kind = DOCUMENT_KINDS.get(PurePath(name).suffix.lower())
    if kind is None or not _content_is(kind, upload):
        raise _error(
            _(
                "%(name)s is not an accepted file: PDF, Word, Excel, PowerPoint, an image "
                "or an MP4 video, whose content matches its name."
            )
            % {"name": name},
            field,
        )


def spreadsheet_validate(upload: UploadedFile, *, field: str | None = None) -> None:
    """An .xlsx workbook (a zip file) no larger than the limit, before anyone parses it."""
    upload_size_check(upload, limit=_limit("SPREADSHEET"), field=field)
    if not _head(upload).startswith(ZIP):
        raise _error(_("This is not a readable .xlsx file."), field)

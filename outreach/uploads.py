"""Issue 9: every uploaded file is checked by its content and its size, here, once.

An upload's name and the browser's content type are the sender's claims; what counts is
what the bytes are. Images are opened and verified by Pillow; documents must start the
way their kind of file starts and carry an extension of that kind, so nothing that a
browser would run (HTML, SVG, JavaScript) is ever stored.

Issue 17: files are stored under a random name (`StoredName`) with the extension of
what their content is (`ContentTypedStorage`), never the uploader's; they are served only
by views that check the scope of their object (outreach/files.py).
"""

import os
import uuid
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image

MB = 1024 * 1024
# Pillow's format name -> the extension a file of it is stored under (finding 7)
IMAGE_EXTENSIONS = {
    "JPEG": ".jpg",
    "MPO": ".jpg",  # a JPEG with extra frames (phone cameras)
    "PNG": ".png",
    "WEBP": ".webp",
    "GIF": ".gif",
    "BMP": ".bmp",
}
IMAGE_FORMATS = set(IMAGE_EXTENSIONS)
TOO_MANY_PIXELS = "too_many_pixels"

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


class TooManyPixels(Exception):
    """An image past Pillow's pixel limit: a decompression bomb, however small the file."""


def _image_format(upload) -> str | None:
    """Pillow's name of the image format the bytes are, None when they are no image.

    Raises TooManyPixels past `Image.MAX_IMAGE_PIXELS`: Pillow itself only warns
    (DecompressionBombWarning) up to twice the limit, so the size is checked here too."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
                raise TooManyPixels
            image.verify()
    except Image.DecompressionBombError:
        raise TooManyPixels from None
    except TooManyPixels:
        raise
    except Exception:  # noqa: BLE001 — Pillow raises many kinds for a file that is no image
        return None
    finally:
        upload.seek(0)
    return image_format if image_format in IMAGE_FORMATS else None


def _is_image(upload: UploadedFile, field: str | None = None) -> bool:
    try:
        return _image_format(upload) is not None
    except TooManyPixels:
        error = ValidationError(_too_many_pixels(upload), code=TOO_MANY_PIXELS)
        raise (ValidationError({field: error}) if field else error) from None


def _too_many_pixels(upload: UploadedFile) -> str:
    return _("%(name)s has too many pixels: at most %(mp)s million are accepted.") % {
        "name": PurePath(upload.name or "").name,
        "mp": round((Image.MAX_IMAGE_PIXELS or 0) / 1_000_000),
    }


def image_validate(
    upload: UploadedFile, *, limit: int | None = None, field: str | None = None
) -> None:
    """A real image (opened and verified by Pillow) no larger than the limit, in bytes
    and in pixels."""
    upload_size_check(upload, limit=limit or _limit("IMAGE"), field=field)
    if not _is_image(upload, field):
        raise _error(
            _("%(name)s is not an image.") % {"name": PurePath(upload.name or "").name}, field
        )


def _head(upload: UploadedFile, size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _content_is(kind: str, upload: UploadedFile, field: str | None = None) -> bool:
    head = _head(upload)
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "zip":
        return head.startswith(ZIP)
    if kind == "ole":
        return head.startswith(OLE)
    if kind == "mp4":
        return head[4:8] == b"ftyp"
    return _is_image(upload, field)


def document_validate(
    upload: UploadedFile, *, limit: int | None = None, field: str | None = None
) -> None:
    """A PDF, Office file, image or MP4 video whose bytes match its extension."""
    upload_size_check(upload, limit=limit or _limit("DOCUMENT"), field=field)
    name = PurePath(upload.name or "").name
    kind = DOCUMENT_KINDS.get(PurePath(name).suffix.lower())
    if kind is None or not _content_is(kind, upload, field):
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


# --- how files are stored (issue 17, finding 7) ------------------------------------------

OOXML_PARTS = {
    "word/document.xml": ".docx",
    "xl/workbook.xml": ".xlsx",
    "ppt/presentation.xml": ".pptx",
}
# An old Office file or a video says which it is only deep inside: one of the container's
# own extensions is kept as the uploader gave it, any other name gets the container's.
KEEP_IF_SAME_KIND = {"ole": {".doc", ".xls", ".ppt"}, "mp4": {".mp4", ".m4v", ".mov"}}
FALLBACK = {"ole": ".doc", "mp4": ".mp4"}


def _ooxml_extension(content) -> str:
    try:
        content.seek(0)
        with zipfile.ZipFile(content) as archive:  # reads only the directory of names
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return ".bin"
    finally:
        content.seek(0)
    return next((ext for part, ext in OOXML_PARTS.items() if part in names), ".zip")


def stored_extension(content, name: str = "") -> str:
    """Finding 7: the extension of what the bytes are (Pillow's format for an image, the
    detected kind for a document), never the one the uploader chose. Unknown bytes are
    stored as .bin, which nothing serves as a page."""
    try:
        image_format = _image_format(content)
    except TooManyPixels:
        image_format = None
    if image_format:
        return IMAGE_EXTENSIONS[image_format]
    head = _head(content)
    claimed = PurePath(name).suffix.lower()
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(ZIP):
        return _ooxml_extension(content)
    kind = "ole" if head.startswith(OLE) else "mp4" if head[4:8] == b"ftyp" else None
    if kind is None:
        return ".bin"
    return claimed if claimed in KEEP_IF_SAME_KIND[kind] else FALLBACK[kind]


@deconstructible
class StoredName:
    """`upload_to` of every file field: `<kind>/<yyyy>/<mm>/<uuid4 hex>`, random and never
    guessable nor the uploader's; the storage adds the extension of the content."""

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, instance, filename: str) -> str:
        return f"{self.kind}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"

    def __eq__(self, other) -> bool:
        return isinstance(other, StoredName) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash(self.kind)


class ContentTypedStorage(FileSystemStorage):
    """The project's default storage: whatever name a file is saved under, it is stored
    with the extension of its content (one place, so no field can forget it)."""

    def save(self, name, content, max_length=None):
        name = name if name is not None else content.name
        root, _ext = os.path.splitext(name)
        return super().save(root + stored_extension(content, name), content, max_length)

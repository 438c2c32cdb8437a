"""Issue 20 (R-ATT-3): the check-in photo, stamped by the server.

The phone downscales the picture before sending it (static/js/photo-downscale.js), but
the server trusts only what it does itself: after the content check (`photo_check`) it
turns the picture upright (EXIF orientation), downscales it again if it is still large,
stamps the local time, the person's name and the point into a band at the bottom, and
stores a new JPEG that carries no EXIF or other metadata (no GPS, no camera serial).
"""

import logging
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, ImageOps

from outreach.models import Point, Staff

logger = logging.getLogger(__name__)

MAX_SIDE = 1600  # the phone sends at most this; a larger picture is downscaled here too
JPEG_QUALITY = 85
BAND_OPACITY = 0.6  # how dark the band under the stamp is (0 = none, 1 = black)


def photo_required_check(photo, *, required: bool) -> None:
    """R-ATT-3: when the rulebook asks for a photo, a check-in without one is refused."""
    if required and not photo:
        raise ValidationError(
            {"photo": _("The rules ask for a photo at check-in: take one with your phone.")}
        )


@lru_cache(maxsize=16)
def _font(path: str, size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        logger.warning(
            "Check-in stamp font %s cannot be read (install fonts-wqy-microhei or set "
            "CHECKIN_STAMP_FONT); Pillow's default font is used and draws no Chinese.",
            path,
        )
        return ImageFont.load_default(size=size)


def _upright(photo) -> Image.Image:
    """The picture decoded, turned as the camera meant it, at most MAX_SIDE px, in RGB."""
    photo.seek(0)
    with Image.open(photo) as opened:
        opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # a JPEG decodes at a smaller scale: cheap
        image = ImageOps.exif_transpose(opened)
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        if image.mode in ("RGBA", "LA") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            image = Image.new("RGB", rgba.size, "white")
            image.paste(rgba, mask=rgba.getchannel("A"))
        return image.convert("RGB")


def _stamp_lines(*, at: datetime, staff: Staff, point: Point | None) -> list[str]:
    who = staff.name if point is None else f"{staff.name} · {point.name}"
    return [timezone.localtime(at).strftime("%Y-%m-%d %H:%M"), who]


def _fitting_font(draw: ImageDraw.ImageDraw, lines: list[str], width: int, size: int):
    """The stamp font at `size`, smaller when the longest line would not fit the width."""
    path = settings.CHECKIN_STAMP_FONT
    font = _font(path, size)
    widest = max(draw.textlength(line, font=font) for line in lines)
    room = width - 2 * max(4, size // 2)
    if widest > room:
        font = _font(path, max(8, int(size * room / widest)))
    return font


def _draw_text(draw: ImageDraw.ImageDraw, xy, text: str, font) -> None:
    try:
        draw.text(xy, text, font=font, fill="white")
    except UnicodeEncodeError:  # only Pillow's bitmap font, when FreeType is missing
        draw.text(xy, text.encode("latin-1", "replace").decode("latin-1"), font=font, fill="white")


def _stamp(image: Image.Image, lines: list[str]) -> None:
    """A dark band across the bottom with the lines in white, sized to the picture."""
    width, height = image.size
    draw = ImageDraw.Draw(image)
    font = _fitting_font(draw, lines, width, max(14, min(width, height) // 22))
    size = getattr(font, "size", 11)
    pad, gap = max(4, size // 2), max(2, size // 4)
    band_top = max(0, height - (len(lines) * (size + gap) + 2 * pad))
    band = image.crop((0, band_top, width, height))
    image.paste(
        Image.blend(band, Image.new("RGB", band.size, "black"), BAND_OPACITY), (0, band_top)
    )
    y = band_top + pad
    for line in lines:
        _draw_text(draw, (pad, y), line, font)
        y += size + gap


def checkin_photo_stamp(*, photo, at: datetime, staff: Staff, point: Point | None) -> ContentFile:
    """R-ATT-3: the stamped photo as a new JPEG without metadata, ready for the field.

    Call after `photo_check` (content and size already checked). A picture Pillow opened
    but cannot decode (a truncated file) is refused like any other unreadable photo."""
    try:
        image = _upright(photo)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            {
                "photo": _("%(name)s could not be read as a photo.")
                % {"name": PurePath(getattr(photo, "name", "") or "").name}
            }
        ) from None
    _stamp(image, _stamp_lines(at=at, staff=staff, point=point))
    out = BytesIO()
    # A fresh RGB image saved with no exif= / icc_profile= argument: nothing of the
    # original file's metadata reaches the stored one.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name="checkin.jpg")

"""Issue 17: uploads are stored under random names with the extension of their content
(finding 7), served never as a page, and images past Pillow's pixel limit are refused
(Build 6)."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns.models import CampaignAttachment, CampaignStatus
from outreach.uploads import document_validate, image_validate, stored_extension
from tests.factories.campaigns import CampaignFactory, image_upload

pytestmark = pytest.mark.django_db

RANDOM_NAME = r"campaigns/\d{4}/\d{2}/[0-9a-f]{32}"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # SENDFILE_ROOT follows (tests/conftest.py)
    return tmp_path


@pytest.fixture
def campaign(org):
    running = CampaignFactory(owner=org["leader1"], status=CampaignStatus.RUNNING)
    running.participants.add(org["canvasser1"])
    return running


def _gif_named(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(buffer, format="GIF")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="text/html")


def _png_claiming(width: int, height: int) -> SimpleUploadedFile:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return SimpleUploadedFile("bomb.png", bytes(data), content_type="image/png")


def test_hardening_a_gif_named_poc_html_is_stored_as_gif_and_never_served_as_html(
    client, org, campaign, media
):
    """Finding 7: a valid GIF named poc.html was stored as .html and served as text/html
    from the app's origin."""
    client.force_login(org["leader1"].user)
    url = reverse("campaign-attachment-add", args=[campaign.pk])
    client.post(url, {"file": _gif_named("poc.html"), "title": "poc"})
    attachment = CampaignAttachment.objects.get()
    assert re.fullmatch(RANDOM_NAME + r"\.gif", attachment.file.name), attachment.file.name
    assert not list(media.rglob("*.html"))
    response = client.get(reverse("attachment-file", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")


def test_hardening_stored_names_are_random_not_the_uploaders(client, org, campaign, media):
    client.force_login(org["leader1"].user)
    url = reverse("campaign-attachment-add", args=[campaign.pk])
    for _ in range(2):
        client.post(url, {"file": image_upload("张三的身份证.png"), "title": ""})
    names = list(CampaignAttachment.objects.values_list("file", flat=True))
    assert len(set(names)) == 2
    assert all(re.fullmatch(RANDOM_NAME + r"\.png", name) for name in names), names


def _zip_with(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format=fmt)
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 24


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("poc.html", _image("GIF"), ".gif"),
        ("photo.png", _image("JPEG"), ".jpg"),
        ("x.svg", _image("PNG"), ".png"),
        ("report.docx", b"%PDF-1.4\n", ".pdf"),
        ("sheet.docx", _zip_with("xl/workbook.xml"), ".xlsx"),
        ("letter.xlsx", _zip_with("word/document.xml"), ".docx"),
        ("deck.pdf", _zip_with("ppt/presentation.xml"), ".pptx"),
        ("page.html", _zip_with("index.html"), ".zip"),
        ("old.xls", OLE, ".xls"),
        ("old.html", OLE, ".doc"),
        ("clip.mov", b"\0\0\0\x18ftypqt  ", ".mov"),
        ("clip.html", b"\0\0\0\x18ftypisom", ".mp4"),
        ("x.html", b"<script>alert(1)</script>", ".bin"),
    ],
)
def test_hardening_the_stored_extension_is_the_contents(name, content, extension):
    assert stored_extension(ContentFile(content), name) == extension


def test_hardening_an_image_past_the_pixel_limit_is_refused():
    """Build 6: a 200-byte PNG that claims 20000 × 20000 pixels (a decompression bomb)
    is refused with its own message, as an image and as a document."""
    with pytest.raises(ValidationError, match="too many pixels"):
        image_validate(_png_claiming(20_000, 20_000))
    with pytest.raises(ValidationError, match="too many pixels"):
        document_validate(_png_claiming(20_000, 20_000))


def test_hardening_an_image_between_one_and_two_pixel_limits_is_refused(monkeypatch):
    """Pillow only warns (DecompressionBombWarning) up to twice its limit: refused too."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    image_validate(image_upload("ok.png", size=(30, 30)))  # 900 pixels
    with pytest.warns(Image.DecompressionBombWarning):
        with pytest.raises(ValidationError, match="too many pixels"):
            image_validate(image_upload("warned.png", size=(40, 40)))  # 1600 pixels


def test_hardening_a_bomb_attached_to_a_campaign_is_refused_with_a_clear_message(
    client, org, campaign, media
):
    client.cookies["django_language"] = "en"
    client.force_login(org["leader1"].user)
    url = reverse("campaign-attachment-add", args=[campaign.pk])
    response = client.post(url, {"file": _png_claiming(20_000, 20_000)}, follow=True)
    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert not CampaignAttachment.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_hardening_in_production_the_web_server_sends_the_bytes(
    client, org, campaign, media, settings
):
    """Build 2: with the nginx backend the answer carries X-Accel-Redirect to the internal
    location and no body, after the same scope check; the headers stay."""
    from django_sendfile.utils import _get_sendfile

    client.force_login(org["leader1"].user)
    client.post(
        reverse("campaign-attachment-add", args=[campaign.pk]),
        {"file": _gif_named("poc.html"), "title": "poc"},
    )
    attachment = CampaignAttachment.objects.get()
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    _get_sendfile.cache_clear()  # the backend is looked up once per process
    try:
        response = client.get(reverse("attachment-file", args=[attachment.pk]))
        client.force_login(org["consultant1"].user)
        outside = client.get(reverse("attachment-file", args=[attachment.pk]))
    finally:
        _get_sendfile.cache_clear()
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "image/gif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert outside.status_code == 404
    assert "X-Accel-Redirect" not in outside


def test_hardening_every_stored_image_extension_passes_the_photo_fields_validators():
    """A photo is stored under the extension of its content; the attendance fields'
    extension validators must accept each, or the record fails its own full_clean."""
    from attendance.models.records import PHOTO_EXTENSIONS
    from outreach.uploads import IMAGE_EXTENSIONS

    assert {ext.lstrip(".") for ext in IMAGE_EXTENSIONS.values()} <= set(PHOTO_EXTENSIONS)

"""Issue 9: every upload is checked by its content and its size (outreach.uploads), and a
refused upload saves nothing."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from attendance.models import AttendanceSetting, DayRecord
from campaigns.models import ExpenseClaim, LibraryItem
from clients.models import Lead
from outreach.dates import today
from outreach.uploads import document_validate, image_validate, spreadsheet_validate
from tests.factories.attendance import point_at, rostered
from tests.factories.campaigns import image_upload
from tests.factories.training import session_held
from training.models import Material

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def fake_jpg():
    """A text file renamed .jpg, sent as image/jpeg."""
    return SimpleUploadedFile("photo.jpg", b"this is not a picture", "image/jpeg")


def jpeg_head_then_garbage():
    """Starts like a JPEG, is not one: a first-bytes check alone would let it in."""
    return SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + b"x" * 64, "image/jpeg")


# --- the shared validator ---------------------------------------------------------------


def test_security_a_real_image_passes_and_is_rewound():
    upload = image_upload("ok.jpg", fmt="JPEG")
    image_validate(upload)
    assert upload.tell() == 0


@pytest.mark.parametrize("upload", [fake_jpg, jpeg_head_then_garbage])
def test_security_a_fake_image_is_refused(upload):
    with pytest.raises(ValidationError, match="not an image"):
        image_validate(upload())


def test_security_an_oversize_image_is_refused(settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="larger than"):
        image_validate(image_upload("big.png", size=(200, 200)))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", PDF),
        ("slides.pptx", b"PK\x03\x04" + b"\0" * 40),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 40),
        ("clip.mp4", b"\0\0\0\x18ftypmp42" + b"\0" * 40),
    ],
)
def test_security_documents_of_an_accepted_kind_pass(name, content):
    document_validate(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("evil.js", b"alert(1)"),
        ("drawing.svg", b"<svg onload='alert(1)'/>"),
        ("notes.pdf", b"<html>not a pdf</html>"),
        ("photo.jpg", b"this is not a picture"),
        ("noextension", PDF),
    ],
)
def test_security_documents_that_are_not_what_they_claim_are_refused(name, content):
    with pytest.raises(ValidationError, match="not an accepted file"):
        document_validate(SimpleUploadedFile(name, content))


def test_security_an_oversize_document_is_refused(settings):
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="larger than"):
        document_validate(SimpleUploadedFile("notes.pdf", PDF))


# --- every place that accepts a file ----------------------------------------------------


def test_security_check_in_refuses_a_fake_or_oversize_photo(client, org):
    person = org["canvasser1"]
    rostered(person, timezone.localdate(), point=point_at())
    client.force_login(person.user)
    client.post(reverse("attendance-checkin"), {"action": "in", "photo": fake_jpg()})
    assert not DayRecord.objects.filter(staff=person, check_in_at__isnull=False).exists()
    setting = AttendanceSetting.current()
    setting.photo_max_bytes = 100
    setting.save()
    big = image_upload("big.png", size=(300, 300))
    client.post(reverse("attendance-checkin"), {"action": "in", "photo": big})
    assert not DayRecord.objects.filter(staff=person, check_in_at__isnull=False).exists()


def test_security_violation_evidence_must_be_a_real_image(client, org):
    client.force_login(org["leader1"].user)
    response = client.post(
        reverse("violation-new"),
        {
            "staff": org["canvasser1"].pk,
            "code": "DRESS",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "evidence": jpeg_head_then_garbage(),
        },
    )
    assert response.status_code in (200, 400)
    from attendance.models import Violation

    assert not Violation.objects.exists()


def _claim(client, receipt):
    data = {
        "category": "meals",
        "amount": "25.00",
        "spent_on": (today() - timedelta(days=1)).isoformat(),
        "description": "午餐",
        "receipts": [receipt],
    }
    return client.post(reverse("claim-new"), data)


def test_security_receipts_refuse_a_fake_or_oversize_photo(client, org, settings):
    client.force_login(org["canvasser1"].user)
    assert _claim(client, fake_jpg()).status_code == 200
    settings.UPLOAD_IMAGE_MAX_BYTES = 100
    from campaigns.services import claims

    claims.RECEIPT_MAX_BYTES, saved = 100, claims.RECEIPT_MAX_BYTES
    try:
        assert _claim(client, image_upload("big.png", size=(300, 300))).status_code == 200
    finally:
        claims.RECEIPT_MAX_BYTES = saved
    assert not ExpenseClaim.objects.exists()


def test_security_training_material_refuses_a_disguised_or_oversize_file(client, org, settings):
    session = session_held(actor=org["manager"].user, day=date(2026, 11, 2))
    client.force_login(org["hr"].user)
    url = reverse("training-session-material", args=[session.pk])
    html = SimpleUploadedFile("notes.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    assert client.post(url, {"title": "讲义", "file": html}).status_code == 400
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 10
    pdf = SimpleUploadedFile("notes.pdf", PDF, "application/pdf")
    assert client.post(url, {"title": "讲义", "file": pdf}).status_code == 400
    assert not Material.objects.exists()
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 10_000
    pdf = SimpleUploadedFile("notes.pdf", PDF, "application/pdf")
    assert client.post(url, {"title": "讲义", "file": pdf}).status_code == 302
    assert Material.objects.count() == 1


def test_security_library_file_refuses_html(client, org):
    client.force_login(org["manager"].user)
    data = {"kind": "pitch_script", "title": "说辞", "body": "您好", "is_active": "on"}
    page = SimpleUploadedFile("script.html", b"<script>alert(1)</script>", "text/html")
    response = client.post(reverse("library-new"), {**data, "file": page})
    assert response.status_code in (200, 400)
    assert not LibraryItem.objects.exists()
    pdf = SimpleUploadedFile("script.pdf", PDF, "application/pdf")
    assert client.post(reverse("library-new"), {**data, "file": pdf}).status_code == 302
    assert LibraryItem.objects.count() == 1


def _workbook() -> bytes:
    book = Workbook()
    book.active.append(["name", "phone", "owner"])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_security_client_import_refuses_a_fake_or_oversize_file(client, org, settings):
    with pytest.raises(ValidationError, match="not a readable"):
        spreadsheet_validate(SimpleUploadedFile("clients.xlsx", b"name,phone\n"))
    settings.UPLOAD_SPREADSHEET_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="larger than"):
        spreadsheet_validate(SimpleUploadedFile("clients.xlsx", _workbook()))
    settings.UPLOAD_SPREADSHEET_MAX_BYTES = 10 * 1024 * 1024
    client.force_login(org["manager"].user)
    fake = SimpleUploadedFile("clients.xlsx", b"name,phone\n", "application/vnd.ms-excel")
    response = client.post(reverse("client-import"), {"file": fake})
    assert "import-errors" not in response.content.decode()
    assert "client_import" not in client.session
    settings.UPLOAD_SPREADSHEET_MAX_BYTES = 100
    big = SimpleUploadedFile("clients.xlsx", _workbook())
    assert big.size > 100
    client.post(reverse("client-import"), {"file": big})
    assert "client_import" not in client.session
    assert not Lead.objects.exists()

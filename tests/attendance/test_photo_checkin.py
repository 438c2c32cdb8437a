"""Issue 20 (R-ATT-3): the check-in photo — stamped by the server with the local time, the
person and the point, stored without EXIF, refused by content, required when the rules
say so, and shown to the leader (only) beside the check-in with the distance."""

import logging
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageDraw

from attendance.models import AttendanceSetting, DayRecord
from attendance.services import check_in
from attendance.services import photo as photo_service
from tests.clock import local, runs_at
from tests.factories import staff_in_group
from tests.factories.attendance import point_at, rostered

pytestmark = runs_at("2026-03-02 08:50", tick=False)

NOW = "2026-03-02 08:50"
GREEN = (30, 160, 90)
RED, BLUE = (220, 30, 30), (30, 30, 220)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _exif(*, orientation: int | None = None, gps: bool = True) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (30.0, 19.0, 12.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (120.0, 8.0, 30.0),
        }
    return exif


def _jpeg(image: Image.Image, *, exif: Image.Exif | None = None, name="photo.jpg", quality=90):
    out = BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif or Image.Exif())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _halves(size=(1200, 800), first=RED, second=BLUE) -> Image.Image:
    """Left half `first`, right half `second` (as stored by the camera, before turning)."""
    image = Image.new("RGB", size, second)
    image.paste(first, (0, 0, size[0] // 2, size[1]))
    return image


def _stored(record: DayRecord) -> Image.Image:
    record.refresh_from_db()
    with record.check_in_photo.open("rb") as handle:
        image = Image.open(BytesIO(handle.read()))
        image.load()
    return image


def _close(pixel, colour, tolerance=20) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def _files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


def test_r_att_3_photo_is_stamped_in_a_band_and_keeps_the_picture(org):
    person = org["canvasser1"]
    rostered(person, local(NOW).date(), point=point_at())
    record = check_in(
        staff=person, device_id="d", photo=_jpeg(Image.new("RGB", (1200, 900), GREEN))
    )
    image = _stored(record)
    assert image.format == "JPEG"
    name = record.check_in_photo.name
    assert name.startswith("checkins/")
    assert name.endswith(".jpg")
    assert image.size == (1200, 900)  # small enough: not resized
    # The picture itself is kept above the band …
    assert _close(image.getpixel((600, 200)), GREEN)
    assert _close(image.getpixel((20, 20)), GREEN)
    # … and the bottom band is darkened, with light text drawn in it.
    band = image.crop((0, 810, 1200, 900))
    pixels = list(band.get_flattened_data())
    darker = sum(1 for p in pixels if sum(p) < sum(GREEN) - 60)
    light = sum(1 for p in pixels if min(p) > 200)
    assert darker > len(pixels) // 2
    assert light > 100  # the time, the name and the point are written


def test_r_att_3_stamp_holds_time_name_and_point(org):
    person = org["canvasser1"]
    point = point_at()
    lines = photo_service._stamp_lines(at=local("2026-03-02 08:50"), staff=person, point=point)
    assert lines == ["2026-03-02 08:50", f"{person.name} · {point.name}"]
    # The time is the team's local time, not UTC.
    utc_line = photo_service._stamp_lines(at=local(NOW).astimezone(), staff=person, point=None)
    assert utc_line == ["2026-03-02 08:50", person.name]


def test_r_att_3_stamp_font_draws_chinese(settings):
    """The configured font (fonts-wqy-microhei; `make chromium` and CI install it) has
    glyphs for Chinese names: two characters draw differently, not as the same box."""
    font = photo_service._font(settings.CHECKIN_STAMP_FONT, 24)
    assert "WenQuanYi" in font.getname()[0]

    def drawn(text: str) -> bytes:
        canvas = Image.new("L", (40, 40))
        ImageDraw.Draw(canvas).text((4, 4), text, font=font, fill=255)
        assert canvas.getbbox()  # something is drawn
        return canvas.tobytes()

    assert drawn("张") != drawn("伟")


def test_r_att_3_missing_stamp_font_falls_back_and_warns(org, settings, caplog):
    settings.CHECKIN_STAMP_FONT = "/nonexistent/font.ttc"
    with caplog.at_level(logging.WARNING, logger="attendance.services.photo"):
        record = check_in(
            staff=org["canvasser1"],
            device_id="d",
            photo=_jpeg(Image.new("RGB", (640, 480), GREEN)),
        )
    assert "/nonexistent/font.ttc" in caplog.text
    image = _stored(record)
    assert sum(1 for p in image.crop((0, 440, 640, 480)).get_flattened_data() if min(p) > 200) > 20


def test_r_att_3_exif_gps_and_orientation_are_stripped_and_the_photo_turned_upright(org):
    # Stored by the camera 1200 wide × 800 high, red left and blue right, with the tag
    # "turn 90° clockwise to show" (6): upright it is 800 × 1200, red on top.
    upload = _jpeg(_halves(), exif=_exif(orientation=6))
    assert Image.open(BytesIO(upload.read())).getexif()  # the original carries EXIF
    upload.seek(0)
    record = check_in(staff=org["canvasser1"], device_id="d", photo=upload)
    image = _stored(record)
    assert image.size == (800, 1200)
    assert _close(image.getpixel((400, 200)), RED, 40)
    assert _close(image.getpixel((400, 800)), BLUE, 40)
    exif = image.getexif()
    assert len(exif) == 0
    assert ExifTags.IFD.GPSInfo not in exif
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert "exif" not in image.info
    assert "icc_profile" not in image.info
    with record.check_in_photo.open("rb") as handle:
        raw = handle.read()
    assert b"Exif" not in raw[:4096]
    assert b"PhoneMaker" not in raw


def test_r_att_3_a_large_photo_is_downscaled_by_the_server(org):
    record = check_in(
        staff=org["canvasser1"],
        device_id="d",
        photo=_jpeg(Image.new("RGB", (3200, 2400), GREEN)),
    )
    assert _stored(record).size == (1600, 1200)


@pytest.mark.parametrize(
    "content",
    [
        b"<!doctype html><html><script>alert(1)</script></html>",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
    ],
    ids=["html", "pdf"],
)
def test_r_att_3_a_non_image_named_jpg_is_refused_by_content(org, media, content):
    upload = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        check_in(staff=org["canvasser1"], device_id="d", photo=upload)
    assert "photo.jpg is not an image." in refused.value.messages
    assert not DayRecord.objects.exists()
    assert _files(media) == []


def test_r_att_3_an_oversized_photo_is_refused_by_its_size(org, media):
    AttendanceSetting.current()
    AttendanceSetting.objects.update(photo_max_bytes=20_000)
    noisy = Image.effect_noise((800, 800), 80).convert("RGB")
    upload = _jpeg(noisy, quality=95)
    assert upload.size > 20_000
    with pytest.raises(ValidationError) as refused:
        check_in(staff=org["canvasser1"], device_id="d", photo=upload)
    assert "is larger than" in refused.value.messages[0]
    assert not DayRecord.objects.exists()
    assert _files(media) == []


def test_r_att_3_a_truncated_image_is_refused_not_a_500(org, media):
    whole = _jpeg(Image.effect_noise((600, 600), 60).convert("RGB")).read()
    upload = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], content_type="image/jpeg")
    with pytest.raises(ValidationError):
        check_in(staff=org["canvasser1"], device_id="d", photo=upload)
    assert not DayRecord.objects.exists()
    assert _files(media) == []


def test_r_att_3_photo_required_refuses_a_check_in_without_one(org, media):
    AttendanceSetting.current()
    AttendanceSetting.objects.update(photo_required=True)
    with pytest.raises(ValidationError) as refused:
        check_in(staff=org["canvasser1"], device_id="d")
    assert refused.value.message_dict["photo"] == [
        "The rules ask for a photo at check-in: take one with your phone."
    ]
    assert not DayRecord.objects.exists()
    assert _files(media) == []
    record = check_in(
        staff=org["canvasser1"], device_id="d", photo=_jpeg(Image.new("RGB", (400, 300), GREEN))
    )
    assert record.check_in_at is not None
    assert _stored(record).format == "JPEG"


def test_r_att_3_check_in_page_asks_for_the_photo_when_required(client, org):
    AttendanceSetting.current()
    AttendanceSetting.objects.update(photo_required=True)
    client.force_login(org["canvasser1"].user)
    page = client.get(reverse("attendance-checkin")).content.decode()
    assert 'capture="environment"' in page
    assert 'accept="image/*"' in page
    assert 'id="id_photo" accept="image/*" capture="environment" required' in page
    assert "js/photo-downscale.js" in page
    refused = client.post(reverse("attendance-checkin"), {"action": "in"}, follow=True)
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    assert not DayRecord.objects.filter(check_in_at__isnull=False).exists()
    upload = _jpeg(Image.new("RGB", (400, 300), GREEN))
    client.post(reverse("attendance-checkin"), {"action": "in", "photo": upload})
    record = DayRecord.objects.get(staff=org["canvasser1"])
    assert record.check_in_photo


def test_r_att_3_check_in_page_photo_is_optional_by_default(client, org):
    client.force_login(org["canvasser1"].user)
    page = client.get(reverse("attendance-checkin")).content.decode()
    assert 'capture="environment">' in page  # no `required`
    client.post(reverse("attendance-checkin"), {"action": "in"})
    assert DayRecord.objects.get(staff=org["canvasser1"]).check_in_at is not None


def _checked_in_with_photo(person):
    return check_in(
        staff=person,
        device_id=f"dev-{person.pk}",
        latitude=Decimal("30.321000"),
        longitude=Decimal("120.141900"),
        photo=_jpeg(Image.new("RGB", (320, 240), GREEN)),
    )


@pytest.mark.parametrize("extra", [0, 6])
def test_r_att_3_leader_sees_the_photo_and_distance_in_fixed_queries(
    client, org, extra, django_assert_max_num_queries
):
    point = point_at("30.320100", "120.141900")
    day = local(NOW).date()
    group = org["groups"][0]
    people = [org["canvasser1"], org["canvasser2"], *(staff_in_group(group) for _ in range(extra))]
    records = []
    for person in people:
        rostered(person, day, point=point)
        records.append(_checked_in_with_photo(person))
    client.force_login(org["leader1"].user)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("attendance-group")).content.decode()
    for record in records:
        assert record.distance_m == 100
        assert reverse("checkin-photo", args=[record.pk]) in page
    assert page.count("checkin-distance") == len(records)
    assert page.count('class="d-inline-block ms-1 align-middle checkin-photo"') == len(records)
    # the distance in metres, in whichever language the page speaks
    assert len(re.findall(r'class="small text-muted checkin-distance">[^<0-9]*100\D', page)) == len(
        records
    )


def test_r_att_3_only_the_leader_and_the_person_get_the_photo(client, org):
    point = point_at()
    rostered(org["canvasser1"], local(NOW).date(), point=point)
    record = _checked_in_with_photo(org["canvasser1"])
    url = reverse("checkin-photo", args=[record.pk])
    for who, status in [
        ("leader1", 200),
        ("canvasser1", 200),
        ("manager", 200),
        ("leader2", 404),
        ("canvasser2", 404),
        ("canvasser3", 404),
    ]:
        client.force_login(org[who].user)
        response = client.get(url)
        assert response.status_code == status, who
        if status == 200:
            assert response["Content-Type"] == "image/jpeg"
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert Image.open(BytesIO(body)).format == "JPEG"

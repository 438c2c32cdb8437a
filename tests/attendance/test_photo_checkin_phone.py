"""Issue 20 (R-ATT-3) on a 360×640 phone: the rules ask for a photo, the camera's large
picture is made smaller on the phone before it is sent, and the stored photo is a stamped
JPEG without EXIF."""

from io import BytesIO

import pytest
from django.utils import timezone
from PIL import ExifTags, Image

from attendance.models import AttendanceSetting, DayRecord
from tests.browser import assert_no_sideways_scroll, phone_login
from tests.clock import wait_until
from tests.factories.attendance import point_at, rostered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _camera_picture(path) -> int:
    """A large, detailed picture as a phone camera makes it (GPS in its EXIF); its size."""
    picture = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize((3200, 2400)),
            Image.effect_noise((3200, 2400), 40),
            Image.radial_gradient("L").resize((3200, 2400)),
        ],
    )
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (30.0, 19.0, 12.0),
    }
    picture.save(path, "JPEG", quality=95, exif=exif)
    return path.stat().st_size


def test_r_att_3_phone_photo_check_in_downscales_and_the_server_stamps(
    live_server, phone, org, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    original = tmp_path / "camera.jpg"
    original_size = _camera_picture(original)
    # The server refuses a photo this large: the check-in succeeds only if the phone sent
    # a smaller one.
    AttendanceSetting.current()
    AttendanceSetting.objects.update(photo_required=True, photo_max_bytes=original_size // 2)
    person = org["canvasser1"]
    rostered(person, timezone.localdate(), point=point_at())
    phone_login(phone, live_server, person)
    phone.goto(f"{live_server.url}/attendance/checkin/")
    photo_input = phone.locator("#id_photo")
    assert photo_input.get_attribute("required") is not None
    assert photo_input.get_attribute("capture") == "environment"
    assert_no_sideways_scroll(phone)

    phone.set_input_files("#id_photo", str(original))
    phone.wait_for_selector("#id_photo[data-downscaled]", state="attached")
    sent_size = phone.evaluate("document.getElementById('id_photo').files[0].size")
    sent_type = phone.evaluate("document.getElementById('id_photo').files[0].type")
    assert sent_type == "image/jpeg"
    assert sent_size < original_size // 2
    phone.click("#check-button")

    record = wait_until(
        lambda: DayRecord.objects.filter(staff=person, check_in_at__isnull=False).first(),
        what="the check-in",
    )
    stored_bytes = record.check_in_photo.open("rb").read()
    record.check_in_photo.close()
    assert len(stored_bytes) < original_size
    stored = Image.open(BytesIO(stored_bytes))
    assert stored.format == "JPEG"
    assert max(stored.size) <= 1600
    assert stored.size[0] > stored.size[1]  # still landscape
    assert len(stored.getexif()) == 0
    assert b"PhoneMaker" not in stored_bytes
    # The stamp band: the bottom rows are darker than the picture just above them.
    width, height = stored.size
    gray = stored.convert("L")
    band = gray.crop((0, height - 20, width, height)).get_flattened_data()
    above = gray.crop((0, height // 2, width, height // 2 + 20)).get_flattened_data()
    assert sum(band) / len(band) < sum(above) / len(above) - 20
    # Back on the page, the person sees their check-in with the photo's link.
    phone.wait_for_selector(f"#checkin-status a[href='/attendance/checkins/{record.pk}/photo/']")
    assert_no_sideways_scroll(phone)

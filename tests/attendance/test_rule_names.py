"""Issue 18 point 5: rules are read by their names (串岗, 扎堆), the code in small type."""

from datetime import date

from django.conf import settings
from django.urls import reverse

from attendance.models import RULE_NAMES, Violation, ViolationRule, rule_title
from attendance.services import inspection_record
from tests.factories import PointFactory
from tests.factories.attendance import at, daily

MON = date(2026, 3, 2)


def _english(client, person):
    client.force_login(person.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_first_use_the_inspection_list_names_cross_posting_and_crowding(client, org):
    a, b = org["canvasser1"], org["canvasser2"]
    daily(a)
    inspection_record(
        actor=org["leader1"], point=PointFactory(), marks={a: "cross"}, at=at(MON, 11)
    )
    inspection_record(
        actor=org["leader1"],
        point=PointFactory(),
        marks={a: "crowd", b: "crowd"},
        at=at(MON, 15),
    )
    page = _english(client, org["leader1"]).get(reverse("inspection-list")).content.decode()
    assert 'Post crossing <small class="text-muted">POST-CROSS</small>' in page
    assert 'Crowding at a point <small class="text-muted">POST-CROWD</small>' in page


def test_first_use_violation_pages_show_the_rule_name_before_its_code(client, org):
    a = org["canvasser1"]
    daily(a)
    inspection_record(
        actor=org["leader1"], point=PointFactory(), marks={a: "cross"}, at=at(MON, 11)
    )
    violation = Violation.objects.get(code="POST-CROSS")
    c = _english(client, org["leader1"])
    listing = c.get(reverse("violation-list")).content.decode()
    detail = c.get(reverse("violation-detail", args=[violation.pk])).content.decode()
    for page in (listing, detail):
        assert 'Post crossing <small class="text-muted">POST-CROSS</small>' in page
    assert "<title>Post crossing" in detail


def test_first_use_the_rulebook_names_every_standard_rule(client, org):
    version = ViolationRule.objects.get(code="POST-CROSS").version
    page = _english(client, org["manager"]).get(reverse("rulebook-detail", args=[version.pk]))
    for code in ViolationRule.objects.filter(version=version).values_list("code", flat=True):
        assert (
            f'{RULE_NAMES[code]} <small class="text-muted">{code}</small>' in page.content.decode()
        )


def test_first_use_a_rule_outside_the_catalog_is_named_by_its_description(org):
    assert rule_title("SMOKING", "吸烟") == "吸烟 (SMOKING)"
    assert rule_title("SMOKING") == "SMOKING"


def test_first_use_the_violation_notification_names_the_rule(org):
    from outreach.models import Notification

    a = org["canvasser1"]
    daily(a)
    inspection_record(
        actor=org["leader1"], point=PointFactory(), marks={a: "cross"}, at=at(MON, 11)
    )
    message = Notification.objects.get(recipient=a.user, kind="attendance.violation").message
    assert message.startswith("A violation was recorded: Post crossing (POST-CROSS), ")

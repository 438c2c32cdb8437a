"""R-PLAN-6: the published review is read on a 360×640 phone: the page never scrolls
sideways; wide tables scroll inside their own box."""

import pytest

from reviews import services
from tests.browser import assert_no_sideways_scroll, phone_login
from tests.clock import runs_at

from .world import NOW, QUARTER, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), runs_at(NOW)]


def test_r_plan_6_the_review_page_fits_a_phone(live_server, phone, org):
    build_world(org)
    manager = org["manager"].user
    review, _ = services.review_draft(quarter=QUARTER, actor=manager)
    services.review_update(
        review=review, actor=manager, analysis="本季度来访转化提升。" * 20, focus="加强电话邀约"
    )
    services.review_publish(review=review, actor=manager)
    phone_login(phone, live_server, org["manager"])
    phone.goto(f"{live_server.url}/reviews/{review.pk}/")
    phone.wait_for_selector(".review-table")
    assert_no_sideways_scroll(phone)
    widest = phone.evaluate(
        "Math.max(...[...document.querySelectorAll('.review-table')].map(e => e.scrollWidth))"
    )
    boxes = phone.evaluate(
        "Math.max(...[...document.querySelectorAll('.review-table')].map(e => e.clientWidth))"
    )
    assert boxes <= 360
    assert widest >= boxes  # a wider table scrolls inside its own box
    assert phone.locator("text=加强电话邀约").count() == 1

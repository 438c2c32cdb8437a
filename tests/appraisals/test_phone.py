"""R-APR-4: the self-assessment form (自评表) is filled on a 360×640 phone screen."""

import pytest

from appraisals import services
from appraisals.models import AppraisalState
from appraisals.rollup import appraisal_rollup
from tests.factories import TEST_PASSWORD, GroupFactory, StaffFactory, staff_in_group

from .helpers import appraisal_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_apr_4_a_canvasser_fills_the_self_assessment_on_a_phone(live_server, phone):
    group = GroupFactory(code="G01")
    staff_in_group(group, leader=True)
    me = staff_in_group(group, user__username="canvasser9")
    manager = StaffFactory(role="manager")
    cycle = appraisal_rollup(label="2026Q3").cycle
    services.appraisal_cycle_advance(actor=manager.user, cycle=cycle)
    appraisal = appraisal_of(cycle, me)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", "canvasser9")
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_selector("nav.navbar")
    phone.goto(f"{live_server.url}/payroll/appraisals/")
    phone.click(f"a[href='/payroll/appraisals/{appraisal.pk}/']")
    phone.fill("textarea[name=summary]", "本季度完成来访目标")
    phone.fill("input[name=self_score]", "82")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("form[action$='/self/'] button")
    phone.wait_for_selector(".alert-success")
    appraisal.refresh_from_db()
    assert appraisal.state == AppraisalState.LEADER
    assert appraisal.self_summary == "本季度完成来访目标"

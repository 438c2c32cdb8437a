"""R-PAY-1…7: a pay policy version is added from its page, through the service."""

from datetime import date

import pytest
from django.urls import reverse

from payroll.forms import PayPolicyForm
from payroll.models import PayPolicy

pytestmark = pytest.mark.django_db


def _defaults(**changes) -> dict:
    form = PayPolicyForm()
    data = {name: form[name].value() for name in form.fields}
    return {**{k: v for k, v in data.items() if v is not None}, **changes}


def test_r_pay_1_the_manager_adds_a_pay_policy_version_from_its_page(client, org):
    client.force_login(org["manager"].user)
    response = client.post(reverse("pay-policy-new"), _defaults(effective_from="2027-01-01"))
    assert response.status_code == 302
    assert PayPolicy.objects.filter(effective_from=date(2027, 1, 1)).exists()


def test_r_pay_1_a_canvasser_cannot_add_a_pay_policy_version(client, org):
    client.force_login(org["canvasser1"].user)
    response = client.post(reverse("pay-policy-new"), _defaults(effective_from="2027-01-01"))
    assert response.status_code == 403
    assert not PayPolicy.objects.filter(effective_from=date(2027, 1, 1)).exists()

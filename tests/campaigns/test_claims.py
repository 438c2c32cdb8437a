"""R-PLAN-2: expense claims with receipt photos, approval, and the payroll selector."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from campaigns.models import ClaimStatus, ExpenseClaim, Receipt, TripPlan, TripStatus
from campaigns.selectors import approved_claims_for_month
from outreach.dates import today
from outreach.models import ClosedPayMonth
from tests.factories.campaigns import ExpenseClaimFactory, image_upload

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _submit(org, who="canvasser1", receipts=None, **kwargs):
    return services.expense_claim_submit(
        actor=org[who].user,
        category=kwargs.pop("category", "transport"),
        amount=kwargs.pop("amount", Decimal("36.50")),
        spent_on=kwargs.pop("spent_on", today()),
        description=kwargs.pop("description", "打车去客户公司"),
        receipts=[image_upload()] if receipts is None else receipts,
        **kwargs,
    )


def test_r_plan_2_a_claim_keeps_its_receipt_photos(org):
    claim = _submit(org, receipts=[image_upload("a.png"), image_upload("b.jpg", fmt="JPEG")])
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.amount == Decimal("36.50")
    assert claim.receipts.count() == 2


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("fake.jpg", b"not an image at all", "image/jpeg"), "not an image"),
        (SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1)), "larger"),
    ],
)
def test_r_plan_2_a_bad_receipt_is_refused_and_nothing_is_saved(org, upload, message):
    with pytest.raises(ValidationError, match=message):
        _submit(org, receipts=[image_upload(), upload])
    assert not ExpenseClaim.objects.exists()
    assert not Receipt.objects.exists()


def test_r_plan_2_a_claim_needs_a_receipt(org):
    with pytest.raises(ValidationError):
        _submit(org, receipts=[])


def test_r_plan_2_the_leader_approves_and_nobody_approves_their_own(org):
    claim = _submit(org)
    with pytest.raises(ValidationError, match="own"):
        services.expense_claim_decide(actor=org["canvasser1"].user, claim=claim, approve=True)
    with pytest.raises(PermissionDenied):
        services.expense_claim_decide(actor=org["leader2"].user, claim=claim, approve=True)
    with pytest.raises(PermissionDenied):
        services.expense_claim_decide(actor=org["hr"].user, claim=claim, approve=True)
    claim = services.expense_claim_decide(actor=org["leader1"].user, claim=claim, approve=True)
    assert claim.status == ClaimStatus.APPROVED
    assert claim.decided_at is not None
    with pytest.raises(ValidationError, match="already"):
        services.expense_claim_decide(
            actor=org["manager"].user, claim=claim, approve=False, comment="重复"
        )


def test_r_plan_2_a_leader_cannot_approve_their_own_claim_but_a_manager_can(org):
    claim = _submit(org, who="leader1")
    with pytest.raises(ValidationError, match="own"):
        services.expense_claim_decide(actor=org["leader1"].user, claim=claim, approve=True)
    services.expense_claim_decide(actor=org["manager"].user, claim=claim, approve=True)


def test_r_plan_2_rejecting_needs_a_comment(org):
    claim = _submit(org)
    with pytest.raises(ValidationError):
        services.expense_claim_decide(actor=org["leader1"].user, claim=claim, approve=False)
    claim = services.expense_claim_decide(
        actor=org["leader1"].user, claim=claim, approve=False, comment="无发票"
    )
    assert claim.status == ClaimStatus.REJECTED


def test_r_plan_2_a_claim_belongs_to_an_approved_trip_of_ones_own(org):
    trip = TripPlan.objects.create(
        staff=org["canvasser2"],
        day=today(),
        start_time=time(9),
        end_time=time(10),
        place="x",
        client="y",
        purpose="z",
        status=TripStatus.APPROVED,
        decided_at=datetime(2026, 1, 1, tzinfo=SHANGHAI),
    )
    with pytest.raises(ValidationError):
        _submit(org, trip_plan=trip)
    assert _submit(org, who="canvasser2", trip_plan=trip).trip_plan == trip


def test_r_pay_calc_approved_claims_belong_to_the_shanghai_month_of_approval(org):
    def approved(at, amount):
        return ExpenseClaimFactory(
            staff=org["canvasser1"],
            amount=Decimal(amount),
            status=ClaimStatus.APPROVED,
            decided_at=at,
        )

    # 2026-11-30 23:30 in Shanghai is 15:30 UTC: November, though UTC says the same day.
    november = approved(datetime(2026, 11, 30, 23, 30, tzinfo=SHANGHAI), "10.00")
    # 2026-12-01 00:10 in Shanghai is still 2026-11-30 in UTC: December.
    december = approved(datetime(2026, 12, 1, 0, 10, tzinfo=SHANGHAI), "20.00")
    ExpenseClaimFactory(staff=org["canvasser1"], status=ClaimStatus.SUBMITTED)
    ExpenseClaimFactory(
        staff=org["canvasser1"],
        status=ClaimStatus.REJECTED,
        decided_at=datetime(2026, 11, 15, tzinfo=SHANGHAI),
    )
    rows = approved_claims_for_month(date(2026, 11, 5))
    assert rows == [(november.pk, org["canvasser1"].pk, Decimal("10.00"))]
    assert approved_claims_for_month(date(2026, 12, 1)) == [
        (december.pk, org["canvasser1"].pk, Decimal("20.00"))
    ]


def test_r_plan_2_no_approval_into_a_closed_pay_month(org):
    claim = _submit(org)
    ClosedPayMonth.objects.create(month=today().replace(day=1))
    with pytest.raises(ValidationError, match="closed"):
        services.expense_claim_decide(actor=org["leader1"].user, claim=claim, approve=True)


def test_r_role_1_claims_are_seen_by_owner_leader_managers_and_hr(client, org):
    claim = _submit(org)
    url = reverse("claim-detail", args=[claim.pk])
    for who, status in [
        ("canvasser1", 200),
        ("leader1", 200),
        ("manager", 200),
        ("hr", 200),
        ("canvasser2", 404),
        ("leader2", 404),
    ]:
        client.force_login(org[who].user)
        assert client.get(url).status_code == status, who
    for who in ("admin", "salesmgr", "consultant1"):
        client.force_login(org[who].user)
        assert client.get(reverse("claim-list")).status_code == 403, who


def test_r_plan_2_claim_page_uploads_and_refuses_a_non_image(client, org):
    client.force_login(org["canvasser1"].user)
    data = {
        "category": "meals",
        "amount": "25.00",
        "spent_on": (today() - timedelta(days=1)).isoformat(),
        "description": "午餐",
    }
    bad = SimpleUploadedFile("x.png", b"plain text", "image/png")
    response = client.post(reverse("claim-new"), {**data, "receipts": [bad]})
    assert response.status_code == 200
    assert not ExpenseClaim.objects.exists()
    response = client.post(reverse("claim-new"), {**data, "receipts": [image_upload()]})
    assert response.status_code == 302
    claim = ExpenseClaim.objects.get()
    client.force_login(org["leader1"].user)
    client.post(reverse("claim-decide", args=[claim.pk]), {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


@pytest.mark.parametrize("count", [2, 20])
def test_claim_list_has_a_fixed_number_of_queries(
    client, org, count, django_assert_max_num_queries
):
    for _ in range(count):
        ExpenseClaimFactory(staff=org["canvasser1"])
    client.force_login(org["leader1"].user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("claim-list")).status_code == 200

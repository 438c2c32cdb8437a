"""R-PLAN-3 market intelligence; R-PLAN-4 the library and materials handed out."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from campaigns import services
from campaigns.models import MaterialHandout, NoteKind
from campaigns.selectors import handouts_for
from tests.factories.campaigns import CampaignFactory, LibraryItemFactory

pytestmark = pytest.mark.django_db


def _note(org, **fields):
    defaults = {"observed_on": date(2026, 11, 20), "kind": NoteKind.COMPETITOR}
    return services.market_note_create(actor=org["canvasser1"].user, **{**defaults, **fields})


def test_r_plan_3_market_notes_are_searchable_and_linked_to_campaigns(client, org):
    campaign = CampaignFactory(owner=org["leader1"])
    _note(org, competitor="绿城桂语", offer="送车位", price="32000", campaigns=[campaign])
    _note(org, kind=NoteKind.TREND, content="刚需关注学区")
    client.force_login(org["leader2"].user)
    body = client.get(reverse("market-list"), {"q": "车位"}).content.decode()
    assert "绿城桂语" in body
    assert "学区" not in body
    body = client.get(reverse("market-list"), {"q": "学区"}).content.decode()
    assert "绿城桂语" not in body
    client.force_login(org["manager"].user)
    assert "绿城桂语" in client.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()


def test_r_plan_3_screening_criteria_are_listed(client, org):
    services.screening_criterion_save(
        actor=org["manager"].user,
        title="团购目标",
        company_size="200 人以上",
        industry_standing="行业前十",
        spending_power="年收入 15 万以上",
    )
    client.force_login(org["canvasser1"].user)
    assert "行业前十" in client.get(reverse("market-list")).content.decode()


def test_r_role_1_market_and_library_are_not_for_hr_or_admin(client, org):
    for who in ("hr", "admin"):
        client.force_login(org[who].user)
        assert client.get(reverse("market-list")).status_code == 403
        assert client.get(reverse("library-list")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.library_item_save(actor=org["canvasser1"].user, kind="brochure", title="x")


def test_r_plan_4_the_library_is_readable_by_the_field(client, org):
    item = LibraryItemFactory(title="统一说辞", body="您好，打扰一下！")
    LibraryItemFactory(title="旧说辞", is_active=False)
    for who in ("canvasser1", "consultant1"):
        client.force_login(org[who].user)
        body = client.get(reverse("library-list")).content.decode()
        assert "统一说辞" in body
        assert "旧说辞" not in body
        assert "打扰一下" in client.get(reverse("library-detail", args=[item.pk])).content.decode()


def test_r_plan_4_materials_received_used_returned_per_person_per_day(org):
    day = date(2026, 11, 20)
    services.material_handout_record(
        actor=org["canvasser1"].user,
        staff=org["canvasser1"],
        day=day,
        material="单页",
        received=200,
        used=150,
        returned=50,
    )
    with pytest.raises(ValidationError):
        services.material_handout_record(
            actor=org["canvasser1"].user,
            staff=org["canvasser1"],
            day=day,
            material="单页",
            received=200,
            used=180,
            returned=50,
        )
    with pytest.raises(PermissionDenied):
        services.material_handout_record(
            actor=org["canvasser2"].user,
            staff=org["canvasser1"],
            day=day,
            material="礼品",
            received=1,
            used=1,
            returned=0,
        )
    # The leader corrects the same day's record: one row, updated.
    services.material_handout_record(
        actor=org["leader1"].user,
        staff=org["canvasser1"],
        day=day,
        material="单页",
        received=200,
        used=160,
        returned=40,
    )
    rows = list(handouts_for(org["canvasser1"], day))
    assert [(r.received, r.used, r.returned) for r in rows] == [(200, 160, 40)]


def test_r_plan_4_the_database_keeps_used_plus_returned_within_received(org):
    handout = MaterialHandout.objects.create(
        staff=org["canvasser1"],
        day=date(2026, 11, 20),
        material="单页",
        received=10,
        used=5,
        returned=5,
        recorded_by=org["canvasser1"],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialHandout.objects.filter(pk=handout.pk).update(used=6)

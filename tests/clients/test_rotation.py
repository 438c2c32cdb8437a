"""R-LEAD-4, R-LEAD-5: the rotation (轮排) semantics, confirmation and its freeze."""

import pytest
from django.core.exceptions import ValidationError

from clients.models import ConsultantState, RotationLog, RotationMember, Visit, VisitState
from clients.services.leads import lead_mark_invalid
from clients.services.visits import (
    lead_assign_consultant,
    rotation_day_setup,
    rotation_next,
    rotation_set_state,
    visit_confirm,
    visit_end_reception,
    visit_register,
    visit_update_note,
)
from outreach.models import Role
from tests.factories import StaffFactory
from tests.factories.clients import at, register

pytestmark = pytest.mark.django_db
DAY = at(2026, 3, 2).date()


@pytest.fixture
def desk(org):
    a, b, c, d = (StaffFactory(role=Role.CONSULTANT, name=n) for n in "ABCD")
    rotation_day_setup(actor=None, day=DAY, consultants=[a, b, c, d])
    leads = [register(org["canvasser1"], f"1330000000{i}", now=at(2026, 3, 1)) for i in range(8)]
    return {"a": a, "b": b, "c": c, "d": d, "leads": leads, "org": org}


def order():
    return [
        m.consultant.name
        for m in RotationMember.objects.filter(day=DAY, sat_out=False)
        .select_related("consultant")
        .order_by("position")
    ]


def member(staff):
    return RotationMember.objects.get(day=DAY, consultant=staff)


def arrive(desk, i, minute=0, **kwargs):
    return visit_register(
        actor=None, phone=desk["leads"][i].phone, now=at(2026, 3, 2, 10, minute), **kwargs
    )


def test_r_lead_4_head_takes_the_visitor_and_moves_to_the_end(desk):
    visit = arrive(desk, 0)
    assert visit.consultant == desk["a"]
    assert visit.state == VisitState.RECEIVING
    assert order() == ["B", "C", "D", "A"]
    assert member(desk["a"]).state == ConsultantState.BUSY
    assert RotationLog.objects.filter(kind="handout", consultant=desk["a"]).count() == 1


def test_r_lead_4_absent_head_sits_out_for_the_day(desk):
    rotation_set_state(actor=None, member_id=member(desk["a"]).pk, state=ConsultantState.ABSENT)
    visit = arrive(desk, 0)
    assert visit.consultant == desk["b"]
    assert order() == ["C", "D", "B"]
    assert RotationLog.objects.filter(kind="skip", consultant=desk["a"]).exists()


def test_r_lead_4_busy_head_keeps_place_and_last_free_helps_uncharged(desk):
    rotation_set_state(actor=None, member_id=member(desk["a"]).pk, state=ConsultantState.LUNCH)
    visit = arrive(desk, 0)
    assert visit.consultant == desk["d"]  # the end of the queue helps (补接)
    assert order() == ["A", "B", "C", "D"]  # nobody moved, no turn charged
    log = RotationLog.objects.get(kind="fill_in")
    assert log.consultant == desk["d"]
    assert "A" in log.reason
    # The next helper counts back from the end past the busy helper.
    assert arrive(desk, 1, 1).consultant == desk["c"]


def test_r_lead_4_head_with_a_stated_reason_is_treated_as_busy(desk):
    visit = arrive(desk, 0, head_reason="约了老客户")
    assert visit.consultant == desk["d"]
    assert order() == ["A", "B", "C", "D"]
    assert "约了老客户" in RotationLog.objects.get(kind="fill_in").reason


def test_r_lead_4_a_consultant_free_again_helps_from_the_end(desk):
    visit = arrive(desk, 0)  # A takes it
    visit_end_reception(actor=None, visit_id=visit.pk, now=at(2026, 3, 2, 10, 30))
    rotation_set_state(actor=None, member_id=member(desk["b"]).pk, state=ConsultantState.OUT)
    waiting = arrive(desk, 1, 31)
    assert waiting.consultant == desk["a"]  # B out: the end (A, free again) helps
    assert order() == ["B", "C", "D", "A"]


def test_r_lead_4_waiting_visitors_go_to_whoever_becomes_free(desk):
    rotation_set_state(actor=None, member_id=member(desk["a"]).pk, state=ConsultantState.LUNCH)
    rotation_set_state(actor=None, member_id=member(desk["b"]).pk, state=ConsultantState.LUNCH)
    rotation_set_state(actor=None, member_id=member(desk["c"]).pk, state=ConsultantState.LUNCH)
    rotation_set_state(actor=None, member_id=member(desk["d"]).pk, state=ConsultantState.LUNCH)
    visit = arrive(desk, 0)
    assert visit.state == VisitState.WAITING
    assert visit.consultant is None
    rotation_set_state(actor=None, member_id=member(desk["a"]).pk, state=ConsultantState.ON_DUTY)
    visit.refresh_from_db()
    assert visit.consultant == desk["a"]
    other = arrive(desk, 1, 5)
    assert other.state == VisitState.WAITING
    rotation_set_state(actor=None, member_id=member(desk["c"]).pk, state=ConsultantState.ON_DUTY)
    with pytest.raises(ValidationError):
        rotation_next(actor=None, visit_id=visit.pk)
    other.refresh_from_db()
    assert other.consultant == desk["c"]


def test_r_lead_4_nobody_free_visitor_waits_for_the_first_to_become_free(desk):
    visits = [arrive(desk, i, i) for i in range(4)]
    assert [v.consultant.name for v in visits] == ["A", "B", "C", "D"]
    waiting = arrive(desk, 4, 10)
    assert waiting.state == VisitState.WAITING
    assert RotationLog.objects.filter(kind="wait", visit=waiting).exists()
    visit_end_reception(actor=None, visit_id=visits[2].pk, now=at(2026, 3, 2, 11))
    waiting.refresh_from_db()
    assert waiting.consultant == desk["c"]


def test_r_lead_4_consultant_back_from_sitting_out_joins_at_the_end(desk):
    rotation_set_state(actor=None, member_id=member(desk["a"]).pk, state=ConsultantState.LEAVE)
    arrive(desk, 0)  # A sits out, B takes it
    assert order() == ["C", "D", "B"]
    rotation_set_state(actor=None, member_id=member(desk["a"]).pk, state=ConsultantState.ON_DUTY)
    assert order() == ["C", "D", "B", "A"]
    assert RotationLog.objects.filter(kind="join", consultant=desk["a"]).count() == 2


def test_r_lead_4_only_the_receiving_consultant_confirms_and_then_it_is_frozen(desk):
    visit = arrive(desk, 0)
    with pytest.raises(ValidationError, match="Only the consultant"):
        visit_confirm(actor=desk["b"].user, visit_id=visit.pk, now=at(2026, 3, 2, 11))
    visit_update_note(visit_id=visit.pk, note="带家人")
    confirmed = visit_confirm(actor=desk["a"].user, visit_id=visit.pk, now=at(2026, 3, 2, 11))
    assert confirmed.confirmed_at == at(2026, 3, 2, 11)
    assert confirmed.credited_staff == desk["org"]["canvasser1"]
    with pytest.raises(ValidationError, match="cannot be edited"):
        visit_update_note(visit_id=visit.pk, note="x")
    with pytest.raises(ValidationError, match="already confirmed"):
        visit_confirm(actor=desk["a"].user, visit_id=visit.pk, now=at(2026, 3, 2, 12))
    lead = confirmed.lead
    lead.refresh_from_db()
    assert lead.consultant == desk["a"]


def test_r_lead_4_unknown_number_at_the_desk_is_refused(desk):
    with pytest.raises(ValidationError, match="register the lead first"):
        visit_register(actor=None, phone="13999999999", now=at(2026, 3, 2, 10))
    assert Visit.objects.count() == 0


def test_r_lead_4_a_visit_to_an_invalid_lead_cannot_be_confirmed(desk):
    visit = arrive(desk, 0)
    lead_mark_invalid(actor=None, lead_id=visit.lead_id, reason="同行")
    with pytest.raises(ValidationError):
        visit_confirm(actor=desk["a"].user, visit_id=visit.pk, now=at(2026, 3, 2, 11))


def test_r_lead_5_phone_lead_assigned_to_a_consultant(desk):
    lead = desk["leads"][0]
    lead_assign_consultant(actor=None, lead_id=lead.pk, consultant=desk["b"])
    lead.refresh_from_db()
    assert lead.consultant == desk["b"]
    with pytest.raises(ValidationError):
        lead_assign_consultant(actor=None, lead_id=lead.pk, consultant=desk["org"]["canvasser2"])

"""R-ROLE-5: dated group membership and leadership."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from outreach import services
from outreach.selectors import group_members, group_of, leader_of
from tests.factories import GroupFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_r_role_5_group_and_leader_on_a_past_day():
    g1, g2 = GroupFactory(code="G01"), GroupFactory(code="G02")
    person, lead1, lead2 = StaffFactory(), StaffFactory(), StaffFactory()
    services.membership_assign(staff=lead1, group=g1, valid_from=date(2025, 1, 1), is_leader=True)
    services.membership_assign(staff=lead2, group=g2, valid_from=date(2025, 1, 1), is_leader=True)
    services.membership_assign(staff=person, group=g1, valid_from=date(2025, 3, 1))
    services.membership_assign(staff=person, group=g2, valid_from=date(2025, 6, 1))

    assert group_of(person, date(2025, 2, 28)) is None
    assert group_of(person, date(2025, 5, 31)) == g1
    assert group_of(person, date(2025, 6, 1)) == g2
    assert leader_of(group_of(person, date(2025, 4, 1)), date(2025, 4, 1)) == lead1
    assert leader_of(group_of(person, date(2025, 7, 1)), date(2025, 7, 1)) == lead2


def test_r_role_5_a_leader_is_a_member_of_the_group_they_lead():
    group = GroupFactory()
    lead = StaffFactory()
    services.membership_assign(staff=lead, group=group, valid_from=date(2025, 1, 1), is_leader=True)
    assert lead in group_members(group, date(2025, 1, 2))
    assert group_of(lead, date(2025, 1, 2)) == group


def test_r_role_5_one_leader_per_group_and_day():
    group = GroupFactory()
    services.membership_assign(
        staff=StaffFactory(name="张伟"), group=group, valid_from=date(2025, 1, 1), is_leader=True
    )
    with pytest.raises(ValidationError, match="张伟"):
        services.membership_assign(
            staff=StaffFactory(), group=group, valid_from=date(2025, 2, 1), is_leader=True
        )


def test_r_role_5_leadership_can_pass_after_the_old_one_ends():
    group = GroupFactory()
    old, new = StaffFactory(), StaffFactory()
    first = services.membership_assign(
        staff=old, group=group, valid_from=date(2025, 1, 1), is_leader=True
    )
    services.membership_end(membership=first, valid_to=date(2025, 1, 31))
    services.membership_assign(staff=new, group=group, valid_from=date(2025, 2, 1), is_leader=True)
    assert leader_of(group, date(2025, 1, 31)) == old
    assert leader_of(group, date(2025, 2, 1)) == new


def test_r_role_5_group_code_must_be_ascii():
    with pytest.raises(ValidationError):
        services.group_create(code="一组", name="一组")

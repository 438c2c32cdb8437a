"""factory_boy factories shared by every app's tests."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from outreach import services
from outreach.models import Group, GroupMembership, Point, Role, Staff, WageKind, WageScheme

TEST_PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(TEST_PASSWORD)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    employee_no = factory.Sequence(lambda n: f"E{n + 1:04d}")
    name = factory.Sequence(lambda n: f"员工{n}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    role = Role.CANVASSER
    hire_date = date(2025, 1, 1)

    @factory.post_generation
    def with_role(obj, create, extracted, **kwargs):
        if create:
            services.role_sync(obj.user, obj.role)


class WageSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WageScheme

    staff = factory.SubFactory(StaffFactory)
    kind = WageKind.DAILY
    amount = Decimal("60.00")
    effective_from = date(2025, 1, 1)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"G{n + 1:02d}")
    name = factory.Sequence(lambda n: f"拓客{n + 1}组")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    staff = factory.SubFactory(StaffFactory)
    group = factory.SubFactory(GroupFactory)
    valid_from = date(2025, 1, 1)


class PointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Point

    name = factory.Sequence(lambda n: f"点位{n}")


def staff_in_group(group: Group, *, role: str = Role.CANVASSER, leader: bool = False, **kwargs):
    """A person who belongs to `group` since 2025-01-01 (as its leader if asked)."""
    staff = StaffFactory(role=Role.LEADER if leader else role, **kwargs)
    MembershipFactory(staff=staff, group=group, is_leader=leader)
    return staff

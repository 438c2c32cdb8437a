"""A realistic small organisation for trying the app out (`manage.py seed_demo`).

Deterministic: the same scale always produces the same people, so running the seeder
twice changes nothing. Later issues add their own demo facts through `DEMO_EXTENSIONS`.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction

from . import services
from .dates import today
from .models import Group, GroupMembership, Point, Role, Staff, WageKind, WorkCity

DEMO_PASSWORD = "demo12345"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁"
    "谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国志红云飞宇浩然欣怡子涵梓轩雨晨"
)
POINTS = [
    ("万达广场东门", "杭州市拱墅区万达广场东门", Decimal("30.320100"), Decimal("120.141900")),
    ("西湖文化广场", "杭州市下城区西湖文化广场", Decimal("30.276500"), Decimal("120.165300")),
    ("城西银泰", "杭州市拱墅区丰潭路380号", Decimal("30.293100"), Decimal("120.113800")),
    ("滨江宝龙城", "杭州市滨江区滨盛路3867号", None, None),
]

# Callables (scale, stdout) that later apps register to add their demo facts.
DEMO_EXTENSIONS: list[Callable[[int, object], None]] = []


class DemoConflict(Exception):
    """The database already holds data that contradicts the demo organisation."""


@dataclass(frozen=True)
class Person:
    username: str
    role: str
    wage: services.WageInput | None
    group_code: str | None = None
    is_leader: bool = False


def demo_people(scale: int) -> list[Person]:
    daily = services.WageInput(kind=WageKind.DAILY, amount=Decimal("60.00"))
    leader_base = services.WageInput(kind=WageKind.MONTHLY, amount=Decimal("2800.00"))
    people = [
        Person("manager", Role.MANAGER, None),
        Person("salesmgr", Role.SALES_MANAGER, None),
        Person("hr", Role.HR, None),
        Person("admin", Role.ADMIN, None),
    ]
    for g in range(1, 3 * scale + 1):
        code = f"G{g:02d}"
        people.append(Person(f"leader{g}", Role.LEADER, leader_base, code, True))
        people.extend(
            Person(f"canvasser{(g - 1) * 6 + i}", Role.CANVASSER, daily, code) for i in range(1, 7)
        )
    people.extend(Person(f"consultant{c}", Role.CONSULTANT, None) for c in range(1, 4 * scale + 1))
    return people


def chinese_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def mobile_number(rng: random.Random) -> str:
    return rng.choice(["138", "139", "150", "151", "186", "187", "135", "177"]) + "".join(
        str(rng.randrange(10)) for _ in range(8)
    )


def _check_existing(person: Person, staff_by_username: dict[str, Staff]) -> bool:
    """True when the person already exists as planned; raise when they conflict."""
    User = get_user_model()
    user = User.objects.filter(username=person.username).first()
    if user is None:
        return False
    staff = staff_by_username.get(person.username)
    if staff is None:
        raise DemoConflict(f"user '{person.username}' exists but has no staff record")
    if staff.role != person.role:
        raise DemoConflict(
            f"user '{person.username}' exists with role '{staff.role}', the demo needs "
            f"'{person.role}'"
        )
    return True


@transaction.atomic
def seed_demo(*, scale: int = 1, stdout=None) -> dict[str, int]:
    """Create the demo organisation; return how many people and groups were added.

    The anchor is the team's today, `outreach.dates.today()` (`timezone.localdate()`,
    Asia/Shanghai): hire dates here and every extension's facts (this month's attendance,
    last month's payroll, last quarter's appraisals, training on its year's plan) are
    placed relative to that local day, and a day is always a local one, never the UTC
    date of an instant. The rows go through the services, which stamp the real time and
    keep their rules: the demo only creates what they accept on the anchor day, so it
    works on any day of the year (1 January, the first days of a quarter, 29 February).
    Tests move the clock with time-machine (`tests/clock.py` `runs_at`), see
    tests/outreach/test_seed_demo_any_day.py; by hand, run it under `faketime`.
    """
    rng = random.Random(20261122)  # demo names, not secrets
    hangzhou, _ = WorkCity.objects.get_or_create(name="杭州")
    for name, address, lat, lng in POINTS:
        Point.objects.get_or_create(
            name=name,
            defaults={"address": address, "city": hangzhou, "latitude": lat, "longitude": lng},
        )
    hire_day = today() - timedelta(days=400)
    password_hash = make_password(DEMO_PASSWORD)  # hashed once, reused for every user
    staff_by_username = {s.user.username: s for s in Staff.objects.select_related("user").all()}
    added_people = added_groups = 0
    for person in demo_people(scale):
        name, phone = chinese_name(rng), mobile_number(rng)
        if _check_existing(person, staff_by_username):
            continue
        try:
            staff = services.staff_create(
                username=person.username,
                password="",
                password_hash=password_hash,
                name=name,
                phone=phone,
                role=person.role,
                hire_date=hire_day,
                wage=person.wage,
                work_city=hangzhou,
            )
        except ValidationError as error:
            raise DemoConflict(f"cannot create '{person.username}': {error.messages}") from error
        added_people += 1
        if person.group_code:
            group, created = Group.objects.get_or_create(
                code=person.group_code, defaults={"name": f"拓客{person.group_code[1:]}组"}
            )
            added_groups += created
            if not GroupMembership.objects.filter(staff=staff).exists():
                services.membership_assign(
                    staff=staff, group=group, valid_from=hire_day, is_leader=person.is_leader
                )
    for extend in DEMO_EXTENSIONS:
        extend(scale, stdout)
    return {"people": added_people, "groups": added_groups}

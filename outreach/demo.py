"""A realistic small organisation for trying the app out (`manage.py seed_demo`).

Three groups with their leaders, 24 canvassers (six from a 派单公司 agency, three of them
temporaries), consultants, HR, a manager, a sales manager and an admin; Chinese names,
Hangzhou addresses and mobile numbers from Faker's zh_CN with a fixed seed, so the demo
is the same on every run for a given anchor day and a second run changes nothing. The
apps add their facts, from the first day of the month before last (`demo_window_start`)
to today, through `DEMO_EXTENSIONS`. README's "Demo logins" lists every login.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from faker import Faker

from . import services
from .dates import month_start, today
from .models import (
    Agency,
    EmploymentType,
    Group,
    GroupMembership,
    Point,
    Role,
    Staff,
    WageKind,
    WorkCity,
)

DEMO_PASSWORD = "demo12345"
SEED = 20261122  # one seed: the same demo on every run for a given anchor day
POINTS = [
    ("万达广场东门", "杭州市拱墅区万达广场东门", Decimal("30.320100"), Decimal("120.141900")),
    ("西湖文化广场", "杭州市下城区西湖文化广场", Decimal("30.276500"), Decimal("120.165300")),
    ("城西银泰", "杭州市拱墅区丰潭路380号", Decimal("30.293100"), Decimal("120.113800")),
    ("滨江宝龙城", "杭州市滨江区滨盛路3867号", None, None),
]
DISTRICTS = ["上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区"]
AGENCY = "杭州速达派单服务有限公司"
AGENCY_PER_GROUP = 2  # agency canvassers per group, after the six in-house ones
TEMPORARY_PER_GROUP = 1  # of them, added for this season's key sales dates

# Callables (scale, stdout) that later apps register to add their demo facts.
DEMO_EXTENSIONS: list[Callable[[int, object], None]] = []


class DemoConflict(Exception):
    """The database already holds data that contradicts the demo organisation."""


def demo_faker(salt: int = 0) -> Faker:
    """Chinese names, phones and addresses (Faker's zh_CN), seeded: every demo module
    takes its own salt, so adding facts to one never changes another's names."""
    fake = Faker("zh_CN")
    fake.seed_instance(SEED + salt)
    return fake


def demo_address(fake: Faker) -> str:
    """An address in the demo's city (Faker alone would scatter them over China)."""
    return f"杭州市{fake.random_element(DISTRICTS)}{fake.street_name()}{fake.random_int(1, 999)}号"


def demo_window_start():
    """The demo's facts run from the first day of the month before last to today."""
    last_month = month_start(month_start(today()) - timedelta(days=1))
    return month_start(last_month - timedelta(days=1))


def demo_backdate(model: type[models.Model], pk: int, **fields) -> None:
    """The one place the demo moves a stamp the services set to "now" (created_at and
    the like) back to the historical instant of the fact it tells; for services that
    take no `now`. Never later than now."""
    model._default_manager.filter(pk=pk).update(**fields)


@dataclass(frozen=True)
class Person:
    username: str
    role: str
    wage: services.WageInput | None
    group_code: str | None = None
    is_leader: bool = False
    agency: bool = False
    temporary: bool = False


def demo_people(scale: int) -> list[Person]:
    """Manager, sales manager, HR and admin; per group a leader, six in-house canvassers
    and two from the agency (one of them a temporary), numbered after all in-house ones
    so canvasser1…6 stay group G01's; four consultants per scale."""
    daily = services.WageInput(kind=WageKind.DAILY, amount=Decimal("60.00"))
    agency_daily = services.WageInput(kind=WageKind.DAILY, amount=Decimal("55.00"))
    leader_base = services.WageInput(kind=WageKind.MONTHLY, amount=Decimal("2800.00"))
    people = [
        Person("manager", Role.MANAGER, None),
        Person("salesmgr", Role.SALES_MANAGER, None),
        Person("hr", Role.HR, None),
        Person("admin", Role.ADMIN, None),
    ]
    groups = 3 * scale
    for g in range(1, groups + 1):
        code = f"G{g:02d}"
        people.append(Person(f"leader{g}", Role.LEADER, leader_base, code, True))
        people.extend(
            Person(f"canvasser{(g - 1) * 6 + i}", Role.CANVASSER, daily, code) for i in range(1, 7)
        )
    for g in range(1, groups + 1):
        people.extend(
            Person(
                f"canvasser{6 * groups + (g - 1) * AGENCY_PER_GROUP + i}",
                Role.CANVASSER,
                agency_daily,
                f"G{g:02d}",
                agency=True,
                temporary=i > AGENCY_PER_GROUP - TEMPORARY_PER_GROUP,
            )
            for i in range(1, AGENCY_PER_GROUP + 1)
        )
    people.extend(Person(f"consultant{c}", Role.CONSULTANT, None) for c in range(1, 4 * scale + 1))
    return people


def demo_names(fake: Faker, count: int) -> list[tuple[str, str]]:
    """`count` distinct (Chinese name, mobile number) pairs."""
    names, phones, pairs = set(), set(), []
    while len(pairs) < count:
        name, phone = fake.name(), fake.phone_number()
        if name in names or phone in phones:
            continue
        names.add(name)
        phones.add(phone)
        pairs.append((name, phone))
    return pairs


def _agency(hire_day) -> Agency:
    fake = demo_faker(salt=1)
    agency, _created = Agency.objects.get_or_create(
        name=AGENCY,
        defaults={
            "contact_person": fake.name(),
            "contact_phone": fake.phone_number(),
            "contract_start": hire_day,
            "contract_end": hire_day + timedelta(days=730),
            "terms": "按人天结算，旺季可临时增派人员；人员须穿统一工服、按排班到点。",
            "evaluation_score": 4,
            "evaluation": "人员到岗及时，临时增派响应快；个别新人话术需加强。",
        },
    )
    return agency


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
    hangzhou, _ = WorkCity.objects.get_or_create(name="杭州")
    for name, address, lat, lng in POINTS:
        Point.objects.get_or_create(
            name=name,
            defaults={"address": address, "city": hangzhou, "latitude": lat, "longitude": lng},
        )
    hire_day = today() - timedelta(days=400)
    # Temporaries came for this season: from the first day of the month before last,
    # so they are on both past months' payslips and this month's roster.
    temp_day = demo_window_start()
    password_hash = make_password(DEMO_PASSWORD)  # hashed once, reused for every user
    staff_by_username = {s.user.username: s for s in Staff.objects.select_related("user").all()}
    people = demo_people(scale)
    agency = _agency(hire_day) if any(p.agency for p in people) else None
    added_people = added_groups = 0
    for person, (name, phone) in zip(people, demo_names(demo_faker(), len(people)), strict=True):
        if _check_existing(person, staff_by_username):
            continue
        hired = temp_day if person.temporary else hire_day
        try:
            staff = services.staff_create(
                username=person.username,
                password="",
                password_hash=password_hash,
                name=name,
                phone=phone,
                role=person.role,
                hire_date=hired,
                wage=person.wage,
                work_city=hangzhou,
                employment_type=EmploymentType.AGENCY if person.agency else EmploymentType.IN_HOUSE,
                agency=agency if person.agency else None,
                is_temporary=person.temporary,
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
                    staff=staff, group=group, valid_from=hired, is_leader=person.is_leader
                )
    for extend in DEMO_EXTENSIONS:
        extend(scale, stdout)
    return {"people": added_people, "groups": added_groups}

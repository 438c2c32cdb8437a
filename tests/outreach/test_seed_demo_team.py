"""Issue 18 §12: the demo is a believable team with something on every page.

seed_demo runs once for the module (rolled back at the end) on a fixed instant, mid
month; the tests read what it built: the team, the agency, business cooperations at
every stage, two locked past payroll runs, this month's training, inspections with every
kind of mark, and facts on the two past months and this one. Seeding twice changes no
row count of any table. Other days of the year: tests/outreach/test_seed_demo_any_day.py.
"""

import re
from datetime import date

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from attendance.models import DayRecord, InspectionMark, Violation
from campaigns.models import DailyReport
from clients.models import ClientKind, Cooperation, CooperationStatus, Deal, Lead, Visit
from outreach.models import EmploymentType, Group, Role, Staff
from outreach.models.staff import mainland_mobile
from outreach.selectors import leader_of
from payroll.models import PayrollRun, RunStatus
from tests.clock import local
from training.models import TrainingSession

pytestmark = pytest.mark.django_db

ANCHOR = "2026-11-20 10:00"  # a Friday; the past months are September and October
TODAY = date(2026, 11, 20)
HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded at ANCHOR, and the row counts after its first and second run."""
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, SENDFILE_ROOT=media),
        time_machine.travel(local(ANCHOR), tick=False),
        transaction.atomic(),
    ):
        call_command("seed_demo", verbosity=0, force=True)
        first = _row_counts()
        call_command("seed_demo", verbosity=0, force=True)
        yield {"first": first, "second": _row_counts()}
        transaction.set_rollback(True)


def test_first_use_demo_has_three_led_groups_24_canvassers_and_the_office(demo):
    groups = list(Group.objects.all())
    assert len(groups) == 3
    assert all(leader_of(group, TODAY) is not None for group in groups)
    canvassers = Staff.objects.filter(role=Role.CANVASSER)
    assert 20 <= canvassers.count() <= 30
    for role in (Role.MANAGER, Role.SALES_MANAGER, Role.HR, Role.ADMIN):
        assert Staff.objects.filter(role=role).count() == 1
    assert Staff.objects.filter(role=Role.CONSULTANT).count() >= 3
    # the usernames tests and the README use still log in
    for username in ("manager", "salesmgr", "hr", "admin", "leader1", "canvasser1"):
        assert Staff.objects.filter(user__username=username).exists()
    assert Staff.objects.filter(user__username="consultant1").exists()


def test_first_use_demo_has_an_agency_with_temporaries_beside_fixed_staff(demo):
    agency_staff = Staff.objects.filter(employment_type=EmploymentType.AGENCY)
    assert agency_staff.exists()
    assert agency_staff.values("agency").distinct().count() == 1
    assert agency_staff.filter(is_temporary=True).exists()
    assert agency_staff.filter(is_temporary=False).exists()
    in_house = Staff.objects.filter(role=Role.CANVASSER, employment_type=EmploymentType.IN_HOUSE)
    assert in_house.filter(is_temporary=False).count() >= 18


def test_first_use_demo_names_are_chinese_and_phones_pass_the_mobile_validator(demo):
    people = list(Staff.objects.values_list("name", "phone"))
    assert len({name for name, _phone in people}) == len(people)
    for name, phone in people:
        assert HAN.match(name), name
        mainland_mobile(phone)  # raises ValidationError on a bad number
    leads = list(Lead.objects.select_related("client"))
    assert len(leads) >= 60
    for lead in leads:
        assert re.search(r"[\u4e00-\u9fff]", lead.client.name), lead.client.name
        try:
            mainland_mobile(lead.client.phone)
        except ValidationError:  # pragma: no cover - the message names the number
            pytest.fail(f"bad mobile {lead.client.phone}")
    addressed = [lead.client.address for lead in leads if lead.client.address]
    assert len(addressed) >= len(leads) * 0.8
    assert all(a.startswith("杭州市") for a in addressed)


def test_first_use_demo_has_a_business_cooperation_at_every_stage(demo):
    stages = set(Cooperation.objects.values_list("status", flat=True))
    assert {
        CooperationStatus.NEGOTIATING,
        CooperationStatus.DRAFTED,
        CooperationStatus.UNDER_REVIEW,
        CooperationStatus.APPROVED,
        CooperationStatus.SIGNED,
        CooperationStatus.RUNNING,
    } <= stages
    for cooperation in Cooperation.objects.select_related("client"):
        assert cooperation.client.kind == ClientKind.COMPANY
        assert cooperation.client.company_name
        assert cooperation.proposal
        assert cooperation.price > 0


def test_first_use_demo_last_month_is_locked_with_non_zero_payslips(demo):
    run = PayrollRun.objects.get(month=date(2026, 10, 1))
    assert run.status == RunStatus.LOCKED
    payslips = list(run.payslips.all())
    assert len(payslips) >= 20
    assert all(p.gross > 0 for p in payslips)
    assert any(p.commission > 0 for p in payslips)
    assert run.exports.exists()
    assert PayrollRun.objects.filter(month=date(2026, 11, 1)).count() == 0


def test_first_use_demo_has_this_months_training_with_results(demo):
    sessions = TrainingSession.objects.filter(starts_at__gte=local("2026-11-01 00:00"))
    assert sessions.count() >= 2  # this month's two, and one of the earlier ones
    for session in sessions:
        assert session.ends_at <= local(ANCHOR)
        assert session.attendees.filter(attended=True, exam_score__isnull=False).exists()


def test_first_use_demo_inspections_have_every_kind_of_mark(demo):
    kinds = set(InspectionMark.objects.values_list("status", flat=True))
    assert kinds == set(InspectionMark.Status.values)
    assert {"POST-CROSS", "POST-CROWD"} <= set(Violation.objects.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 9, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2026, 11, 19)),
    ],
    ids=["month-before-last", "last-month", "this-month"],
)
def test_first_use_demo_has_facts_in_each_of_the_three_months(demo, first, last):
    start, end = local(f"{first} 00:00"), local(f"{last} 23:59")
    checked_in = DayRecord.objects.filter(day__range=(first, last), check_in_at__isnull=False)
    assert checked_in.values("day").distinct().count() >= (last - first).days * 0.9
    assert Lead.objects.filter(registered_at__range=(start, end)).exists()
    assert Visit.objects.filter(confirmed_at__range=(start, end)).exists()
    assert Violation.objects.filter(occurred_at__range=(start, end)).exists()
    assert DailyReport.objects.filter(day__range=(first, last)).exists()
    if first < date(2026, 11, 1):
        assert Deal.objects.filter(signed_on__range=(first, last)).exists()


def test_first_use_demo_second_run_changes_no_row_count(demo):
    assert demo["second"] == demo["first"]


def test_first_use_readme_lists_every_demo_login_with_its_role():
    from pathlib import Path

    from outreach.demo import demo_people

    text = Path(__file__).resolve().parents[2].joinpath("README.md").read_text()
    table = text.split("### Demo logins", 1)[1].split("\n## ", 1)[0]
    listed, ranges = set(), []
    for row in table.splitlines():
        if not row.startswith("| `"):
            continue
        first_cell = row.split("|")[1]
        names = re.findall(r"`([a-z]+)(\d*)`", first_cell)
        assert row.count("|") >= 4, row
        assert row.split("|")[2].strip(), row  # a role beside it
        if len(names) == 2 and "…" in first_cell:
            (stem, low), (_stem, high) = names
            ranges.append((stem, int(low), int(high)))
        listed.update(stem + number for stem, number in names)
    for person in demo_people(1):
        match = re.fullmatch(r"([a-z]+)(\d*)", person.username)
        stem, number = match.group(1), match.group(2)
        covered = person.username in listed or any(
            stem == s and number and low <= int(number) <= high for s, low, high in ranges
        )
        assert covered, f"{person.username} is missing from the README's demo logins"

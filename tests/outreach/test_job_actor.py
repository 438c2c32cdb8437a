"""Jobs act as someone: history rows they write name the system user (issue 19 §6)."""

from datetime import date

import pytest
from celery import current_app, shared_task

from attendance.models import Violation
from attendance.tasks import attendance_nightly
from outreach.history import history_actor
from outreach.jobs import SYSTEM_USERNAME, ActorTask, system_actor
from outreach.models import Group
from tests.factories import GroupFactory
from tests.factories.attendance import rostered

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("outreach", "clients", "attendance", "campaigns", "training", "payroll")


@shared_task
def group_rename(pk: int, name: str) -> None:
    group = Group.objects.get(pk=pk)
    group.name = name
    group.save(update_fields=["name", "updated_at"])


def test_every_task_of_every_app_runs_as_an_actor():
    current_app.loader.import_default_modules()
    ours = [task for name, task in current_app.tasks.items() if name.startswith(PROJECT_APPS)]
    assert ours
    assert all(isinstance(task, ActorTask) for task in ours)


def test_a_job_records_the_system_user_on_the_history_it_writes():
    group = GroupFactory()
    group_rename(group.pk, "Renamed by a job")
    assert group.history.latest().history_user == system_actor()


def test_the_nightly_job_names_the_system_user_on_the_violations_it_records(org):
    rostered(org["canvasser1"], date(2026, 3, 3))
    attendance_nightly("2026-03-04")
    violation = Violation.objects.get()
    assert violation.history.earliest().history_user.username == SYSTEM_USERNAME


def test_a_job_run_by_a_person_names_that_person(org):
    group = GroupFactory()
    manager = org["manager"].user
    with history_actor(manager):
        group_rename(group.pk, "Renamed in-process")
    assert group.history.latest().history_user == manager


def test_the_system_user_is_made_once_and_cannot_log_in():
    assert system_actor() == system_actor()
    user = system_actor()
    assert not user.is_active
    assert not user.has_usable_password()

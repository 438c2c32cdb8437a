"""Issue 19: the appraisal models moved from payroll to their own app without losing a
row: a database as it was before the move (payroll 0007, no appraisals app) with
appraisals, history, a grant and a notification in it is migrated forward; the rows, the
history, the grants and the links by content type are all still there."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from outreach.services import notification_create
from tests.factories import StaffFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BEFORE = [("payroll", "0007_files_random_names"), ("appraisals", None)]


def _migrate(targets=None):
    """Migrate the test database to `targets` (None: to the latest) and answer the models
    as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    after = MigrationExecutor(connection)  # reads what is applied now
    return after._create_project_state(with_applied_migrations=True).apps


def test_moving_appraisals_keeps_rows_history_permissions_and_content_types():
    person = StaffFactory()
    try:
        old = _migrate(BEFORE)
        Template = old.get_model("payroll", "AppraisalTemplate")
        Cycle = old.get_model("payroll", "AppraisalCycle")
        Appraisal = old.get_model("payroll", "Appraisal")
        HistoricalAppraisal = old.get_model("payroll", "HistoricalAppraisal")
        OldContentType = old.get_model("contenttypes", "ContentType")
        OldPermission = old.get_model("auth", "Permission")
        OldGroup = old.get_model("auth", "Group")
        assert "appraisals_appraisal" not in connection.introspection.table_names()

        template = Template.objects.create(name="Move test")
        cycle = Cycle.objects.create(
            kind="quarterly",
            label="2026Q1",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            template=template,
            bonus_base=Decimal("1200.00"),
        )
        appraisal = Appraisal.objects.create(
            cycle=cycle, staff_id=person.pk, total_score=Decimal("88.50"), grade="A"
        )
        HistoricalAppraisal.objects.create(
            id=appraisal.pk,
            cycle_id=cycle.pk,
            staff_id=person.pk,
            created_at=appraisal.created_at,
            updated_at=appraisal.updated_at,
            total_score=Decimal("88.50"),
            grade="A",
            history_date=appraisal.updated_at,
            history_type="+",
        )
        # Content types and permissions as payroll had them before the move.
        cycle_type = OldContentType.objects.get(app_label="payroll", model="appraisalcycle")
        appraisal_type = OldContentType.objects.get(app_label="payroll", model="appraisal")
        manage = OldPermission.objects.get(content_type=cycle_type, codename="manage_appraisals")
        old.get_model("outreach", "Notification").objects.create(
            recipient_id=person.user_id,
            kind="appraisal_self",
            message="Fill in your self-assessment",
            object_key=f"payroll.appraisal:{appraisal.pk}",
        )
        role = OldGroup.objects.create(name="Appraisal move test role")
        role.permissions.add(manage)
        ids = {"cycle_type": cycle_type.pk, "appraisal_type": appraisal_type.pk}
        ids.update(manage=manage.pk, cycle=cycle.pk, appraisal=appraisal.pk)
    finally:
        _migrate()

    from appraisals.models import Appraisal as NewAppraisal
    from appraisals.models import AppraisalCycle

    cycle = AppraisalCycle.objects.get(pk=ids["cycle"])
    assert (cycle.label, cycle.bonus_base, cycle.template.name) == (
        "2026Q1",
        Decimal("1200.00"),
        "Move test",
    )
    appraisal = NewAppraisal.objects.get(pk=ids["appraisal"])
    assert (appraisal.staff_id, appraisal.total_score, appraisal.grade) == (
        person.pk,
        Decimal("88.50"),
        "A",
    )
    assert [h.grade for h in appraisal.history.all()] == ["A"]
    # The content types moved (same rows, so everything pointing at them follows) …
    assert ContentType.objects.get_for_model(AppraisalCycle).pk == ids["cycle_type"]
    assert ContentType.objects.get_for_model(NewAppraisal).pk == ids["appraisal_type"]
    assert not ContentType.objects.filter(app_label="payroll", model__contains="apprais")
    # … and the permissions with them, now named after the app.
    manage = Permission.objects.get(pk=ids["manage"])
    assert (manage.content_type.app_label, manage.codename) == ("appraisals", "manage_appraisals")
    role = AuthGroup.objects.get(name="Appraisal move test role")
    assert list(role.permissions.values_list("pk", flat=True)) == [ids["manage"]]
    person.user.groups.add(role)
    person.user = type(person.user).objects.get(pk=person.user.pk)
    assert person.user.has_perm("appraisals.manage_appraisals")
    # A notification sent before the move is still the same one (its once-per-object key).
    again = notification_create(
        recipient=person.user, kind="appraisal_self", message="again", target=appraisal
    )
    assert again.message == "Fill in your self-assessment"
    assert again.object_key == f"appraisals.appraisal:{appraisal.pk}"
    assert "appraisals_appraisal" in connection.introspection.table_names()
    assert "payroll_appraisal" not in connection.introspection.table_names()

"""R-PLAN-6: the drafting job, editing and publishing, read-only after publication,
notifications, scope, the xlsx export and the printable page."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach.models import Notification
from reviews import services
from reviews.models import QuarterlyReview, ReviewState
from reviews.tasks import quarterly_review_draft
from tests.clock import runs_at
from tests.factories import staff_in_group

from .world import NOW, QUARTER, build_world

pytestmark = pytest.mark.django_db


def _draft(org):
    review, created = services.review_draft(quarter=QUARTER, actor=org["manager"].user)
    assert created
    return review


def _published(org):
    review = _draft(org)
    services.review_update(
        review=review, actor=org["manager"].user, analysis="来访转化提升", focus="加强电话邀约"
    )
    return services.review_publish(review=review, actor=org["manager"].user)


@runs_at(NOW)
def test_r_plan_6_the_job_drafts_the_closed_quarter_once(org, django_capture_on_commit_callbacks):
    build_world(org)
    with django_capture_on_commit_callbacks(execute=True):
        first = quarterly_review_draft()
    with django_capture_on_commit_callbacks(execute=True):
        second = quarterly_review_draft()
    assert first == second
    review = QuarterlyReview.objects.get()
    assert (review.quarter, review.state) == (QUARTER, ReviewState.DRAFT)
    assert review.figures["current"]["funnel"]["total"]["leads"] == 4
    told = Notification.objects.filter(kind=services.KIND_DRAFTED)
    assert list(told.values_list("recipient", flat=True)) == [org["manager"].user.pk]


@runs_at("2026-07-02 09:00")
def test_r_plan_6_the_job_does_nothing_on_a_day_that_is_not_a_quarter_start(org):
    assert quarterly_review_draft() is None
    assert not QuarterlyReview.objects.exists()


@runs_at(NOW)
def test_r_plan_6_the_job_never_touches_a_published_review(org):
    build_world(org)
    review = _published(org)
    before = (review.figures, review.analysis, review.updated_at)
    quarterly_review_draft()
    review.refresh_from_db()
    assert (review.figures, review.analysis, review.updated_at) == before
    assert QuarterlyReview.objects.count() == 1


@runs_at(NOW)
def test_r_plan_6_a_published_review_is_read_only(org):
    build_world(org)
    review = _published(org)
    manager = org["manager"].user
    for write in (
        lambda: services.review_update(review=review, actor=manager, analysis="x", focus="y"),
        lambda: services.review_refresh(review=review, actor=manager),
        lambda: services.review_publish(review=review, actor=manager),
    ):
        with pytest.raises(ValidationError):
            write()
    client = _client(org["manager"])
    page = client.get(reverse("review-detail", args=[review.pk])).content.decode()
    assert reverse("review-edit", args=[review.pk]) not in page
    assert (
        client.post(
            reverse("review-edit", args=[review.pk]), {"analysis": "改", "focus": "改"}
        ).status_code
        == 302
    )
    review.refresh_from_db()
    assert review.analysis == "来访转化提升"


@runs_at(NOW)
def test_r_plan_6_publishing_needs_the_analysis_and_focus(org):
    build_world(org)
    review = _draft(org)
    with pytest.raises(ValidationError):
        services.review_publish(review=review, actor=org["manager"].user)


@runs_at(NOW)
def test_r_plan_6_publish_through_the_pages_notifies_the_whole_active_team(
    org, django_capture_on_commit_callbacks
):
    build_world(org)
    review = _draft(org)
    client = _client(org["manager"])
    assert client.get(reverse("review-publish", args=[review.pk])).status_code == 200
    response = client.post(
        reverse("review-edit", args=[review.pk]), {"analysis": "成绩与不足", "focus": "下季度重点"}
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("review-publish", args=[review.pk]))
    review.refresh_from_db()
    assert review.state == ReviewState.PUBLISHED
    assert review.published_by == org["manager"].user
    told = set(
        Notification.objects.filter(kind=services.KIND_PUBLISHED).values_list(
            "recipient", flat=True
        )
    )
    team = {org[w].user.pk for w in org if w not in ("groups", "admin")}
    assert told == team
    # notifying again adds nothing (idempotent per recipient, kind and object)
    services._notify_team(review)
    assert Notification.objects.filter(kind=services.KIND_PUBLISHED).count() == len(team)


@runs_at(NOW)
def test_r_plan_6_notifying_the_team_is_one_insert_whatever_its_size(org):
    build_world(org)
    review = _published(org)
    Notification.objects.all().delete()

    def count():
        with CaptureQueriesContext(connection) as queries:
            services._notify_team(review)
        Notification.objects.all().delete()
        return len(queries)

    small = count()
    for i in range(12):
        staff_in_group(org["groups"][i % 2])
    assert count() == small <= 2


def workbook_open(content: bytes):
    from io import BytesIO

    from openpyxl import load_workbook

    return load_workbook(BytesIO(content))


def _client(staff):
    from django.test import Client

    client = Client()
    client.force_login(staff.user)
    return client


@runs_at(NOW)
def test_r_plan_6_drafts_are_for_managers_only(org):
    build_world(org)
    review = _draft(org)
    for who in ("canvasser1", "leader1", "hr", "salesmgr"):
        client = _client(org[who])
        assert client.get(reverse("review-detail", args=[review.pk])).status_code == 404, who
        assert str(review.label) not in client.get(reverse("review-list")).content.decode()
    assert (
        _client(org["manager"]).get(reverse("review-detail", args=[review.pk])).status_code == 200
    )
    assert _client(org["admin"]).get(reverse("review-list")).status_code == 403


@runs_at(NOW)
def test_r_plan_6_target_rows_follow_the_readers_scope(org):
    build_world(org)
    review = _published(org)
    c1, c3 = org["canvasser1"], org["canvasser3"]
    url = reverse("review-detail", args=[review.pk])

    def names(who):
        return _client(org[who]).get(url).content.decode()

    own = names("canvasser1")
    assert c1.name in own
    assert c3.name not in own
    other = names("canvasser3")
    assert c3.name in other
    assert c1.name not in other
    leader = names("leader1")
    assert c1.name in leader
    assert c3.name not in leader
    for who in ("manager", "hr"):
        page = names(who)
        assert c1.name in page
        assert c3.name in page
    # the same narrowing in the workbook
    book = workbook_open(_client(c1).get(reverse("review-export", args=[review.pk])).content)
    cells = [
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    ]
    assert any(c1.name in v for v in cells)
    assert not any(c3.name in v for v in cells)


@runs_at(NOW)
def test_r_plan_6_a_canvasser_cannot_edit_refresh_or_publish(org):
    build_world(org)
    review = _draft(org)
    client = _client(org["canvasser1"])
    for name in ("review-edit", "review-refresh", "review-publish"):
        assert (
            client.post(
                reverse(name, args=[review.pk]), {"analysis": "x", "focus": "y"}
            ).status_code
            == 403
        )
    review.refresh_from_db()
    assert (review.state, review.analysis) == (ReviewState.DRAFT, "")


@runs_at(NOW)
def test_r_plan_6_refresh_recomputes_a_drafts_figures_and_keeps_the_words(org):
    build_world(org)
    review = _draft(org)
    services.review_update(review=review, actor=org["manager"].user, analysis="分析", focus="重点")
    staff = staff_in_group(org["groups"][0])
    from tests.factories.clients import at, register

    register(staff, "13711112222", now=at(2026, 6, 9))
    _client(org["manager"]).post(reverse("review-refresh", args=[review.pk]))
    review.refresh_from_db()
    assert review.figures["current"]["funnel"]["total"]["leads"] == 5
    assert (review.analysis, review.focus) == ("分析", "重点")


@runs_at(NOW)
def test_r_plan_6_the_xlsx_reads_back_with_numbers_and_no_formula(org):
    build_world(org)
    review = _published(org)
    response = _client(org["manager"]).get(reverse("review-export", args=[review.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    book = workbook_open(response.content)
    assert len(book.sheetnames) == 4
    funnel, costs, targets, ranking = (book[name] for name in book.sheetnames)
    rows = list(funnel.iter_rows(values_only=True))
    total = rows[1]
    assert total[2:8] == (4, 1, 2, 0, 1, 0)  # leads, valid visits, deals: this quarter, last
    cost_rows = list(costs.iter_rows(values_only=True))
    from decimal import Decimal

    assert Decimal(str(cost_rows[1][1])) == Decimal("1534.56")
    assert Decimal(str(cost_rows[4][1])) == Decimal("2823.36")
    assert cost_rows[6][2] is None  # no deal last quarter: no cost per deal
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    assert targets.max_row >= 3
    assert ranking.max_row >= 2


@runs_at(NOW)
def test_r_plan_6_formula_looking_text_stays_inert_in_the_xlsx(org):
    from campaigns.models import Campaign, CampaignStatus

    build_world(org)
    Campaign.objects.filter(theme__startswith="=").update(status=CampaignStatus.FINISHED)
    review = _published(org)
    content = _client(org["manager"]).get(reverse("review-export", args=[review.pk])).content
    book = workbook_open(content)
    found = [
        cell
        for row in book.worksheets[3].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert found
    assert all(c.data_type == "s" for c in found)


@runs_at(NOW)
def test_r_plan_6_the_printable_page_has_print_css_and_no_inline_script(org):
    build_world(org)
    review = _published(org)
    response = _client(org["canvasser1"]).get(reverse("review-print", args=[review.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "css/review.css" in page
    assert "<script>" not in page
    assert "onclick" not in page
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/review.css"), encoding="utf-8").read()  # noqa: SIM115
    assert "@media print" in css
    assert "来访转化提升" in page


def test_r_plan_6_quarter_arithmetic():
    from reviews.figures.periods import quarter_closed_on, quarter_next, quarter_previous

    assert quarter_previous(date(2026, 1, 1)) == date(2025, 10, 1)
    assert quarter_next(date(2025, 10, 1)) == date(2026, 1, 1)
    assert quarter_closed_on(date(2026, 1, 1)) == date(2025, 10, 1)
    assert quarter_closed_on(date(2026, 2, 1)) is None


@runs_at(NOW)
def test_r_plan_6_the_jobs_query_count_does_not_grow_with_people(
    org, django_capture_on_commit_callbacks
):
    from outreach.jobs import system_actor

    from .world import grow_world

    build_world(org)

    def count():
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            quarterly_review_draft()
        QuarterlyReview.objects.all().delete()
        Notification.objects.all().delete()
        return len(queries)

    system_actor()  # the job's history user exists from its first run on
    small = count()
    grow_world(org, 6)
    for i in range(4):
        staff_in_group(org["groups"][i % 2], role="manager")
    assert count() == small <= 30


@runs_at(NOW)
def test_r_plan_6_only_a_manager_writes_a_review_even_through_the_service(org):
    """The pages guard the writes, and the services check again: a leader or HR calling
    them directly is refused and the draft stays as it was."""
    build_world(org)
    review = _draft(org)
    writes = (
        lambda actor: services.review_update(review=review, actor=actor, analysis="x", focus="y"),
        lambda actor: services.review_refresh(review=review, actor=actor),
        lambda actor: services.review_publish(review=review, actor=actor),
    )
    for person in (org["leader1"], org["hr"], org["canvasser1"]):
        for write in writes:
            with pytest.raises(PermissionDenied):
                write(person.user)
    review.refresh_from_db()
    assert (review.state, review.analysis) == (ReviewState.DRAFT, "")

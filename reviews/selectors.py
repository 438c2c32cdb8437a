"""R-PLAN-6 reads, scoped to the user.

- Drafts are for those who manage reviews (managers); a published review is for
  everyone who reads reviews; anyone else gets 404 on a review's pages.
- In a published review, the per-person target rows are narrowed to the people the
  reader may see (`outreach.selectors.visible_staff`): a canvasser their own row, a
  leader their groups' people, managers, the sales manager and HR everyone. Group rows
  and every other figure are the team's and shown to every reader.
"""

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from outreach.dates import today
from outreach.guard import can, in_scope_or_404
from outreach.models import Role, Staff
from outreach.selectors import visible_staff

from .models import QuarterlyReview, ReviewState

MANAGE = "reviews.manage_reviews"
VIEW = "reviews.view_reviews"
# The roles a published review goes to (the admin configures, R-ROLE-1).
AUDIENCE_ROLES = (
    Role.MANAGER,
    Role.SALES_MANAGER,
    Role.LEADER,
    Role.CANVASSER,
    Role.CONSULTANT,
    Role.HR,
)


def review_list(*, user: User) -> QuerySet[QuarterlyReview]:
    reviews = QuarterlyReview.objects.select_related("published_by")
    if can(user, MANAGE):
        return reviews
    if can(user, VIEW):
        return reviews.filter(state=ReviewState.PUBLISHED)
    return reviews.none()


def review_get(*, user: User, pk: int) -> QuarterlyReview:
    return in_scope_or_404(review_list(user=user), pk=pk)


def review_latest_published() -> QuarterlyReview | None:
    return QuarterlyReview.objects.filter(state=ReviewState.PUBLISHED).first()


def target_people_visible(*, user: User, people: list[dict]) -> list[dict]:
    """The per-person target rows the reader may see. One query (none for managers)."""
    if can(user, "outreach.view_all_staff"):
        return people
    seen = set(visible_staff(user).values_list("pk", flat=True))
    return [row for row in people if row["staff_id"] in seen]


def _active_staff() -> QuerySet[Staff]:
    return Staff.objects.filter(user__is_active=True).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=today())
    )


def review_managers() -> QuerySet[User]:
    """Who is told a draft is ready: the active managers."""
    return User.objects.filter(
        pk__in=_active_staff().filter(role=Role.MANAGER).values("user_id")
    ).order_by("pk")


def review_audience() -> QuerySet[User]:
    """Who is told a review is published: the whole active team."""
    return User.objects.filter(
        pk__in=_active_staff().filter(role__in=AUDIENCE_ROLES).values("user_id")
    ).order_by("pk")

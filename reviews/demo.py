"""R-PLAN-6 demo: the last quarter's review drafted from the demo facts and published
with a short analysis and focus. Idempotent; relative to `outreach.dates.today()`; runs
after payroll's demo (its locked runs are the commissions paid)."""

from django.contrib.auth import get_user_model

from outreach.dates import today
from outreach.models import Role

from .figures.periods import quarter_previous, quarter_start
from .services import review_draft, review_publish, review_update

ANALYSIS = (
    "本季度线索登记与有效来访总体平稳,各组均完成了大部分月份的目标;"
    "个别点位线索多但来访转化偏低,活动投入产出不均。"
)
FOCUS = "下季度重点:提高高流量点位的来访转化,压缩低效活动预算,加强新人电话邀约培训。"


def seed_reviews_demo(scale: int, stdout) -> None:
    manager = get_user_model().objects.filter(staff__role=Role.MANAGER).order_by("pk").first()
    if manager is None:
        return
    review, _created = review_draft(quarter=quarter_previous(quarter_start(today())), actor=manager)
    if review.is_published:
        return
    review = review_update(review=review, actor=manager, analysis=ANALYSIS, focus=FOCUS)
    review_publish(review=review, actor=manager)
    if stdout:
        stdout.write(f"quarterly review {review.label} published\n")

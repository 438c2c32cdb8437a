"""Every write of the campaigns app."""

from .claims import (
    can_decide_claim,
    expense_claim_decide,
    expense_claim_submit,
    receipt_validate,
)
from .daily import (
    can_review_report,
    daily_report_review,
    daily_report_submit,
    report_day_check,
    report_prefill,
)
from .events import (
    DEFAULT_CHECKLIST,
    TRANSITIONS,
    budget_line_add,
    budget_line_cancel,
    budget_line_record_actual,
    campaign_create,
    campaign_transition,
    campaign_update,
    can_run,
    prep_task_add,
    prep_task_set_done,
)
from .library import (
    library_item_save,
    market_note_create,
    material_handout_record,
    screening_criterion_save,
)
from .plans import (
    can_decide_trip,
    can_write_plan,
    plan_entry_add,
    trip_plan_decide,
    trip_plan_submit,
    trip_supervisor,
    weekly_plan_create,
)

__all__ = [
    "DEFAULT_CHECKLIST",
    "TRANSITIONS",
    "budget_line_add",
    "budget_line_cancel",
    "budget_line_record_actual",
    "campaign_create",
    "campaign_transition",
    "campaign_update",
    "can_decide_claim",
    "can_review_report",
    "daily_report_review",
    "daily_report_submit",
    "report_day_check",
    "report_prefill",
    "can_decide_trip",
    "can_run",
    "can_write_plan",
    "expense_claim_decide",
    "expense_claim_submit",
    "library_item_save",
    "market_note_create",
    "material_handout_record",
    "plan_entry_add",
    "prep_task_add",
    "prep_task_set_done",
    "receipt_validate",
    "screening_criterion_save",
    "trip_plan_decide",
    "trip_plan_submit",
    "trip_supervisor",
    "weekly_plan_create",
]

"""Campaigns, field plans, expense claims, market notes and the library (SPEC §3)."""

from .claims import ClaimCategory, ClaimStatus, ExpenseClaim, Receipt
from .daily import DailyReport
from .events import (
    BudgetCategory,
    BudgetLine,
    Campaign,
    CampaignKind,
    CampaignStatus,
    CampaignTransition,
    PrepTask,
)
from .invitations import (
    AttachmentKind,
    CampaignAttachment,
    Invitation,
    InvitationChannel,
    InvitationReply,
)
from .library import (
    LibraryItem,
    LibraryKind,
    MarketNote,
    MaterialHandout,
    NoteKind,
    ScreeningCriterion,
)
from .plans import PlanEntry, PlanMethod, TripPlan, TripStatus, WeeklyPlan

__all__ = [
    "AttachmentKind",
    "CampaignAttachment",
    "Invitation",
    "InvitationChannel",
    "InvitationReply",
    "BudgetCategory",
    "BudgetLine",
    "Campaign",
    "CampaignKind",
    "CampaignStatus",
    "CampaignTransition",
    "ClaimCategory",
    "ClaimStatus",
    "DailyReport",
    "ExpenseClaim",
    "LibraryItem",
    "LibraryKind",
    "MarketNote",
    "MaterialHandout",
    "NoteKind",
    "PlanEntry",
    "PlanMethod",
    "PrepTask",
    "Receipt",
    "ScreeningCriterion",
    "TripPlan",
    "TripStatus",
    "WeeklyPlan",
]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    BudgetLine,
    Campaign,
    ExpenseClaim,
    Invitation,
    LibraryItem,
    MarketNote,
    ScreeningCriterion,
    TripPlan,
    WeeklyPlan,
)


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["theme", "kind", "status", "starts_at", "owner"]
    list_filter = ["kind", "status"]


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "category", "planned", "actual", "is_cancelled"]


@admin.register(ExpenseClaim)
class ExpenseClaimAdmin(SimpleHistoryAdmin):
    list_display = ["staff", "category", "amount", "status", "decided_at"]
    list_filter = ["status"]


@admin.register(TripPlan)
class TripPlanAdmin(SimpleHistoryAdmin):
    list_display = ["staff", "day", "place", "status"]


admin.site.register([WeeklyPlan, MarketNote, ScreeningCriterion, LibraryItem])


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["guest_name", "campaign", "invited_by", "reply", "checked_in_at"]
    list_filter = ["reply", "is_walk_in"]
    raw_id_fields = ["campaign", "client", "invited_by", "blocked_by_owner", "checked_in_by"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attendee, PlanItem, TrainingPlan, TrainingSession


@admin.register(TrainingPlan)
class TrainingPlanAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title"]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["plan", "content", "method", "scheduled_month"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "trainer", "starts_at", "place"]


@admin.register(Attendee)
class AttendeeAdmin(SimpleHistoryAdmin):
    list_display = ["session", "staff", "attended", "score"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import QuarterlyReview


@admin.register(QuarterlyReview)
class QuarterlyReviewAdmin(SimpleHistoryAdmin):
    list_display = ["quarter", "state", "drafted_at", "published_at"]
    list_filter = ["state"]
    readonly_fields = ["figures", "drafted_at", "published_at", "published_by", "updated_by"]

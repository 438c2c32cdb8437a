"""Configuration as data (R-ATT-1, R-ATT-5, R-FINE-3) for the admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AttendanceSetting,
    LeaveNoticeRule,
    LeaveType,
    RulebookVersion,
    Shift,
    ShiftOverride,
    ViolationRule,
)


class ShiftOverrideInline(admin.TabularInline):
    model = ShiftOverride
    extra = 0


@admin.register(Shift)
class ShiftAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "report_time",
        "start_time",
        "end_time",
        "weekend_end_time",
        "grace_minutes",
        "working_weekdays",
        "is_default",
    ]
    inlines = [ShiftOverrideInline]


@admin.register(AttendanceSetting)
class AttendanceSettingAdmin(SimpleHistoryAdmin):
    list_display = [
        "point_radius_m",
        "photo_required",
        "retention_days",
        "case_late_threshold",
        "case_absent_threshold",
    ]


@admin.register(LeaveType)
class LeaveTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "paid", "is_active"]


@admin.register(LeaveNoticeRule)
class LeaveNoticeRuleAdmin(admin.ModelAdmin):
    list_display = ["longer_than_days", "notice_days"]


class ViolationRuleInline(admin.TabularInline):
    model = ViolationRule
    extra = 0

    def _locked(self, obj):
        # R-FINE-3: a version someone acknowledged is never edited.
        return obj is not None and obj.acknowledgements.exists()

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(RulebookVersion)
class RulebookVersionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "effective_from", "published_at"]
    inlines = [ViolationRuleInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.acknowledgements.exists():
            return False
        return super().has_change_permission(request, obj)

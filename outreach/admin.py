from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AccessLog,
    Agency,
    ClosedPayMonth,
    Group,
    GroupMembership,
    PaidDaysSetting,
    Point,
    Staff,
    WageScheme,
    WorkCity,
)


@admin.register(Staff)
class StaffAdmin(SimpleHistoryAdmin):
    list_display = ["employee_no", "name", "role", "hire_date", "leave_date"]
    list_filter = ["role", "employment_type", "is_temporary"]
    search_fields = ["employee_no", "name", "phone"]
    readonly_fields = ["user", "employee_no"]


@admin.register(WageScheme)
class WageSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["staff", "kind", "amount", "effective_from"]


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "is_active"]


@admin.register(GroupMembership)
class GroupMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["staff", "group", "is_leader", "valid_from", "valid_to"]
    list_filter = ["group", "is_leader"]


admin.site.register([Agency, WorkCity, PaidDaysSetting], SimpleHistoryAdmin)
admin.site.register([Point, ClosedPayMonth])


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "target"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

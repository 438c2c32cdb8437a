from django.contrib import admin

from .models import ActionItem, Attendee, Meeting, MeetingSeries


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "weekdays", "start_time", "active_from", "active_until"]
    list_filter = ["group"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "day", "starts_at", "state"]
    list_filter = ["state", "group"]
    date_hierarchy = "day"


@admin.register(Attendee)
class AttendeeAdmin(admin.ModelAdmin):
    list_display = ["meeting", "staff", "status", "marked_by", "marked_at"]
    list_filter = ["status"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["text", "meeting", "owner", "due_on", "done_at", "done_by"]

from django.urls import path

from .views import actions, pages

urlpatterns = [
    path("", pages.meeting_list_view, name="meeting-list"),
    path("mine/", pages.meeting_mine_view, name="meeting-mine"),
    path("new/", pages.meeting_schedule_view, name="meeting-schedule"),
    path("<int:pk>/", pages.meeting_detail_view, name="meeting-detail"),
    path("<int:pk>/attendance/", actions.meeting_attendance_view, name="meeting-attendance"),
    path("<int:pk>/minutes/", actions.meeting_minutes_view, name="meeting-minutes"),
    path("<int:pk>/actions/", actions.meeting_action_add_view, name="meeting-action-add"),
    path("<int:pk>/cancel/", actions.meeting_cancel_view, name="meeting-cancel"),
    path("actions/<int:pk>/done/", actions.action_item_done_view, name="action-item-done"),
]

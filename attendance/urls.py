from django.urls import path

from .views import checkin, inspections, leave, manage, reports, violations

urlpatterns = [
    path("checkin/", checkin.checkin, name="attendance-checkin"),
    path("me/", checkin.my_attendance, name="attendance-my"),
    path("group/", checkin.group_today, name="attendance-group"),
    path("absent/<int:pk>/", checkin.absence_mark, name="absence-mark"),
    path("violations/", violations.violation_list, name="violation-list"),
    path("violations/new/", violations.violation_new, name="violation-new"),
    path("violations/<int:pk>/", violations.violation_detail, name="violation-detail"),
    path("violations/<int:pk>/appeal/", violations.violation_appeal, name="violation-appeal"),
    path("violations/<int:pk>/adjust/", violations.violation_adjust, name="violation-adjust"),
    path("rulebook/", violations.rulebook_list, name="rulebook-list"),
    path("rulebook/<int:pk>/", violations.rulebook_detail, name="rulebook-detail"),
    path(
        "rulebook/<int:pk>/acknowledge/",
        violations.rulebook_acknowledge,
        name="rulebook-acknowledge",
    ),
    path("leave/", leave.leave_list, name="leave-list"),
    path("leave/new/", leave.leave_new, name="leave-new"),
    path("leave/<int:pk>/decide/", leave.leave_decide, name="leave-decide"),
    path("roster/", leave.roster_week, name="roster-week"),
    path("roster/changes/", manage.roster_change_list, name="roster-change-list"),
    path("roster/changes/new/", manage.roster_change_new, name="roster-change-new"),
    path(
        "roster/changes/<int:pk>/decide/",
        manage.roster_change_decide,
        name="roster-change-decide",
    ),
    path("correct/", manage.record_correct, name="attendance-correct"),
    path("rulebook/new/", manage.rulebook_new, name="rulebook-new"),
    path("rulebook/<int:pk>/publish/", manage.rulebook_publish, name="rulebook-publish"),
    path("rules/<int:pk>/edit/", manage.rule_edit, name="rule-edit"),
    path("inspections/", inspections.inspection_list, name="inspection-list"),
    path("inspections/new/", inspections.inspection_new, name="inspection-new"),
    path("summary/", reports.attendance_summary, name="attendance-summary"),
    path("summary.xlsx", reports.attendance_summary_xlsx, name="attendance-summary-xlsx"),
    path("discipline/", reports.discipline_list, name="discipline-list"),
    path("discipline/new/", reports.discipline_new, name="discipline-new"),
]

from django.urls import path

from .views import claims, daily, events, files, invitations, library, plans

urlpatterns = [
    path("", events.campaign_list_view, name="campaign-list"),
    path("calendar/", events.campaign_calendar_view, name="campaign-calendar"),
    path("new/", events.campaign_create_view, name="campaign-new"),
    path("<int:pk>/", events.campaign_detail_view, name="campaign-detail"),
    path("<int:pk>/edit/", events.campaign_edit_view, name="campaign-edit"),
    path("<int:pk>/status/", events.campaign_transition_view, name="campaign-transition"),
    path("<int:pk>/lessons/", events.campaign_lessons_view, name="campaign-lessons"),
    path("<int:pk>/budget/", events.campaign_budget_add_view, name="campaign-budget-add"),
    path("<int:pk>/tasks/", events.campaign_task_add_view, name="campaign-task-add"),
    path(
        "budget-lines/<int:pk>/actual/", events.budget_line_actual_view, name="budget-line-actual"
    ),
    path(
        "budget-lines/<int:pk>/cancel/", events.budget_line_cancel_view, name="budget-line-cancel"
    ),
    path("tasks/<int:pk>/done/", events.prep_task_done_view, name="prep-task-done"),
    path(
        "<int:pk>/invitations/",
        invitations.campaign_invitations_view,
        name="campaign-invitations",
    ),
    path(
        "<int:pk>/invitations/client/",
        invitations.campaign_invite_client_view,
        name="campaign-invite-client",
    ),
    path(
        "<int:pk>/invitations/guest/",
        invitations.campaign_invite_guest_view,
        name="campaign-invite-guest",
    ),
    path("<int:pk>/checkin/", invitations.campaign_check_in_view, name="campaign-checkin"),
    path("<int:pk>/checkin/walk-in/", invitations.campaign_walk_in_view, name="campaign-walk-in"),
    path(
        "<int:pk>/attachments/",
        invitations.campaign_attachment_add_view,
        name="campaign-attachment-add",
    ),
    path("invitations/<int:pk>/", invitations.invitation_detail_view, name="invitation-detail"),
    path(
        "invitations/<int:pk>/edit/", invitations.invitation_update_view, name="invitation-update"
    ),
    path("invitations/<int:pk>/qr.svg", invitations.invitation_qr_view, name="invitation-qr"),
    path(
        "invitations/<int:pk>/checkin/",
        invitations.invitation_check_in_view,
        name="invitation-check-in",
    ),
    path(
        "invitations/<int:pk>/satisfaction/",
        invitations.invitation_rate_view,
        name="invitation-rate",
    ),
    path("checkin/<str:code>/", invitations.invitation_code_view, name="invitation-code"),
    path("my-tasks/", events.my_tasks_view, name="my-prep-tasks"),
    path("plans/", plans.plan_list_view, name="plan-list"),
    path("plans/new/", plans.plan_create_view, name="plan-new"),
    path("plans/<int:pk>/", plans.plan_detail_view, name="plan-detail"),
    path("plans/<int:pk>/add/", plans.plan_entry_add_view, name="plan-entry-add"),
    path("trips/", plans.trip_list_view, name="trip-list"),
    path("trips/new/", plans.trip_create_view, name="trip-new"),
    path("trips/<int:pk>/", plans.trip_detail_view, name="trip-detail"),
    path("trips/<int:pk>/decide/", plans.trip_decide_view, name="trip-decide"),
    path("claims/", claims.claim_list_view, name="claim-list"),
    path("claims/new/", claims.claim_create_view, name="claim-new"),
    path("claims/<int:pk>/", claims.claim_detail_view, name="claim-detail"),
    path("claims/<int:pk>/decide/", claims.claim_decide_view, name="claim-decide"),
    path("receipts/<int:pk>/", files.receipt_file_view, name="receipt-file"),
    path("attachments/<int:pk>/", files.attachment_file_view, name="attachment-file"),
    path("market/", library.market_list_view, name="market-list"),
    path("market/new/", library.market_create_view, name="market-new"),
    path("market/<int:pk>/", library.market_detail_view, name="market-detail"),
    path("market/criteria/new/", library.criterion_create_view, name="market-criterion-new"),
    path("library/", library.library_list_view, name="library-list"),
    path("library/new/", library.library_create_view, name="library-new"),
    path("library/<int:pk>/", library.library_detail_view, name="library-detail"),
    path("library/<int:pk>/edit/", library.library_edit_view, name="library-edit"),
    path("library/<int:pk>/file/", files.library_file_view, name="library-file"),
    path("materials/", library.handout_list_view, name="handout-list"),
    path("materials/new/", library.handout_create_view, name="handout-new"),
    path("daily/", daily.daily_report_view, name="daily-report"),
    path("daily/all/", daily.daily_report_list_view, name="daily-report-list"),
    path("daily/<int:pk>/", daily.daily_report_detail_view, name="daily-report-detail"),
    path("daily/<int:pk>/review/", daily.daily_report_review_view, name="daily-report-review"),
]

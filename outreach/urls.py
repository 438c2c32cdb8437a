from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from .views import groups, notifications, offline, reference, staff

urlpatterns = [
    path("", include("dashboards.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Issue 20: the service worker at the root scope, and the offline queue's token.
    path("sw.js", offline.service_worker, name="service-worker"),
    path("offline/token/", offline.queue_token, name="offline-token"),
    path("me/", staff.my_profile, name="my-profile"),
    path("me/tokens/", include("api.token_urls")),  # issue 21: one's API tokens
    path("staff/", staff.staff_list_view, name="staff-list"),
    path("staff/new/", staff.staff_create, name="staff-new"),
    path("staff/<int:pk>/", staff.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/edit/", staff.staff_edit, name="staff-edit"),
    path("staff/<int:pk>/deactivate/", staff.staff_deactivate, name="staff-deactivate"),
    path("staff/<int:pk>/reactivate/", staff.staff_reactivate, name="staff-reactivate"),
    path("staff/<int:pk>/wage/", staff.wage_scheme_add, name="staff-wage"),
    path("groups/", groups.group_list_view, name="group-list"),
    path("groups/new/", groups.group_edit, name="group-new"),
    path("groups/<int:pk>/", groups.group_detail, name="group-detail"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group-edit"),
    path("memberships/<int:pk>/end/", groups.membership_end, name="membership-end"),
    path("notifications/", notifications.notification_list_view, name="notification-list"),
    path("notifications/read/", notifications.notification_read, name="notification-read-all"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification-read"),
    path("", include(reference.urlpatterns)),
    # Appraisals kept the address they had when they lived in payroll.
    path("payroll/appraisals/", include("appraisals.urls")),
    path("payroll/", include("payroll.urls")),
    path("crm/", include("clients.urls")),
    path("attendance/", include("attendance.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("training/", include("training.urls")),
    path("handovers/", include("handovers.urls")),
    path("meetings/", include("meetings.urls")),
    path("reviews/", include("reviews.urls")),
    path("push/", include("push.urls")),
    path("api/v1/", include("api.urls")),
    path("webhooks/", include("api.webhook_urls")),  # issue 21 §5: outgoing webhooks
    path("admin/", admin.site.urls),
]

# Issue 17: no route serves MEDIA_ROOT, in development either; every file has a view that
# checks the scope of its object (outreach/files.py).

handler404 = "outreach.views.errors.not_found"
handler500 = "outreach.views.errors.server_error"

"""/api/v1/: the open API's routes, its schema and its browsable documentation."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .views import clients, field, leads, pay

# SimpleRouter: no root view and no `.json` suffix routes (the API speaks JSON only).
router = SimpleRouter(trailing_slash=True)
router.register("clients", clients.ClientViewSet, basename="api-client")
router.register("leads", leads.LeadViewSet, basename="api-lead")
router.register("follow-ups", clients.FollowUpViewSet, basename="api-follow-up")
router.register("visits", clients.VisitViewSet, basename="api-visit")
router.register("deals", clients.DealViewSet, basename="api-deal")
router.register("check-ins", field.CheckInViewSet, basename="api-check-in")
router.register("daily-reports", field.DailyReportViewSet, basename="api-daily-report")
router.register("events", field.EventViewSet, basename="api-event")
router.register("invitations", field.InvitationViewSet, basename="api-invitation")
router.register("violations", field.ViolationViewSet, basename="api-violation")
router.register("payroll-runs", pay.PayrollRunViewSet, basename="api-payroll-run")
router.register("payslips", pay.PayslipViewSet, basename="api-payslip")
router.register("appraisals", pay.AppraisalViewSet, basename="api-appraisal")

urlpatterns = [
    path("", include(router.urls)),
    # A token reads the schema too (SERVE_PERMISSIONS: authenticated); the docs page is
    # for a logged-in browser.
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    # The split view serves Swagger UI's start-up as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

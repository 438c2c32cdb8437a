"""/api/v1/: the open API's routes, its schema and its browsable documentation."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .views import leads, pay

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("leads", leads.LeadViewSet, basename="api-lead")
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

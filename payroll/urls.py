from django.urls import path

from . import views, views_runs

urlpatterns = [
    path("runs/", views_runs.run_list, name="payroll-run-list"),
    path("runs/calculate/", views_runs.run_calculate, name="payroll-run-calculate"),
    path("runs/<int:pk>/", views_runs.run_detail, name="payroll-run"),
    path("runs/<int:pk>/commissions/", views_runs.run_commissions, name="payroll-run-commissions"),
    path("runs/<int:pk>/recalculate/", views_runs.run_recalculate, name="payroll-run-recalculate"),
    path("runs/<int:pk>/approve/", views_runs.run_approve, name="payroll-run-approve"),
    path("runs/<int:pk>/lock/", views_runs.run_lock, name="payroll-run-lock"),
    path("runs/<int:pk>/adjustments/", views_runs.adjustment_create, name="payroll-run-adjust"),
    path("runs/<int:pk>/fines/confirm/", views_runs.fine_confirm, name="payroll-fine-confirm"),
    path("runs/<int:pk>/export/", views_runs.export_request, name="payroll-run-export"),
    path("exports/<int:pk>/", views_runs.export_status, name="payroll-export"),
    path("exports/<int:pk>/download/", views_runs.export_download, name="payroll-export-download"),
    path("estimate/", views_runs.my_estimate, name="pay-estimate"),
    path("payslips/", views_runs.my_payslips, name="payslip-list"),
    path("payslips/<int:pk>/", views_runs.payslip_detail, name="payslip-detail"),
    path("policies/", views.PolicyList.as_view(), name="pay-policy-list"),
    path("policies/new/", views.PolicyCreate.as_view(), name="pay-policy-new"),
    path("targets/", views.target_board, name="target-board"),
    path("targets/copy/", views.target_copy_last_month, name="target-copy"),
    path("targets/approve/", views.target_approve_all, name="target-approve-all"),
]

from django.urls import path

from . import views

urlpatterns = [
    path("policies/", views.PolicyList.as_view(), name="pay-policy-list"),
    path("policies/new/", views.PolicyCreate.as_view(), name="pay-policy-new"),
    path("targets/", views.target_board, name="target-board"),
    path("targets/copy/", views.target_copy_last_month, name="target-copy"),
    path("targets/approve/", views.target_approve_all, name="target-approve-all"),
]

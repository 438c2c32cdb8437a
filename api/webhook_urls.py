"""/webhooks/: the managers' pages for the outgoing webhooks (issue 21 §5)."""

from django.urls import path

from . import webhook_views as views

urlpatterns = [
    path("", views.webhook_list_view, name="webhook-list"),
    path("new/", views.webhook_new_view, name="webhook-new"),
    path("<int:pk>/edit/", views.webhook_edit_view, name="webhook-edit"),
    path("<int:pk>/test/", views.webhook_test_view, name="webhook-test"),
]

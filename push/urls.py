from django.urls import path

from . import views

urlpatterns = [
    path("", views.robot_list_view, name="push-robot-list"),
    path("new/", views.robot_edit_view, name="push-robot-new"),
    path("<int:pk>/edit/", views.robot_edit_view, name="push-robot-edit"),
    path("<int:pk>/test/", views.robot_test_view, name="push-robot-test"),
]

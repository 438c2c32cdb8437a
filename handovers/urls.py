from django.urls import path

from . import views

urlpatterns = [
    path("", views.handover_list, name="handover-list"),
    path("<int:pk>/", views.handover_person, name="handover-person"),
]

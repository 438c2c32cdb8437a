from django.urls import path

from . import views

urlpatterns = [
    path("", views.calendar, name="training-calendar"),
    path("plans/", views.plans, name="training-plans"),
    path("plans/<int:pk>/items/", views.plan_item_add, name="training-plan-item-add"),
    path("sessions/new/", views.session_create, name="training-session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="training-session"),
    path("sessions/<int:pk>/results/", views.session_results, name="training-session-results"),
    path("sessions/<int:pk>/materials/", views.session_material, name="training-session-material"),
    path("materials/<int:pk>/", views.material_file, name="material-file"),
    path("sessions/<int:pk>/rate/", views.session_rate, name="training-session-rate"),
    path("record/", views.my_record, name="training-record"),
    path("record/<int:pk>/", views.person_record, name="training-record-person"),
]

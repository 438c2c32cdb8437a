from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.manager_dashboard, name="manager-dashboard"),
    path("home/field/", views.canvasser_home, name="canvasser-home"),
    path("home/reception/", views.consultant_home, name="consultant-home"),
    path("home/group/", views.leader_home, name="leader-home"),
    path("home/hr/", views.hr_home, name="hr-home"),
]

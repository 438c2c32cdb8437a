from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_appraisals, name="appraisal-mine"),
    path("<int:pk>/", views.appraisal_detail, name="appraisal-detail"),
    path("<int:pk>/self/", views.appraisal_self, name="appraisal-self"),
    path("<int:pk>/object/", views.appraisal_object, name="appraisal-object"),
    path("<int:pk>/evaluate/", views.appraisal_evaluate, name="appraisal-evaluate"),
    path("queue/", views.evaluation_queue, name="appraisal-queue"),
    path("cycles/", views.cycle_list, name="appraisal-cycle-list"),
    path("archive/", views.archive, name="appraisal-archive"),
    path("cycles/<int:pk>/", views.cycle_detail, name="appraisal-cycle"),
    path("cycles/<int:pk>/advance/", views.cycle_advance, name="appraisal-cycle-advance"),
    path("cycles/<int:pk>/bonus-base/", views.cycle_bonus_base, name="appraisal-cycle-bonus"),
    path("cycles/<int:pk>/review/", views.cycle_review, name="appraisal-cycle-review"),
    path("cycles/<int:pk>/archive/", views.cycle_archive, name="appraisal-cycle-archive"),
    path("cycles/<int:pk>/export/", views.cycle_export, name="appraisal-cycle-export"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="appraisal-objection-answer"),
    path("career/<int:pk>/", views.career_plan, name="career-plan"),
]

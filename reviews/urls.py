from django.urls import path

from . import views

urlpatterns = [
    path("", views.review_list, name="review-list"),
    path("<int:pk>/", views.review_detail, name="review-detail"),
    path("<int:pk>/print/", views.review_print, name="review-print"),
    path("<int:pk>/edit/", views.review_edit, name="review-edit"),
    path("<int:pk>/refresh/", views.review_refresh, name="review-refresh"),
    path("<int:pk>/publish/", views.review_publish, name="review-publish"),
    path("<int:pk>/export/", views.review_export, name="review-export"),
]

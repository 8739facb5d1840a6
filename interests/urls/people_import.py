"""Importing people from a staff list or ESR export, mounted at /people/import/."""

from django.urls import path

from interests.views import people_import as views

urlpatterns = [
    path("", views.upload_view, name="people_import_upload"),
    path("<int:pk>/columns/", views.columns_view, name="people_import_columns"),
    path("<int:pk>/preview/", views.preview_view, name="people_import_preview"),
    path("<int:pk>/commit/", views.commit_view, name="people_import_commit"),
    path("<int:pk>/", views.result_view, name="people_import_result"),
]

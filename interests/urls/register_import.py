from django.urls import path

from interests.views import register_import as views

urlpatterns = [
    path("", views.upload_view, name="register_import_upload"),
    path("<int:pk>/columns/", views.columns_view, name="register_import_columns"),
    path("<int:pk>/preview/", views.preview_view, name="register_import_preview"),
    path("<int:pk>/commit/", views.commit_view, name="register_import_commit"),
    path("<int:pk>/", views.result_view, name="register_import_result"),
    path(
        "<int:pk>/rows-not-imported.csv",
        views.refused_rows_view,
        name="register_import_refused_rows",
    ),
]

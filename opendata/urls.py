"""The open data API, version 1 (mounted at the site root)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from opendata import views

urlpatterns = [
    path("api/v1/", views.DatasetIndex.as_view(), name="opendata_index"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="opendata_schema"),
    path("api/v1/<slug:slug>/", views.DatasetRecords.as_view(), name="opendata_dataset"),
    path("api/v1/<slug:slug>.csv", views.DatasetCsv.as_view(), name="opendata_csv"),
    path(
        "api/v1/<slug:slug>/table-schema.json",
        views.DatasetTableSchema.as_view(),
        name="opendata_table_schema",
    ),
]

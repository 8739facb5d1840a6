from django.urls import path

from core.documents import views

urlpatterns = [
    path("documents/check/", views.document_check, name="document_check"),
    path("documents/<str:reference>/", views.document_status, name="document_status"),
    path("documents/<str:reference>/download/", views.document_download, name="document_download"),
]

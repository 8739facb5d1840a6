"""The breaches register (mounted at the site root)."""

from django.urls import path

from compliance import views

urlpatterns = [
    path("breaches/", views.breach_register, name="breach_register"),
    path("breaches/register.csv", views.breach_register_csv, name="breach_register_csv"),
    path("breaches/register.pdf", views.breach_register_pdf, name="breach_register_pdf"),
    path("breaches/new/", views.breach_record, name="breach_record"),
    path("breaches/checks/", views.breach_checks_run, name="breach_checks_run"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("breaches/<int:pk>/review/", views.breach_review, name="breach_review"),
    path("breaches/<int:pk>/update/", views.breach_update, name="breach_update"),
    path("breaches/published/", views.breaches_published, name="breaches_published"),
    path("breaches/published.csv", views.breaches_published_csv, name="breaches_published_csv"),
    path("breaches/published.pdf", views.breaches_published_pdf, name="breaches_published_pdf"),
]

"""The breaches register (mounted at the site root)."""

from django.urls import path

from compliance import annual_views, dashboard_views, views

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
    path("compliance/", dashboard_views.compliance_dashboard, name="compliance_dashboard"),
    path(
        "compliance/figures/<slug:key>/",
        dashboard_views.compliance_figure,
        name="compliance_figure",
    ),
    path("compliance/attestations/", annual_views.attestation_list, name="attestation_list"),
    path(
        "compliance/attestations/<int:pk>/",
        annual_views.attestation_detail,
        name="attestation_detail",
    ),
    path(
        "compliance/attestations/<int:pk>/attestation.pdf",
        annual_views.attestation_pdf,
        name="attestation_pdf",
    ),
    path(
        "compliance/attestations/sign/<int:year>/",
        annual_views.attestation_sign,
        name="attestation_sign",
    ),
    path("compliance/pack/", annual_views.audit_pack, name="audit_pack"),
    path("compliance/pack/<int:year>/pack.pdf", annual_views.audit_pack_pdf, name="audit_pack_pdf"),
    path("compliance/pack/<int:year>/pack.zip", annual_views.audit_pack_zip, name="audit_pack_zip"),
    path(
        "compliance/pack/zip/<uuid:token>/",
        annual_views.audit_pack_zip_status,
        name="audit_pack_zip_status",
    ),
    path(
        "compliance/pack/zip/<uuid:token>/download/",
        annual_views.audit_pack_zip_download,
        name="audit_pack_zip_download",
    ),
]

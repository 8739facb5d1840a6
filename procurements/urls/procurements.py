"""Procurements, panels, documents, awards and the decisions register (mounted at the site root)."""

from django.urls import path

from procurements.views import (
    awards,
    discussion,
    documents,
    forecast,
    panels,
    procurements,
    register,
)

urlpatterns = [
    path("procurements/", procurements.procurement_list, name="procurement_list"),
    path("procurements/new/", procurements.procurement_create, name="procurement_create"),
    path("procurements/<int:pk>/", procurements.procurement_detail, name="procurement_detail"),
    path("procurements/<int:pk>/edit/", procurements.procurement_edit, name="procurement_edit"),
    path(
        "procurements/<int:pk>/stage/",
        procurements.procurement_stage_move,
        name="procurement_stage_move",
    ),
    path(
        "procurements/<int:pk>/forecast/",
        forecast.procurement_forecast_view,
        name="procurement_forecast",
    ),
    path(
        "procurements/<int:pk>/discussion/",
        discussion.procurement_discussion,
        name="procurement_discussion",
    ),
    path("discussion/", discussion.discussion_search_view, name="discussion_search"),
    path("procurements/<int:pk>/lots/new/", procurements.lot_add, name="lot_add"),
    path("procurements/<int:pk>/lots/<int:lot_pk>/edit/", procurements.lot_edit, name="lot_edit"),
    path("procurements/<int:pk>/lots/<int:lot_pk>/bids/new/", procurements.bid_add, name="bid_add"),
    path(
        "procurements/<int:pk>/lots/<int:lot_pk>/bids/<int:bid_pk>/status/",
        procurements.bid_status,
        name="bid_status",
    ),
    # Evaluation panels
    path("procurements/<int:pk>/lots/<int:lot_pk>/panel/", panels.lot_panel, name="lot_panel"),
    path(
        "procurements/<int:pk>/lots/<int:lot_pk>/panel/add/",
        panels.evaluator_add,
        name="evaluator_add",
    ),
    path(
        "procurements/<int:pk>/lots/<int:lot_pk>/panel/<int:place_pk>/remove/",
        panels.evaluator_remove,
        name="evaluator_remove",
    ),
    path("procurements/evaluations/", panels.my_evaluations, name="my_evaluations"),
    path("procurements/evaluations/<int:pk>/", panels.evaluation, name="evaluation"),
    # Documents and awards
    path(
        "procurements/<int:pk>/lots/<int:lot_pk>/documents/new/",
        documents.lot_document_upload,
        name="lot_document_upload",
    ),
    path(
        "procurements/documents/<int:pk>/download/",
        documents.lot_document_download,
        name="lot_document_download",
    ),
    path(
        "procurements/<int:pk>/lots/<int:lot_pk>/award/", awards.award_record, name="award_record"
    ),
    # The procurement decisions register
    path("procurements/register/", register.full_register, name="procurement_register_full"),
    path(
        "procurements/register/csv/",
        register.full_register_csv,
        name="procurement_register_full_csv",
    ),
    path(
        "procurements/register/pdf/",
        register.full_register_pdf,
        name="procurement_register_full_pdf",
    ),
    path("procurement-register/", register.published_register, name="procurement_register"),
    path(
        "procurement-register/pdf/",
        register.published_register_pdf,
        name="procurement_register_pdf",
    ),
    path(
        "procurement-register/csv/",
        register.published_register_csv,
        name="procurement_register_csv",
    ),
]

from django.urls import path

from interests.views import declarations as views

urlpatterns = [
    path("declarations/", views.my_declarations_view, name="my_declarations"),
    path("declarations/download.pdf", views.my_declarations_pdf, name="my_declarations_pdf"),
    path("declarations/interests/new/", views.interest_new, name="interest_new"),
    path("declarations/interests/<int:pk>/", views.interest_detail, name="interest_detail"),
    path("declarations/interests/<int:pk>/edit/", views.interest_edit, name="interest_edit"),
    path("declarations/interests/<int:pk>/end/", views.interest_end, name="interest_end"),
    path(
        "declarations/interests/<int:pk>/history/", views.interest_history, name="interest_history"
    ),
    path(
        "declarations/interests/<int:pk>/withhold/",
        views.withholding_request_view,
        name="interest_withholding_request",
    ),
    path("declarations/nil-return/", views.nil_return, name="nil_return"),
    path(
        "declarations/annual/<int:campaign_pk>/",
        views.annual_declaration,
        name="annual_declaration",
    ),
    path(
        "declarations/organisation-suggestions/",
        views.organisation_suggestions,
        name="organisation_suggestions",
    ),
]

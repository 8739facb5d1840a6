"""The secretary's organisation screens, mounted at /organisations/."""

from django.urls import path

from interests.views import name_matches
from interests.views import organisations as views

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("suggestions/", views.organisation_suggestions, name="organisation_suggest"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "relationships/new/",
        views.organisation_relationship_add,
        name="organisation_relationship_add",
    ),
    path(
        "relationships/<int:pk>/end/",
        views.organisation_relationship_end,
        name="organisation_relationship_end",
    ),
    path("unlinked-names/", views.organisation_unlinked_names, name="organisation_unlinked_names"),
    path("unlinked-names/link/", views.organisation_name_link, name="organisation_name_link"),
    path("name-matches/", name_matches.name_match_queue, name="name_match_queue"),
    path("name-matches/search/", name_matches.name_match_search, name="name_match_search"),
    path("name-matches/<int:pk>/decide/", name_matches.name_match_decide, name="name_match_decide"),
    path("import/", views.organisation_import_upload, name="organisation_import_upload"),
    path("import/<int:pk>/", views.organisation_import_preview, name="organisation_import_preview"),
    path(
        "import/<int:pk>/commit/",
        views.organisation_import_commit,
        name="organisation_import_commit",
    ),
    path(
        "import/<int:pk>/result/",
        views.organisation_import_result,
        name="organisation_import_result",
    ),
]

"""URLs of the interests app, one module per feature."""

from django.urls import include, path

urlpatterns = [
    path("", include("interests.urls.declarations")),
    path("", include("interests.urls.registers")),
    path("organisations/", include("interests.urls.organisations")),
    path("gifts/", include("interests.urls.gifts")),
    path("registers/import/", include("interests.urls.register_import")),
    path("people/import/", include("interests.urls.people_import")),
    path("people/", include("interests.urls.people")),
    path("training/", include("interests.urls.training")),
]

"""URLs of the meetings app, one module per area."""

from django.urls import include, path

urlpatterns = [
    path("committees/", include("meetings.urls.committees")),
    path("", include("meetings.urls.meetings")),
]

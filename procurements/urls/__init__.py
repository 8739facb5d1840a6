from django.urls import include, path

urlpatterns = [
    path("", include("procurements.urls.procurements")),
]

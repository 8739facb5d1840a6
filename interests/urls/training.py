"""Training records, mounted at /training/."""

from django.urls import path

from interests.views import training as views

urlpatterns = [
    path("", views.training_overview, name="training_overview"),
    path("new/", views.training_record_new, name="training_record_new"),
    path("import/", views.training_import, name="training_import"),
    path("<int:pk>/withdraw/", views.training_withdraw, name="training_withdraw"),
]

"""The register of gifts and hospitality, mounted at /gifts/."""

from django.urls import path

from interests.views import gifts as views

urlpatterns = [
    path("", views.gift_mine, name="gift_mine"),
    path("new/", views.gift_new, name="gift_new"),
    path("guidance/", views.gift_guidance, name="gift_guidance"),
    path("<int:pk>/", views.gift_detail, name="gift_detail"),
    path("<int:pk>/correct/", views.gift_correct, name="gift_correct"),
    path("register/", views.gift_register, name="gift_register"),
    path("register/export.csv", views.gift_register_csv, name="gift_register_csv"),
    path("register/export.pdf", views.gift_register_pdf, name="gift_register_pdf"),
    path("published/", views.gift_published, name="gift_published"),
    path("published/export.csv", views.gift_published_csv, name="gift_published_csv"),
    path("published/export.pdf", views.gift_published_pdf, name="gift_published_pdf"),
]

from django.urls import path

from interests.views import registers as views

urlpatterns = [
    path("register/", views.register_published, name="published_register"),
    path("register/download.csv", views.register_published_csv, name="published_register_csv"),
    path("register/download.pdf", views.register_published_pdf, name="published_register_pdf"),
    path("registers/interests/", views.register_full, name="register_full"),
    path("registers/interests/download.csv", views.register_full_csv, name="register_full_csv"),
    path("registers/interests/download.pdf", views.register_full_pdf, name="register_full_pdf"),
    path("registers/review/", views.review_queue, name="register_review_queue"),
    path("registers/review/<int:pk>/", views.review_entry, name="register_review_entry"),
    path(
        "registers/review/<int:pk>/withholding/",
        views.withholding_decide,
        name="register_withholding_decide",
    ),
    path("registers/annual/", views.campaigns, name="register_campaigns"),
    path("registers/annual/<int:pk>/", views.campaign_detail, name="register_campaign_detail"),
    path("registers/annual/<int:pk>/close/", views.campaign_close, name="register_campaign_close"),
]

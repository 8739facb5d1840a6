"""The people screens, mounted at /people/."""

from django.urls import path

from interests.views import people as views
from interests.views import retention

urlpatterns = [
    path("", views.people_list, name="people_list"),
    path("retention/", retention.retention_review, name="retention_review"),
    path("new/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/leave/", views.person_leave, name="person_leave"),
    path("<int:pk>/invitation/", views.person_invitation_resend, name="person_invitation_resend"),
]

"""Committee set-up, under /committees/."""

from django.urls import path

from meetings.views import committees as views

urlpatterns = [
    path("", views.committee_list, name="committee_list"),
    path("add/", views.committee_create, name="committee_create"),
    path("<int:pk>/", views.committee_detail, name="committee_detail"),
    path("<int:pk>/change/", views.committee_edit, name="committee_edit"),
    path("<int:pk>/quorum/", views.committee_quorum, name="committee_quorum"),
    path("<int:pk>/members/add/", views.committee_member_add, name="committee_member_add"),
    path(
        "<int:pk>/members/<int:membership_pk>/end/",
        views.committee_member_end,
        name="committee_member_end",
    ),
    path("<int:pk>/reserve/add/", views.committee_reserve_add, name="committee_reserve_add"),
    path("<int:pk>/referrals/", views.committee_referrals, name="committee_referrals"),
]

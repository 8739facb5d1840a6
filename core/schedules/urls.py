from django.urls import path

from core.schedules import views

urlpatterns = [
    path("schedules/", views.schedule_list, name="schedule_list"),
    path("schedules/<int:pk>/", views.schedule_edit, name="schedule_edit"),
]

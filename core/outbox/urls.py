from django.urls import path

from core.outbox import views

urlpatterns = [
    path("messages/", views.my_messages, name="my_messages"),
    path("messages/<int:pk>/", views.my_message, name="my_message"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/retry/", views.outbox_retry, name="outbox_retry"),
]

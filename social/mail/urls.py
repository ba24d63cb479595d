from django.urls import path

from . import views

app_name = "mail"

urlpatterns = [
    path("mon-compte/notifications/", views.preferences, name="preferences"),
    path("mon-compte/notifications/adresse/", views.address_works, name="address_works"),
    path("mon-compte/notifications/resume/", views.preview, name="preview"),
    path("courriel/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

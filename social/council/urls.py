from django.urls import path

from . import views

app_name = "council"

urlpatterns = [
    path("elus/", views.council_home, name="home"),
    path("elus/commissions/<slug:slug>/", views.commission, name="commission"),
    path("elus/seances/<int:pk>/", views.meeting, name="meeting"),
    path("elus/deliberations/", views.deliberations, name="deliberations"),
]

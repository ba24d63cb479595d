from django.urls import path

from . import views

app_name = "polls"

urlpatterns = [
    path("sondages/", views.poll_list, name="list"),
    path("sondages/<int:pk>/", views.detail, name="detail"),
    path("sondages/<int:pk>/voter/", views.vote, name="vote"),
    path("sondages/<int:pk>/resultats.csv", views.results_csv, name="results_csv"),
]

from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("recherche/suggestions/", views.search_suggestions, name="search_suggestions"),
    path("base/articles/<int:article_id>/avis/", views.article_feedback, name="article_feedback"),
]

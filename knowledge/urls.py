from django.urls import path

from . import views
from .search import views as search_views

app_name = "knowledge"

urlpatterns = [
    path("recherche/", search_views.search, name="search"),
    path("recherche/suggestions/", search_views.search_suggestions, name="search_suggestions"),
    path("recherche/ouverture/", search_views.search_click, name="search_click"),
    path("base/articles/<int:article_id>/avis/", views.article_feedback, name="article_feedback"),
]

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .feeds import AtomNewsFeed, NewsFeed

app_name = "home"

urlpatterns = [
    path("mon-compte/flux/", views.feed_tokens, name="feed_tokens"),
    path("mon-compte/flux/nouveau/", views.feed_token_new, name="feed_token_new"),
    path(
        "mon-compte/flux/<int:token_id>/revoquer/",
        views.feed_token_delete,
        name="feed_token_delete",
    ),
    path("lectures-obligatoires/", views.readings, name="readings"),
    path("lectures-obligatoires/<int:pk>/", views.read_report, name="read_report"),
    path("lectures-obligatoires/<int:pk>/export.csv", views.read_export, name="read_export"),
    path("lectures-obligatoires/<int:pk>/relancer/", views.read_remind, name="read_remind"),
    path("lectures-obligatoires/<int:pk>/lu/", views.read_confirm, name="read_confirm"),
    path("flux/<str:token>/actualites.rss", login_not_required(NewsFeed()), name="feed_rss"),
    path("flux/<str:token>/actualites.atom", login_not_required(AtomNewsFeed()), name="feed_atom"),
]

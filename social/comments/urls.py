from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("commentaires/mentions/", views.mention_suggestions, name="mentions"),
    path("commentaires/<str:kind>/<int:pk>/", views.discussion, name="discussion"),
    path("commentaires/<str:kind>/<int:pk>/publier/", views.post, name="post"),
    path("commentaires/<int:pk>/repondre/", views.reply, name="reply"),
    path("commentaires/<int:pk>/modifier/", views.edit, name="edit"),
    path("commentaires/<int:pk>/supprimer/", views.delete, name="delete"),
    path("commentaires/<int:pk>/signaler/", views.report, name="report"),
]

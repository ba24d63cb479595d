from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("mon-fil/", views.feed, name="feed"),
    path("groupes/", views.index, name="index"),
    path("groupes/creer/", views.create, name="create"),
    path("groupes/images/<int:pk>/", views.post_image, name="image"),
    path("groupes/<slug:slug>/", views.detail, name="detail"),
    path("groupes/<slug:slug>/modifier/", views.edit, name="edit"),
    path("groupes/<slug:slug>/supprimer/", views.delete, name="delete"),
    path("groupes/<slug:slug>/image/", views.image, name="logo"),
    path("groupes/<slug:slug>/documents/", views.documents, name="documents"),
    path("groupes/<slug:slug>/membres/", views.members, name="members"),
    path("groupes/<slug:slug>/rejoindre/", views.join, name="join"),
    path("groupes/<slug:slug>/quitter/", views.leave, name="leave"),
    path("groupes/<slug:slug>/inviter/", views.invite, name="invite"),
    path("groupes/<slug:slug>/notifications/", views.notification_level, name="notifications"),
    path("groupes/<slug:slug>/demandes/<int:pk>/<str:decision>/", views.decide, name="decide"),
    path(
        "groupes/<slug:slug>/membres/<int:pk>/<str:action>/",
        views.member_action,
        name="member_action",
    ),
    path("groupes/<slug:slug>/publier/", views.publish, name="publish"),
    path("groupes/<slug:slug>/publications/<int:pk>/", views.post_detail, name="post"),
    path(
        "groupes/<slug:slug>/publications/<int:pk>/modifier/",
        views.post_edit_view,
        name="post_edit",
    ),
    path(
        "groupes/<slug:slug>/publications/<int:pk>/supprimer/",
        views.post_delete_view,
        name="post_delete",
    ),
    path(
        "groupes/<slug:slug>/publications/<int:pk>/moderer/",
        views.post_moderate_view,
        name="post_moderate",
    ),
    path(
        "groupes/<slug:slug>/publications/<int:pk>/meilleure-reponse/",
        views.choose_answer,
        name="choose_answer",
    ),
]

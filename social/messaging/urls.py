from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.conversation_list, name="index"),
    path("messages/badge/", views.badge, name="badge"),
    path("messages/nouvelle/", views.new, name="new"),
    path("messages/avec/<slug:slug>/", views.start_direct, name="start_direct"),
    path("messages/bloquer/<slug:slug>/", views.block, name="block"),
    path("messages/canal/<int:group_id>/", views.open_channel, name="open_channel"),
    path("messages/avec/<slug:slug>/visio/", views.visio_person, name="visio_person"),
    path("messages/canal/<int:group_id>/visio/", views.visio_group, name="visio_group"),
    path("messages/visio/<int:pk>/", views.visio_join, name="visio_join"),
    path("messages/<int:pk>/visio/", views.visio_conversation, name="visio"),
    path("messages/<int:pk>/", views.conversation, name="conversation"),
    path("messages/<int:pk>/suite/", views.updates, name="updates"),
    path("messages/<int:pk>/envoyer/", views.send, name="send"),
    path("messages/<int:pk>/participants/", views.members, name="members"),
    path("messages/<int:pk>/recherche/", views.search, name="search"),
    path("messages/<int:pk>/fichiers/", views.files, name="files"),
    path("messages/fichiers/<int:pk>/", views.file, name="file"),
    path("messages/<int:pk>/quitter/", views.leave, name="leave"),
    path("messages/<int:pk>/renommer/", views.rename, name="rename"),
    path("messages/<int:pk>/<slug:state>/", views.mark, name="mark"),
    path("messages/message/<int:pk>/modifier/", views.edit, name="edit"),
    path("messages/message/<int:pk>/supprimer/", views.delete, name="delete"),
    path("messages/message/<int:pk>/epingler/", views.pin, name="pin"),
    path("messages/message/<int:pk>/signaler/", views.report, name="report"),
    path("messages/signalements/", views.reports, name="reports"),
]

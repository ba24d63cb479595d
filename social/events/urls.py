from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("agenda/", views.month, name="index"),
    path("agenda/mois/<int:year>/<int:month>/", views.month, name="month"),
    path("agenda/semaine/<int:year>/<int:month>/<int:day>/", views.week, name="week"),
    path("agenda/a-venir/", views.upcoming, name="list"),
    path("agenda/mes-evenements/", views.mine, name="mine"),
    path("agenda/nouveau/", views.create, name="create"),
    path("agenda/abonnement/", views.subscriptions, name="subscriptions"),
    path("agenda/abonnement/nouveau/", views.subscription_new, name="subscription_new"),
    path(
        "agenda/abonnement/<int:token_id>/revoquer/",
        views.subscription_revoke,
        name="subscription_revoke",
    ),
    path("agenda/abonnement/<str:token>/agenda.ics", views.feed, name="feed"),
    path("agenda/evenements/<int:pk>/", views.detail, name="detail"),
    path("agenda/evenements/<int:pk>/repondre/", views.respond, name="respond"),
    path("agenda/evenements/<int:pk>/evenement.ics", views.event_ics, name="ics"),
    path("agenda/evenements/<int:pk>/image/", views.image, name="image"),
    path("agenda/evenements/<int:pk>/visio/", views.visio_join, name="visio"),
    path("agenda/evenements/<int:pk>/modifier/", views.edit, name="edit"),
    path("agenda/evenements/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("agenda/evenements/<int:pk>/seance/", views.occurrence, name="occurrence"),
    path("agenda/evenements/<int:pk>/participants/", views.participants, name="participants"),
    path(
        "agenda/evenements/<int:pk>/participants.csv",
        views.participants_csv,
        name="participants_csv",
    ),
    path(
        "agenda/evenements/<int:pk>/participants/message/",
        views.participants_message,
        name="participants_message",
    ),
]

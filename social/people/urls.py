from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("mot-de-passe/oublie/", views.password_reset, name="password_reset"),
    path("mot-de-passe/envoye/", views.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("mot-de-passe/change/", views.password_reset_complete, name="password_reset_complete"),
    path("mon-compte/", views.profile, name="profile"),
    path("mon-compte/profil/", views.profile_edit, name="profile_edit"),
    path("mon-compte/mot-de-passe/", views.password_change, name="password_change"),
    path("annuaire/", views.directory, name="directory"),
    path("annuaire/telephones/", views.phone_list, name="phone_list"),
    path(
        "annuaire/service/<slug:slug>/export.<str:fmt>",
        views.service_export,
        name="service_export",
    ),
    path("annuaire/<slug:slug>/", views.person, name="person"),
    path("annuaire/<slug:slug>/carte/", views.person_card, name="person_card"),
    path("annuaire/<slug:slug>/photo/", views.person_photo, name="person_photo"),
    path("annuaire/<slug:slug>/vcard/", views.person_vcard, name="person_vcard"),
    path("organigramme/", views.org_chart, name="org_chart"),
]

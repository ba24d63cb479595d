from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("deconnexion/", views.logout, name="logout"),
    path("connexion/sso/", views.sso_start, name="sso_start"),
    path("connexion/sso/retour/", views.sso_callback, name="sso_callback"),
    path("connexion/verification/", views.verify, name="verify"),
    path("connexion/activation/", views.activation, name="activation"),
    path("kiosque/installer/<str:token>/", views.kiosk_install, name="kiosk_install"),
    path("connexion/qr/<str:nonce>/", views.qr_sign_in, name="qr_sign_in"),
    path("annuaire/<slug:slug>/connexion-qr/", views.qr_sign_in_new, name="qr_sign_in_new"),
    path(
        "annuaire/<slug:slug>/code-d-activation/",
        views.activation_code_new,
        name="activation_code_new",
    ),
    path("mon-compte/securite/", views.security, name="security"),
    path("mon-compte/securite/application/", views.app_setup, name="app_setup"),
    path("mon-compte/securite/codes-de-secours/", views.recovery_codes, name="recovery_codes"),
    path(
        "mon-compte/securite/facteurs/<str:kind>/<int:pk>/retirer/",
        views.factor_delete,
        name="factor_delete",
    ),
    path(
        "mon-compte/securite/sessions/<int:pk>/fermer/", views.session_close, name="session_close"
    ),
    path(
        "mon-compte/securite/cles/inscription/debut/",
        views.key_registration_begin,
        name="key_registration_begin",
    ),
    path(
        "mon-compte/securite/cles/inscription/fin/",
        views.key_registration_complete,
        name="key_registration_complete",
    ),
    path(
        "connexion/verification/cle/debut/",
        views.key_authentication_begin,
        name="key_authentication_begin",
    ),
    path(
        "connexion/verification/cle/fin/",
        views.key_authentication_complete,
        name="key_authentication_complete",
    ),
]

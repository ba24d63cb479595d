"""What signing in keeps about people (cms/core/privacy.py): the sign-in log (6 months by
default), open sessions, second factors. A departure closes every session; an anonymisation
deletes the log, the factors and the ways in."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from cms.core.privacy import (
    Activity,
    DataKind,
    ExportPart,
    register_activity,
    register_anonymiser,
    register_data_kind,
    register_departure_step,
    register_export_part,
)
from social.people.models import User

from .models import (
    ActivationCode,
    ExternalIdentity,
    FieldAccount,
    QrSignIn,
    SignInEvent,
    UserSession,
)
from .sessions import sessions_close_all


def sign_in_rows(person: User):
    for event in SignInEvent.objects.filter(user=person).iterator(chunk_size=500):
        yield {
            "date": event.created_at,
            "event": event.get_kind_display(),
            "method": event.get_method_display() if event.method else "",
            "address": event.address,
            "browser": event.user_agent,
        }


def session_rows(person: User):
    for session in UserSession.objects.filter(user=person):
        yield {
            "opened": session.created_at,
            "last_seen": session.last_seen_at,
            "address": session.address,
            "browser": session.user_agent,
        }


def sign_in_purge(cutoff) -> int:
    return SignInEvent.objects.filter(created_at__lt=cutoff).delete()[0]


def people_departed(person_ids: list[int]) -> None:
    sessions_close_all(*User.objects.filter(pk__in=person_ids))


def person_anonymise(person: User, replacement: dict) -> None:
    sessions_close_all(person)
    typed = Q(user=person)
    if person.email:
        typed |= Q(identifier__iexact=person.email)
    SignInEvent.objects.filter(typed).delete()
    for model in (ExternalIdentity, FieldAccount, ActivationCode, QrSignIn):
        model.objects.filter(user=person).delete()
    for device in (TOTPDevice, StaticDevice, WebAuthnCredential):
        device.objects.filter(user=person).delete()


def register() -> None:
    register_activity(
        Activity(
            key="comptes",
            name=_("Comptes et sécurité des connexions"),
            purpose=_(
                "Permettre aux agents et aux élus de se connecter, protéger leurs comptes "
                "(second facteur, détection des tentatives d'intrusion) et fermer les sessions "
                "à distance."
            ),
            legal_basis=_(
                "Obligation de sécurité des données (article 32 du RGPD) et mission d'intérêt "
                "public (article 6.1.e)."
            ),
            data=_(
                "Identifiant, mot de passe chiffré, seconds facteurs, date, adresse IP et "
                "navigateur de chaque connexion et de chaque échec."
            ),
            recipients=_("La personne elle-même ; les administrateurs pour la sécurité."),
            order=10,
        )
    )
    register_data_kind(
        DataKind(
            key="sign_in_log",
            activity="comptes",
            label=_("Journal des connexions"),
            days=180,
            purge=sign_in_purge,
            min_days=30,
        )
    )
    register_data_kind(
        DataKind(
            key="sessions",
            activity="comptes",
            label=_("Sessions ouvertes"),
            days=None,
            kept_for=_("Jusqu'à la déconnexion ou l'expiration de la session (deux semaines)."),
        )
    )
    register_export_part(
        ExportPart(
            name="connexions.json",
            description=_("Votre journal des connexions : date, moyen, adresse IP, navigateur."),
            rows=sign_in_rows,
            order=5,
        )
    )
    register_export_part(
        ExportPart(
            name="sessions.json",
            description=_("Les navigateurs où vous êtes connecté."),
            rows=session_rows,
            order=6,
        )
    )
    register_departure_step(people_departed)
    register_anonymiser(person_anonymise)

"""The ways to sign in, each an authentication backend, so that Django's `authenticate()` — where
the throttle and the sign-in log listen — sees them all."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import jwt
import requests
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from social.people.models import Service, User

from .audit import sign_in_event_record
from .models import ExternalIdentity, SignInEvent

LOGGER = logging.getLogger("parvis.sign_in")
SSO_ERROR = "accounts.sso_error"


class PasswordBackend(ModelBackend):
    """The password, unless the collectivité signs in through its provider only."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.PASSWORD_LOGIN_ENABLED:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class SignInRefused(Exception):
    """A refusal the person is told about (in their language) and the log keeps."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


def provider_name() -> str:
    return settings.OIDC_PROVIDER or "oidc"


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """OpenID Connect (ProConnect or the collectivité's provider), with mozilla-django-oidc for
    the code flow, PKCE, nonce and the signed userinfo. Parvis adds: the audience, issuer and
    expiry of every signed token are checked; people are found by the provider's subject; a
    refusal is said in French, logged, and never a server error."""

    def authenticate(self, request, **kwargs):
        if request is None or not settings.OIDC_PROVIDER or "code" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SignInRefused as refusal:
            self._refuse(request, refusal.message, refusal.reason)
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:
            self._refuse(
                request,
                _("La réponse du fournisseur d'identité n'a pas pu être vérifiée."),
                str(error),
            )
        except requests.RequestException as error:
            self._refuse(
                request,
                _(
                    "Le fournisseur d'identité a refusé la connexion ou ne répond pas. "
                    "Réessayez dans un instant."
                ),
                str(error)[:200],
            )
        return None

    def _refuse(self, request, message: str, reason: str) -> None:
        LOGGER.warning("Single sign-on refused: %s", reason)
        request.session[SSO_ERROR] = message
        sign_in_event_record(
            request=request,
            kind=SignInEvent.Kind.FAILED,
            method=SignInEvent.Method.SINGLE_SIGN_ON,
            detail=reason,
        )

    # Tokens: signature (mozilla-django-oidc), then audience, issuer and expiry.

    def retrieve_matching_jwk(self, token):
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation("unreadable token header") from error
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO or "kid" not in header:
            raise SuspiciousOperation(f"token header refused: {header}")
        return super().retrieve_matching_jwk(token)

    def _verify_jws(self, payload, key):
        super()._verify_jws(payload, key)  # the algorithm and the signature
        options = {"require": ["exp", "aud"]}
        return jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=settings.OIDC_ISSUER or None,
            options=options,
            leeway=30,
        )

    def get_userinfo(self, access_token, id_token, payload):
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=self.get_settings("OIDC_TIMEOUT", None),
        )
        response.raise_for_status()
        if response.headers.get("content-type", "").lower().startswith("application/jwt"):
            token = response.text
            key = self.retrieve_matching_jwk(token)
            super()._verify_jws(token, key)
            # A signed userinfo (ProConnect's) need not expire: its audience and issuer must hold.
            claims = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER or None,
                options={"require": ["aud"], "verify_exp": True},
            )
        else:
            claims = response.json()
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo subject differs from the ID token's")
        return claims

    # People: found by subject, created or joined under the collectivité's rules.

    def verify_claims(self, claims):
        if not claims.get("sub"):
            raise SignInRefused(_("Le fournisseur d'identité n'a pas dit qui vous êtes."), "no sub")
        email = (claims.get("email") or "").strip().lower()
        domains = [domain.lower() for domain in settings.OIDC_ALLOWED_DOMAINS]
        sirets = settings.OIDC_ALLOWED_SIRETS
        known = ExternalIdentity.objects.filter(
            provider=provider_name(), subject=claims["sub"]
        ).exists()
        if not known and (domains or sirets):
            domain_ok = bool(domains) and email.rpartition("@")[2] in domains
            siret_ok = bool(sirets) and str(claims.get("siret", "")) in sirets
            if not (domain_ok or siret_ok):
                raise SignInRefused(
                    _(
                        "Votre compte n'appartient pas à la collectivité : l'intranet est "
                        "réservé à ses agents et à ses élus."
                    ),
                    f"not allowed: {email} / siret {claims.get('siret', '')}",
                )
        return True

    def filter_users_by_claims(self, claims):
        identity = (
            ExternalIdentity.objects.select_related("user")
            .filter(provider=provider_name(), subject=claims["sub"])
            .first()
        )
        if identity is not None:
            return [identity.user]
        email = (claims.get("email") or "").strip().lower()
        existing = User.objects.filter(email__iexact=email).first() if email else None
        if existing is None:
            return []
        domains = [domain.lower() for domain in settings.OIDC_ALLOWED_DOMAINS]
        if email.rpartition("@")[2] not in domains:
            raise SignInRefused(
                _(
                    "Un compte existe déjà avec cette adresse, mais il n'est pas relié à ce "
                    "fournisseur d'identité. Connectez-vous avec votre mot de passe ou "
                    "demandez à l'administrateur de l'intranet."
                ),
                f"existing account not linked: {email}",
            )
        self._link(existing, claims)
        return [existing]

    def create_user(self, claims):
        if not settings.OIDC_CREATE_USER:
            raise SignInRefused(
                _("Aucun compte de l'intranet ne correspond : demandez à l'administrateur."),
                "no account and OIDC_CREATE_USER is off",
            )
        email = (claims.get("email") or "").strip().lower()
        try:
            with transaction.atomic():
                user = User(email=email, is_active=True)
                self._apply_claims(user, claims)
                user.set_unusable_password()
                user.save()
                self._link(user, claims)
        except IntegrityError as error:  # the same person, in another tab, at the same moment
            raise SignInRefused(_("Réessayez dans un instant."), str(error)[:200]) from error
        return user

    def update_user(self, user, claims):
        changed = self._apply_claims(user, claims)
        if changed:
            user.save(update_fields=changed)
        ExternalIdentity.objects.filter(provider=provider_name(), subject=claims["sub"]).update(
            last_used_at=timezone.now()
        )
        return user

    def _link(self, user: User, claims: dict) -> None:
        ExternalIdentity.objects.get_or_create(
            provider=provider_name(), subject=claims["sub"], defaults={"user": user}
        )

    def _apply_claims(self, user: User, claims: dict) -> list[str]:
        """Names, service and role from the provider; returns the fields that changed."""
        values = {
            "first_name": claims.get("given_name") or "",
            "last_name": claims.get(settings.OIDC_FAMILY_NAME_CLAIM) or "",
        }
        service = self._service(claims)
        if service is not None:
            values["service"] = service
        role_claim = settings.OIDC_ROLE_CLAIM
        if role_claim and role_claim in claims:
            raw = claims[role_claim]
            roles = raw if isinstance(raw, list) else [raw]
            is_elu = any(str(value) in settings.OIDC_ELU_VALUES for value in roles)
            values["role"] = User.Role.ELU if is_elu else User.Role.AGENT
        changed = []
        for name, value in values.items():
            if value and getattr(user, name) != value:
                setattr(user, name, value)
                changed.append(name)
        return changed

    def _service(self, claims: dict) -> Service | None:
        name = settings.OIDC_SERVICE_CLAIM
        if not name or not claims.get(name):
            return None
        raw = str(claims[name]).strip()
        wanted = settings.OIDC_SERVICE_MAP.get(raw, raw)
        return (
            Service.objects.filter(slug=wanted).first()
            or Service.objects.filter(acronym__iexact=wanted).first()
            or Service.objects.filter(name__iexact=wanted).first()
        )

"""The second factor: who owes one, checking a code, and the person's own factors.

A session is « verified » (django-otp) once a second factor has been given in it. Whoever has a
factor, or must have one (superusers, staff, anyone who can open the administration, or everyone
with MFA_REQUIRED_FOR_ALL), owes it on every session, whatever the way in: the check is made on
each request by `SecondFactorMiddleware`, not by a login page (a second factor asked only by
Parvis's login would be skipped by Wagtail's, by a password reset, or by a session opened
before the rule).
"""

from __future__ import annotations

import secrets
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

import django_otp
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from cms.core import generations
from social.people.audience import per_user_cached
from social.people.models import User
from social.people.selectors import user_can_access_admin

from .audit import sign_in_event_record
from .models import SignInEvent
from .sessions import sessions_close_all

RECOVERY_CODES = 10
RECOVERY_DEVICE_NAME = "codes-de-secours"
TOTP_DEVICE_NAME = "application"


def generation_name(user_id: int) -> str:
    """Counter bumped when a person's factors change (their « has a factor » is cached)."""
    return f"second-factors:{user_id}"


def second_factor_required(user: User) -> bool:
    """Must this person have a second factor? (ANSSI: whoever administers.)"""
    if settings.MFA_REQUIRED_FOR_ALL or user.is_superuser or user.is_staff:
        return True
    return user_can_access_admin(user)


def has_second_factor(user: User) -> bool:
    """Has this person an authenticator app or a security key (recovery codes alone are not
    a factor: they stand in for one)?"""
    return per_user_cached(
        user,
        "has-second-factor",
        lambda person: (
            TOTPDevice.objects.filter(user=person, confirmed=True).exists()
            or WebAuthnCredential.objects.filter(user=person, confirmed=True).exists()
        ),
        generations=(generation_name(user.pk),),
    )


# --- Checking a code -----------------------------------------------------------------------


@dataclass
class CodeCheck:
    device: object | None
    error: str = ""


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _throttled_message(device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    if data and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        locked_until = data.get("locked_until")
        seconds = (
            max(1, int((locked_until - timezone.now()).total_seconds())) if locked_until else 1
        )
        return _("Trop de codes erronés. Attendez %(seconds)s secondes avant de réessayer.") % {
            "seconds": seconds
        }
    return _("Ce moyen de vérification est momentanément bloqué.")


def code_check(*, request: HttpRequest, code: str) -> CodeCheck:
    """A code typed by the signed-in person: six digits from their app, or a recovery code
    (used once). Wrong codes slow the next tries down (django-otp's throttling, per factor)."""
    user = request.user
    token = _normalised(code)
    if token.isdigit() and len(token) == 6:
        devices, method = TOTPDevice.objects.devices_for_user(user), SignInEvent.Method.TOTP
    else:
        devices = StaticDevice.objects.devices_for_user(user)
        method = SignInEvent.Method.RECOVERY_CODE
    error = _("Ce code n'est pas valide. Vérifiez-le et réessayez.")
    for device in devices:
        throttled = _throttled_message(device)
        if throttled:
            error = throttled
            continue
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            django_otp.login(request, verified)
            sign_in_event_record(
                request=request,
                user=user,
                kind=SignInEvent.Kind.SECOND_FACTOR_PASSED,
                method=method,
            )
            return CodeCheck(device=verified)
    sign_in_event_record(
        request=request, user=user, kind=SignInEvent.Kind.SECOND_FACTOR_FAILED, method=method
    )
    return CodeCheck(device=None, error=error)


# --- The person's own factors --------------------------------------------------------------


@dataclass
class Factor:
    kind: str  # "totp" or "key"
    pk: int
    name: str
    created_at: datetime | None
    last_used_at: datetime | None


def factors_of(user: User) -> list[Factor]:
    factors = [
        Factor(
            "totp",
            device.pk,
            _("Application d'authentification"),
            device.created_at,
            device.last_used_at,
        )
        for device in TOTPDevice.objects.filter(user=user, confirmed=True)
    ]
    factors += [
        Factor("key", key.pk, key.name or _("Clé de sécurité"), key.created_at, key.last_used_at)
        for key in WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk")
    ]
    return factors


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_device_start(user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator app for `user`: confirmed by its first right code.
    An earlier unconfirmed one is replaced (its QR code was never used)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def totp_secret_for_people(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing it into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> str | None:
    """Confirm a new app by a code it shows; the session becomes verified. Returns an error
    message, or None when confirmed."""
    throttled = _throttled_message(device)
    if throttled:
        return throttled
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(_normalised(code)):
            return _("Ce code n'est pas valide. Vérifiez l'heure de votre téléphone et réessayez.")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    django_otp.login(request, device)
    sign_in_event_record(
        request=request,
        user=request.user,
        kind=SignInEvent.Kind.SECOND_FACTOR_ADDED,
        method=SignInEvent.Method.TOTP,
    )
    return None


def recovery_codes_generate(*, request: HttpRequest) -> list[str]:
    """Ten new single-use recovery codes for the signed-in person; the old ones stop working.
    Shown once: only their use is stored."""
    user = request.user
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [_recovery_code() for _index in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code.replace("-", "")) for code in codes
        )
    sign_in_event_record(request=request, user=user, kind=SignInEvent.Kind.RECOVERY_CODES)
    return codes


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing read twice: no 0/o, 1/l/i
    raw = "".join(secrets.choice(alphabet) for _index in range(10))
    return f"{raw[:5]}-{raw[5:]}"


class LastFactorError(Exception):
    pass


def factor_remove(*, request: HttpRequest, kind: str, pk: int) -> None:
    """Remove one of the signed-in person's factors. The last one cannot go while a factor is
    required of them; with the last one go the recovery codes."""
    user = request.user
    model = TOTPDevice if kind == "totp" else WebAuthnCredential
    with transaction.atomic():
        device = model.objects.select_for_update().get(user=user, pk=pk)
        others = [f for f in factors_of(user) if (f.kind, f.pk) != (kind, pk)]
        if not others and second_factor_required(user):
            raise LastFactorError(
                _(
                    "Votre rôle exige une double authentification : ajoutez un autre moyen "
                    "avant de retirer celui-ci."
                )
            )
        device.delete()
        if not others:
            StaticDevice.objects.filter(user=user).delete()
    sign_in_event_record(
        request=request,
        user=user,
        kind=SignInEvent.Kind.SECOND_FACTOR_REMOVED,
        method=SignInEvent.Method.TOTP if kind == "totp" else SignInEvent.Method.SECURITY_KEY,
    )


def second_factor_reset(*, request: HttpRequest, person: User) -> int:
    """An administrator removes all of `person`'s factors and recovery codes (a lost phone):
    their open sessions are closed, and they set a factor up again at their next sign-in if one
    is required of them. Returns how many factors were removed."""
    with transaction.atomic():
        removed = len(factors_of(person))
        TOTPDevice.objects.filter(user=person).delete()
        WebAuthnCredential.objects.filter(user=person).delete()
        StaticDevice.objects.filter(user=person).delete()
        sessions_close_all(person)
        sign_in_event_record(
            request=request,
            user=person,
            kind=SignInEvent.Kind.SECOND_FACTOR_REMOVED,
            detail=_("réinitialisée par %(name)s") % {"name": request.user.get_username()},
        )
    return removed


def _factors_changed(sender, instance, **kwargs):
    generations.bump(generation_name(instance.user_id))


for _model in (TOTPDevice, StaticDevice, WebAuthnCredential):
    post_save.connect(_factors_changed, sender=_model, dispatch_uid=f"factors-{_model.__name__}")
    post_delete.connect(
        _factors_changed, sender=_model, dispatch_uid=f"factors-del-{_model.__name__}"
    )

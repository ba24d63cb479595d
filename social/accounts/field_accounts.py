"""Field agents without a work mailbox (voirie, espaces verts, entretien, cantines, police
municipale): a login identifier, an activation code printed by HR or their manager, then a PIN
(six digits, strict lockout) or a password. Everything mail does for others (first password,
forgotten password) is done with a new activation code."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from social.people.models import User
from social.people.permissions import can_manage_people

from .audit import sign_in_event_record
from .models import ActivationCode, FieldAccount, QrSignIn, SignInEvent
from .sessions import sessions_close_all

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # nothing read twice: no 0/O, 1/I/L
CODE_LENGTH = 10
PIN_LENGTH = 6


def can_issue_activation_code(actor: User, person: User) -> bool:
    """HR and administrators (who manage people), and the person's own manager."""
    if not actor.is_active or actor.pk == person.pk:
        return False
    return can_manage_people(actor) or (
        person.manager_id is not None and person.manager_id == actor.pk
    )


def login_for(person: User) -> str:
    """prénom.nom, or the matricule, made unique (jean.dupont, jean.dupont2…)."""
    base = ".".join(
        part for part in (slugify(person.first_name), slugify(person.last_name)) if part
    )
    base = base or (person.employee_number or "").lower() or f"agent{person.pk}"
    taken = set(FieldAccount.objects.filter(login__startswith=base).values_list("login", flat=True))
    if base not in taken:
        return base
    return next(f"{base}{n}" for n in range(2, len(taken) + 3) if f"{base}{n}" not in taken)


def _normalised_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def activation_code_issue(*, request: HttpRequest, person: User) -> tuple[FieldAccount, str]:
    """A new code for `person` (earlier ones stop working); the account gets its login if it
    had none. The code is returned once, to be printed; only its hash is kept."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _index in range(CODE_LENGTH))
    now = timezone.now()
    with transaction.atomic():
        account = FieldAccount.objects.select_for_update().filter(user=person).first()
        if account is None:
            for _attempt in range(5):
                try:
                    with transaction.atomic():
                        account = FieldAccount.objects.create(user=person, login=login_for(person))
                    break
                except IntegrityError:  # the same login taken meanwhile
                    continue
        person.activation_codes.filter(used_at__isnull=True).update(expires_at=now)
        ActivationCode.objects.create(
            user=person,
            code_hash=make_password(raw),
            created_by=request.user,
            expires_at=now + timedelta(hours=settings.ACTIVATION_CODE_HOURS),
        )
    sign_in_event_record(
        request=request,
        user=person,
        kind=SignInEvent.Kind.ACTIVATION_CODE_ISSUED,
        detail=_("par %(name)s") % {"name": request.user.get_username()},
    )
    return account, f"{raw[:5]}-{raw[5:]}"


def valid_activation_code(person: User, code: str) -> ActivationCode | None:
    wanted = _normalised_code(code)
    for candidate in person.activation_codes.filter(
        used_at__isnull=True, expires_at__gt=timezone.now()
    ):
        if check_password(wanted, candidate.code_hash):
            return candidate
    return None


def account_activate(
    *, request: HttpRequest, code: ActivationCode, pin: str = "", password: str = ""
) -> None:
    """The person chose their PIN or password: the code is spent, the lockout lifted, their
    other sessions closed."""
    person = code.user
    with transaction.atomic():
        spent = ActivationCode.objects.filter(pk=code.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not spent:
            raise ValueError("activation code already used")
        account = FieldAccount.objects.select_for_update().get(user=person)
        account.failures, account.locked_at = 0, None
        account.pin = make_password(pin) if pin else ""
        account.save(update_fields=["failures", "locked_at", "pin"])
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save(update_fields=["password"])
        sessions_close_all(person)
    sign_in_event_record(
        request=request,
        user=person,
        kind=SignInEvent.Kind.ACCOUNT_ACTIVATED,
        method=SignInEvent.Method.PIN if pin else SignInEvent.Method.PASSWORD,
    )


class FieldAgentBackend(ModelBackend):
    """The login identifier with a PIN or a password, and (for the activation page) with an
    activation code. After PIN_MAX_FAILURES wrong PINs or passwords in a row, the account is
    locked until a new activation code is used: a PIN's million values allow no more."""

    def authenticate(self, request, username=None, password=None, activation_code=None, **kwargs):
        if not username or "@" in username:
            return None
        account = (
            FieldAccount.objects.select_related("user")
            .filter(login=username.strip().lower())
            .first()
        )
        if account is None or not self.user_can_authenticate(account.user):
            return None
        person = account.user
        if activation_code is not None:
            return person if valid_activation_code(person, activation_code) else None
        if password is None:
            return None
        if account.locked_at is not None:
            if request is not None:
                request.sign_in_refusal = _(
                    "Ce compte est bloqué après trop d'essais. Demandez un nouveau code "
                    "d'activation à votre responsable ou au service des ressources humaines."
                )
            return None
        if account.pin and password.isdigit() and check_password(password, account.pin):
            ok = True
        else:
            ok = settings.PASSWORD_LOGIN_ENABLED and person.check_password(password)
        self._count(request, account, ok)
        if ok:
            person.backend_method = SignInEvent.Method.PIN if account.pin else ""
            return person
        return None

    def _count(self, request, account: FieldAccount, ok: bool) -> None:
        if ok:
            if account.failures:
                FieldAccount.objects.filter(pk=account.pk).update(failures=0)
            return
        with transaction.atomic():
            account = FieldAccount.objects.select_for_update().get(pk=account.pk)
            account.failures += 1
            if account.failures >= settings.PIN_MAX_FAILURES and account.locked_at is None:
                account.locked_at = timezone.now()
                sign_in_event_record(
                    request=request,
                    user=account.user,
                    kind=SignInEvent.Kind.ACCOUNT_LOCKED,
                    method=SignInEvent.Method.PIN,
                )
            account.save(update_fields=["failures", "locked_at"])


QR_VALIDITY = timedelta(minutes=2)


def qr_sign_in_create(*, request: HttpRequest, person: User) -> QrSignIn:
    """A one-time sign-in for `person`, shown by their supervisor as a QR code."""
    return QrSignIn.objects.create(
        user=person,
        nonce=secrets.token_urlsafe(32),
        created_by=request.user,
        expires_at=timezone.now() + QR_VALIDITY,
    )


def qr_sign_in_pending(nonce: str) -> QrSignIn | None:
    return (
        QrSignIn.objects.select_related("user")
        .filter(
            nonce=nonce, used_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )
        .first()
    )


def qr_sign_in_use(*, request: HttpRequest, nonce: str) -> User | None:
    """Spend the QR sign-in (once, before it expires) and return its person."""
    pending = qr_sign_in_pending(nonce)
    if pending is None:
        sign_in_event_record(
            request=request,
            kind=SignInEvent.Kind.FAILED,
            method=SignInEvent.Method.QR_CODE,
            detail="unknown, used or expired QR sign-in",
        )
        return None
    spent = QrSignIn.objects.filter(pk=pending.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not spent:
        return None
    person = pending.user
    person.backend_method = SignInEvent.Method.QR_CODE
    return person

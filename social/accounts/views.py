from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

import segno
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential
from mozilla_django_oidc import views as oidc_views

from social.people.models import User

from .audit import sign_in_event_record
from .backends import SSO_ERROR
from .field_accounts import (
    account_activate,
    activation_code_issue,
    can_issue_activation_code,
    qr_sign_in_create,
    qr_sign_in_pending,
    qr_sign_in_use,
    valid_activation_code,
)
from .forms import ActivationForm, AppCodeForm, ChooseSecretForm, CodeForm
from .kiosk import COOKIE as KIOSK_COOKIE
from .kiosk import device_enrol
from .middleware import second_factor_enrolment, second_factor_exempt
from .models import ActivationCode, SignInEvent
from .second_factor import (
    LastFactorError,
    code_check,
    factor_remove,
    factors_of,
    has_second_factor,
    recovery_codes_generate,
    recovery_codes_left,
    second_factor_required,
    totp_device_confirm,
    totp_device_start,
    totp_secret_for_people,
)
from .sessions import session_revoke, sessions_of

FRESH_CODES = "accounts.fresh_recovery_codes"
PENDING_APP = "accounts.pending_app"
HISTORY_SIZE = 15


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return "/"


@never_cache
@second_factor_exempt
def verify(request: HttpRequest) -> HttpResponse:
    """The second factor, after the password: a code from the app, a recovery code, or a
    security key."""
    user = request.user
    if user.is_verified() or not has_second_factor(user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        check = code_check(request=request, code=form.cleaned_data["code"])
        if check.device is not None:
            return redirect(_next_url(request))
        form.add_error("code", check.error)
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "has_app": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "has_key": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
            "has_recovery": StaticDevice.objects.filter(user=user).exists(),
        },
        status=status,
    )


@never_cache
@second_factor_enrolment
def security(request: HttpRequest) -> HttpResponse:
    """« Mon compte › Sécurité »: the second factors, the recovery codes, the open sessions and
    the last sign-ins."""
    user = request.user
    events = SignInEvent.objects.filter(user=user)[:HISTORY_SIZE]
    return render(
        request,
        "accounts/security.html",
        {
            "required": second_factor_required(user),
            "factors": factors_of(user),
            "has_app": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "recovery_left": recovery_codes_left(user),
            "fresh_codes": request.session.pop(FRESH_CODES, None),
            "sessions": sessions_of(request),
            "events": events,
            "next": _next_url(request) if request.GET.get("next") else "",
        },
    )


@never_cache
@second_factor_enrolment
def app_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (drawn here, never by a third party), then
    type the code it shows."""
    user = request.user
    device = None
    pending = request.session.get(PENDING_APP)
    if pending:
        device = TOTPDevice.objects.filter(user=user, pk=pending, confirmed=False).first()
    if device is None or (request.method == "GET" and "nouveau" in request.GET):
        device = totp_device_start(user)
        request.session[PENDING_APP] = device.pk
    form = AppCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        error = totp_device_confirm(request=request, device=device, code=form.cleaned_data["code"])
        if error is None:
            request.session.pop(PENDING_APP, None)
            if not StaticDevice.objects.filter(user=user).exists():
                request.session[FRESH_CODES] = recovery_codes_generate(request=request)
            messages.success(request, _("L'application d'authentification est activée."))
            return redirect(_after_setup(request))
        form.add_error("code", error)
        status = 400
    elif request.method == "POST":
        status = 400
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/app_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(
                scale=5,
                dark="#1b1b1b",
                light="#ffffff",
                title=_("Code QR à scanner avec l'application d'authentification"),
            ),
            "secret": totp_secret_for_people(device),
            "next": _next_url(request) if request.GET.get("next") else "",
        },
        status=status,
    )


def _after_setup(request: HttpRequest) -> str:
    url = reverse("accounts:security")
    wanted = request.POST.get("next") or request.GET.get("next")
    if wanted and _next_url(request) == wanted:
        return f"{url}?next={wanted}"
    return url


@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once on the security page."""
    if not has_second_factor(request.user):
        messages.error(request, _("Ajoutez d'abord une application ou une clé de sécurité."))
    else:
        request.session[FRESH_CODES] = recovery_codes_generate(request=request)
    return redirect("accounts:security")


@require_POST
def factor_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in ("totp", "key"):
        raise Http404
    try:
        factor_remove(request=request, kind=kind, pk=pk)
    except ObjectDoesNotExist:
        messages.error(request, _("Ce moyen de vérification n'existe plus."))
    except LastFactorError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Le moyen de vérification est retiré."))
    return redirect("accounts:security")


@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    if session_revoke(request=request, pk=pk):
        messages.success(request, _("La session est fermée : ce navigateur devra se reconnecter."))
    else:
        messages.error(request, _("Cette session n'existe plus."))
    return redirect("accounts:security")


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """Wagtail's own login page is closed: the administration signs in through Parvis's, where
    the throttle, the log and the second factor apply."""
    wanted = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        wanted = ""
    return redirect(f"{reverse('people:login')}?{urlencode({'next': wanted or '/admin/'})}")


# Security keys (WebAuthn): django-otp-webauthn's ceremonies, reachable as the factor they are.


class KeyRegistrationComplete(webauthn_views.CompleteCredentialRegistrationView):
    """A new key: the first factor of someone who had none also gets recovery codes."""

    def post(self, *args, **kwargs):
        request = self.request
        first = not has_second_factor(request.user)
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            sign_in_event_record(
                request=request,
                user=request.user,
                kind=SignInEvent.Kind.SECOND_FACTOR_ADDED,
                method=SignInEvent.Method.SECURITY_KEY,
            )
            if first and not StaticDevice.objects.filter(user=request.user).exists():
                request.session[FRESH_CODES] = recovery_codes_generate(request=request)
        return response


class KeyAuthenticationComplete(webauthn_views.CompleteCredentialAuthenticationView):
    """A key given as the second factor: both outcomes go to the sign-in log."""

    def _record(self, kind: str) -> None:
        user = self.request.user
        sign_in_event_record(
            request=self.request,
            user=user if user.is_authenticated else None,
            kind=kind,
            method=SignInEvent.Method.SECURITY_KEY,
        )

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        self._record(SignInEvent.Kind.SECOND_FACTOR_PASSED)
        return response

    def handle_exception(self, exc):
        self._record(SignInEvent.Kind.SECOND_FACTOR_FAILED)
        return super().handle_exception(exc)


key_registration_begin = second_factor_enrolment(
    webauthn_views.BeginCredentialRegistrationView.as_view()
)
key_registration_complete = second_factor_enrolment(KeyRegistrationComplete.as_view())
key_authentication_begin = second_factor_exempt(
    webauthn_views.BeginCredentialAuthenticationView.as_view()
)
key_authentication_complete = second_factor_exempt(KeyAuthenticationComplete.as_view())


# Single sign-on (ProConnect or the collectivité's OpenID Connect provider)


def sso_enabled() -> bool:
    return bool(settings.OIDC_PROVIDER and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


class SingleSignOnStart(oidc_views.OIDCAuthenticationRequestView):
    """Off to the provider, with PKCE, a nonce and a state kept in the session."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        return super().get(request)

    def get_extra_params(self, request):
        params = {}
        if settings.OIDC_ACR_VALUES:
            params["acr_values"] = settings.OIDC_ACR_VALUES
        if settings.OIDC_PROMPT:
            params["prompt"] = settings.OIDC_PROMPT
        return params


class SingleSignOnCallback(oidc_views.OIDCAuthenticationCallbackView):
    """Back from the provider: signed in, or on the login page with the reason in French."""

    @property
    def failure_url(self):
        return reverse("people:login")

    def get(self, request):
        if not sso_enabled():
            raise Http404
        state = request.GET.get("state")
        if "code" in request.GET and state not in request.session.get("oidc_states", {}):
            # An answer this browser did not ask for (replayed, or from another session).
            request.session[SSO_ERROR] = _(
                "Cette réponse du fournisseur d'identité a expiré ou a déjà servi : "
                "reconnectez-vous."
            )
            sign_in_event_record(
                request=request,
                kind=SignInEvent.Kind.FAILED,
                method=SignInEvent.Method.SINGLE_SIGN_ON,
                detail="unknown or reused state",
            )
            return self.login_failure()
        if request.GET.get("error"):
            request.session[SSO_ERROR] = _("La connexion a été annulée auprès du fournisseur.")
        response = super().get(request)
        user = getattr(self, "user", None)
        if user is not None and not user.is_active:
            request.session[SSO_ERROR] = _("Ce compte est désactivé.")
            sign_in_event_record(
                request=request,
                user=user,
                kind=SignInEvent.Kind.FAILED,
                method=SignInEvent.Method.SINGLE_SIGN_ON,
                detail="inactive account",
            )
        return response


sso_start = login_not_required(SingleSignOnStart.as_view())
sso_callback = login_not_required(SingleSignOnCallback.as_view())


@require_POST
@second_factor_exempt
def logout(request: HttpRequest) -> HttpResponse:
    """Sign out of Parvis, and out of the provider too when the session came from it (its
    end-session endpoint, with the ID token as hint)."""
    id_token = request.session.get("oidc_id_token")
    auth_logout(request)
    if id_token and settings.OIDC_OP_LOGOUT_ENDPOINT:
        params = {
            "id_token_hint": id_token,
            "state": get_random_string(32),
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("people:login")),
        }
        return redirect(f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}")
    return redirect(settings.LOGOUT_REDIRECT_URL)


# Field agents: activation with a printed code, and the code printed by HR or the manager

ACTIVATION = "accounts.activation"


@never_cache
@login_not_required
def activation(request: HttpRequest) -> HttpResponse:
    """First sign-in, forgotten PIN, lockout: the identifier and the printed code, then the
    PIN or password the person chooses. Wrong codes count as failed sign-ins (the throttle)."""
    pending = request.session.get(ACTIVATION)
    code = (
        ActivationCode.objects.select_related("user")
        .filter(pk=pending, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
        if pending
        else None
    )
    if code is None:
        form = ActivationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            person = authenticate(
                request,
                username=form.cleaned_data["login"],
                activation_code=form.cleaned_data["code"],
            )
            found = valid_activation_code(person, form.cleaned_data["code"]) if person else None
            if found is not None:
                request.session[ACTIVATION] = found.pk
                return redirect("accounts:activation")
            form.add_error(
                None,
                _("Identifiant ou code d'activation incorrect, ou code expiré ou déjà utilisé."),
            )
        return render(
            request, "accounts/activation.html", {"form": form}, status=400 if form.errors else 200
        )
    form = ChooseSecretForm(request.POST or None, user=code.user)
    if request.method == "POST" and form.is_valid():
        kind, secret = form.cleaned_data["kind"], form.cleaned_data["secret"]
        try:
            account_activate(
                request=request,
                code=code,
                pin=secret if kind == "pin" else "",
                password=secret if kind == "password" else "",
            )
        except ValueError:
            request.session.pop(ACTIVATION, None)
            return redirect("accounts:activation")
        request.session.pop(ACTIVATION, None)
        auth_login(request, code.user, backend="social.accounts.field_accounts.FieldAgentBackend")
        messages.success(request, _("Votre compte est prêt : bienvenue sur l'intranet."))
        return redirect("/")
    return render(
        request,
        "accounts/activation_secret.html",
        {"form": form, "person": code.user, "login": code.user.field_account.login},
        status=400 if form.errors else 200,
    )


@never_cache
def activation_code_new(request: HttpRequest, slug: str) -> HttpResponse:
    """HR, administrators and the person's manager print a new activation code (GET: what it
    does; POST: the printable sheet, shown once)."""
    person = get_object_or_404(User, slug=slug, is_active=True)
    if not can_issue_activation_code(request.user, person):
        raise Http404
    if request.method != "POST":
        return render(request, "accounts/activation_code_new.html", {"person": person})
    account, code = activation_code_issue(request=request, person=person)
    return render(
        request,
        "accounts/activation_sheet.html",
        {
            "person": person,
            "login": account.login,
            "code": code,
            "expires_hours": settings.ACTIVATION_CODE_HOURS,
            "activation_url": request.build_absolute_uri(reverse("accounts:activation")),
        },
    )


# Kiosk mode: installing a registered device on a shared tablet


@never_cache
@login_not_required
def kiosk_install(request: HttpRequest, token: str) -> HttpResponse:
    enrolled = device_enrol(token)
    if enrolled is None:
        return render(request, "accounts/kiosk_install_failed.html", status=404)
    device, cookie = enrolled
    if request.user.is_authenticated:
        auth_logout(request)
    messages.success(
        request,
        _("Cette tablette est maintenant la borne partagée « %(name)s ».") % {"name": device.name},
    )
    response = redirect("people:login")
    response.set_cookie(
        KIOSK_COOKIE,
        cookie,
        max_age=5 * 365 * 24 * 60 * 60,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@never_cache
def qr_sign_in_new(request: HttpRequest, slug: str) -> HttpResponse:
    """The supervisor shows a one-time QR code; the agent scans it with their device."""
    person = get_object_or_404(User, slug=slug, is_active=True)
    if not can_issue_activation_code(request.user, person):
        raise Http404
    if request.method != "POST":
        return render(request, "accounts/qr_sign_in_new.html", {"person": person})
    pending = qr_sign_in_create(request=request, person=person)
    url = request.build_absolute_uri(reverse("accounts:qr_sign_in", args=[pending.nonce]))
    qr = segno.make(url, error="m").svg_inline(
        scale=6, title=_("Code QR de connexion de %(name)s") % {"name": person.get_full_name()}
    )
    return render(
        request,
        "accounts/qr_sign_in_shown.html",
        {"person": person, "qr_svg": qr, "url": url, "minutes": 2},
    )


@never_cache
@login_not_required
def qr_sign_in(request: HttpRequest, nonce: str) -> HttpResponse:
    """Scanned: a button signs in (a link preview or a scanner opening the address spends
    nothing)."""
    pending = qr_sign_in_pending(nonce)
    if request.method == "POST":
        person = qr_sign_in_use(request=request, nonce=nonce)
        if person is not None:
            if request.user.is_authenticated:
                auth_logout(request)
            auth_login(request, person, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("/")
        pending = None
    if pending is None:
        return render(request, "accounts/qr_sign_in_expired.html", status=404)
    return render(request, "accounts/qr_sign_in_confirm.html", {"person": pending.user})

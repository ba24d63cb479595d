"""Every sign-in, failure and sign-out goes to the log, whatever the way in: these receivers
listen to Django's own signals, which every login view and backend sends."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from axes.signals import user_locked_out

from social.people.lockout import attempted_username

from .audit import sign_in_event_record
from .models import SignInEvent
from .sessions import session_forget, session_record

_METHODS = {
    "django_otp_webauthn.backends.WebAuthnBackend": SignInEvent.Method.SECURITY_KEY,
    "social.accounts.backends.SingleSignOnBackend": SignInEvent.Method.SINGLE_SIGN_ON,
    "social.accounts.directory.DirectoryBackend": SignInEvent.Method.DIRECTORY,
}


@receiver(user_logged_in, dispatch_uid="accounts-signed-in")
def _signed_in(sender, request, user, **kwargs):
    backend = getattr(user, "backend", "") or ""
    sign_in_event_record(
        request=request,
        user=user,
        kind=SignInEvent.Kind.SIGNED_IN,
        method=getattr(user, "backend_method", "")
        or _METHODS.get(backend, SignInEvent.Method.PASSWORD),
    )
    if request is not None and hasattr(request, "session"):
        session_record(request, user)


@receiver(user_login_failed, dispatch_uid="accounts-failed")
def _failed(sender, credentials, request=None, **kwargs):
    sign_in_event_record(
        request=request,
        kind=SignInEvent.Kind.FAILED,
        method=SignInEvent.Method.PASSWORD,
        identifier=attempted_username(request, credentials),
    )


@receiver(user_locked_out, dispatch_uid="accounts-locked-out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    sign_in_event_record(
        request=request,
        kind=SignInEvent.Kind.LOCKED_OUT,
        method=SignInEvent.Method.PASSWORD,
        identifier=username or "",
    )


@receiver(user_logged_out, dispatch_uid="accounts-signed-out")
def _signed_out(sender, request, user, **kwargs):
    if user is None:
        return
    sign_in_event_record(request=request, user=user, kind=SignInEvent.Kind.SIGNED_OUT)
    if request is not None and hasattr(request, "session"):
        session_forget(request)

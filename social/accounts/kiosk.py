"""Kiosk mode: shared tablets in a depot or a school. A device is registered by an
administrator, then installed by opening its one-time link on the tablet (a signed cookie
names it from then on). On it, a session lives until the browser closes, ends after the
device's idle minutes (checked by the server on each request, and by a timer in the page), ends
when the next person opens the login page, and cannot reach the administration, account
settings or files of reserved folders."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core import signing
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from knowledge.library.selectors import LIBRARY_KEY, document_keys
from knowledge.models import LibraryDocument

from .models import KioskDevice

COOKIE = "parvis_kiosk"
SALT = "parvis.kiosk"
ENROL_SALT = "parvis.kiosk.enrol"
ENROL_MAX_AGE = 24 * 60 * 60
SEEN = "kiosk.seen"
# What a shared tablet never opens: account settings, feeds' secrets, printing codes.
CLOSED_VIEWS = {
    "accounts:security",
    "accounts:app_setup",
    "accounts:recovery_codes",
    "accounts:factor_delete",
    "accounts:session_close",
    "accounts:key_registration_begin",
    "accounts:key_registration_complete",
    "accounts:activation_code_new",
    "accounts:qr_sign_in_new",
    "people:profile_edit",
    "people:password_change",
    "home:feed_tokens",
    "home:feed_token_new",
    "mail:preferences",
}
DOCUMENT_VIEWS = {"library:download", "library:preview", "wagtaildocs_serve"}


def enrolment_link_create(device: KioskDevice) -> str:
    """A new one-time token to install `device` on a tablet (earlier ones stop working)."""
    device.enrolment_key = secrets.token_urlsafe(24)
    device.save(update_fields=["enrolment_key"])
    return signing.dumps({"device": device.pk, "enrol": device.enrolment_key}, salt=ENROL_SALT)


def device_enrol(token: str) -> tuple[KioskDevice, str] | None:
    """The device the token installs, and the cookie value naming it; the token is spent."""
    try:
        data = signing.loads(token, salt=ENROL_SALT, max_age=ENROL_MAX_AGE)
    except signing.BadSignature:
        return None
    device = KioskDevice.objects.filter(
        pk=data.get("device"), active=True, enrolment_key=data.get("enrol", "-")
    ).first()
    if device is None or not device.enrolment_key:
        return None
    device.key = secrets.token_urlsafe(32)
    device.enrolment_key = ""
    device.enrolled_at = timezone.now()
    device.save(update_fields=["key", "enrolment_key", "enrolled_at"])
    return device, signing.dumps({"device": device.pk, "key": device.key}, salt=SALT)


def request_device(request) -> KioskDevice | None:
    value = request.COOKIES.get(COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    return (
        KioskDevice.objects.filter(pk=data.get("device"), key=data.get("key", "-"), active=True)
        .exclude(key="")
        .first()
    )


def _reserved_document(match) -> bool:
    document_id = match.kwargs.get("document_id")
    folder_id = (
        LibraryDocument.objects.filter(pk=document_id)
        .values_list("collection_id", flat=True)
        .first()
    )
    return folder_id is None or document_keys(folder_id)[0] != LIBRARY_KEY


class KioskMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.kiosk = request_device(request)
        response = self.get_response(request)
        if (
            request.kiosk is not None
            and request.user.is_authenticated
            and not request.session.get_expire_at_browser_close()
        ):
            request.session.set_expiry(0)  # gone with the browser
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        device = getattr(request, "kiosk", None)
        if device is None:
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name == "people:login" and request.method == "GET" and request.user.is_authenticated:
            logout(request)  # the next person: the previous one is signed out
            return None
        if not request.user.is_authenticated:
            return None
        now = timezone.now().timestamp()
        seen = request.session.get(SEEN)
        if seen is not None and now - seen > device.idle_minutes * 60:
            logout(request)
            messages.info(
                request,
                _("Session fermée après %(minutes)s minutes d'inactivité sur cette borne.")
                % {"minutes": device.idle_minutes},
            )
            return redirect(settings.LOGIN_URL)
        request.session[SEEN] = now
        if (
            request.path.startswith("/admin/")
            or name in CLOSED_VIEWS
            or (name in DOCUMENT_VIEWS and _reserved_document(match))
        ):
            return render(request, "accounts/kiosk_refused.html", {"device": device}, status=403)
        return None

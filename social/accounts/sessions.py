"""The browsers where a person is signed in: listed in « Mon compte › Sécurité », with the
device, the last use and the place (a named address range), each closable from elsewhere."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import request_address, request_user_agent, sign_in_event_record
from .models import SignInEvent, UserSession

# A session's last use is written at most this often (not on every request).
TOUCH_EVERY = timedelta(minutes=5)
SEEN_KEY = "accounts.seen"


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def session_record(request: HttpRequest, user) -> None:
    """The session just opened (or re-keyed by a sign-in) is listed under its owner."""
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    now = timezone.now()
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "last_seen_at": now,
            "address": request_address(request),
            "user_agent": request_user_agent(request),
        },
        create_defaults={
            "user": user,
            "created_at": now,
            "last_seen_at": now,
            "address": request_address(request),
            "user_agent": request_user_agent(request),
        },
    )
    request.session[SEEN_KEY] = now.timestamp()


def session_touch(request: HttpRequest) -> None:
    """Note that the session is in use, every few minutes (a session opened before the list
    existed is listed from its next request)."""
    seen = request.session.get(SEEN_KEY)
    if seen is not None and timezone.now().timestamp() - seen < TOUCH_EVERY.total_seconds():
        return
    session_record(request, request.user)


def session_forget(request: HttpRequest) -> None:
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()


@dataclass
class OpenSession:
    pk: int
    device: str
    place: str
    address: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def sessions_sweep() -> int:
    """Forget the rows of sessions past their age (Django's own store expires them)."""
    cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    deleted, _by_model = UserSession.objects.filter(last_seen_at__lt=cutoff).delete()
    return deleted


def sessions_of(request: HttpRequest) -> list[OpenSession]:
    """The signed-in person's open sessions, this one first; expired ones are not listed (the
    daily sweep forgets their rows)."""
    user = request.user
    cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    current_key = request.session.session_key
    sessions = [
        OpenSession(
            pk=row.pk,
            device=device_label(row.user_agent),
            place=place_label(row.address),
            address=row.address or "",
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            current=row.session_key == current_key,
        )
        for row in UserSession.objects.filter(user=user, last_seen_at__gte=cutoff)
    ]
    return sorted(sessions, key=lambda s: (not s.current, -s.last_seen_at.timestamp()))


def session_revoke(*, request: HttpRequest, pk: int) -> bool:
    """Close one of the person's other sessions: the browser holding it is signed out at its
    next request. False if there is no such session of theirs (or it is this one)."""
    row = (
        UserSession.objects.filter(user=request.user, pk=pk)
        .exclude(session_key=request.session.session_key)
        .first()
    )
    if row is None:
        return False
    _store()(session_key=row.session_key).delete()
    row.delete()
    sign_in_event_record(
        request=request,
        user=request.user,
        kind=SignInEvent.Kind.SESSION_REVOKED,
        method=SignInEvent.Method.SESSION,
        detail=device_label(row.user_agent),
    )
    return True


def sessions_close_all(*users) -> int:
    """Close every session of `users` (departures, a factor reset by an administrator)."""
    if not users:
        return 0
    store = _store()
    rows = list(UserSession.objects.filter(user__in=users))
    for row in rows:
        store(session_key=row.session_key).delete()
    UserSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    (re.compile(r"Android"), "Android"),
    (re.compile(r"iPhone|iPad|iPod"), "iOS"),
    (re.compile(r"Windows"), "Windows"),
    (re.compile(r"Mac OS X|Macintosh"), "macOS"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Linux"), "Linux"),
]


def device_label(user_agent: str) -> str:
    """« Firefox sur Windows »: enough for a person to recognise their own browser."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for pattern, name in _SYSTEMS if pattern.search(user_agent)), "")
    if browser and system:
        return _("%(browser)s sur %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Navigateur inconnu")


def place_label(address: str | None) -> str:
    """The name given to the address's range in SIGN_IN_NETWORKS (« Hôtel de ville »)."""
    if not address:
        return _("Adresse inconnue")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return _("Adresse inconnue")
    for network, label in settings.SIGN_IN_NETWORKS:
        try:
            if ip in ipaddress.ip_network(network.strip(), strict=False):
                return label.strip()
        except ValueError:
            continue
    if ip.is_loopback:
        return _("Ce serveur")
    if ip.is_private:
        return _("Réseau interne")
    return _("Hors du réseau de la collectivité")

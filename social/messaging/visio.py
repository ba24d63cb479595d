"""Video meetings on the collectivité's own service: Jitsi Meet (JWT room tokens), BigBlueButton
(its API: create and join, each call signed by a checksum) or LiveKit / La Suite Visio (JWT
access tokens). Nothing is configured, nothing is offered and no request leaves Parvis.

A meeting is a room with an unguessable name, announced in a conversation by a message. Its
link points to Parvis (`/messages/visio/<message>/rejoindre/`): whoever may read the
conversation is sent on with a token or a signed link made for them, under their name, the one
who started it as moderator. The link is useless to anyone else.

Jitsi and LiveKit tokens are made with PyJWT (LiveKit's own `livekit-api` package would bring
aiohttp and protobuf for two claims); BigBlueButton has no maintained Python client, its API is
a query string and a SHA-256 (or SHA-1) checksum.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

import jwt
import requests
from defusedxml import ElementTree

if TYPE_CHECKING:
    from social.people.models import User

PROVIDERS = ("jitsi", "bbb", "livekit")
MIN_SECRET_BYTES = 32
TOKEN_SECONDS = 4 * 3600


class VisioUnavailable(Exception):
    """The meeting service could not make the room: said to the person, nothing posted."""


@dataclass(frozen=True)
class Room:
    provider: str
    name: str
    title: str

    def as_data(self) -> dict:
        return {"provider": self.provider, "room": self.name, "title": self.title}


def enabled() -> bool:
    return settings.VISIO_PROVIDER in PROVIDERS


def new_room_name() -> str:
    """128 random bits, in letters and digits every provider accepts."""
    return "parvis" + secrets.token_hex(16)


def _display_name(user: User) -> str:
    return user.get_full_name() or user.email or user.slug or str(user.pk)


# --- Jitsi Meet -------------------------------------------------------------------------


def jitsi_token(user: User, room: str, *, moderator: bool, now: float | None = None) -> str:
    """A room token as prosody's token authentication checks it: audience "jitsi", issuer the
    application id, subject the Jitsi domain, the room, the user's name, moderator or not."""
    now = now or time.time()
    claims = {
        "aud": "jitsi",
        "iss": settings.VISIO_APP_ID,
        "sub": urlsplit(settings.VISIO_URL).hostname,
        "room": room,
        "iat": int(now),
        "nbf": int(now) - 10,
        "exp": int(now) + TOKEN_SECONDS,
        "context": {
            "user": {
                "id": str(user.pk),
                "name": _display_name(user),
                "email": user.email or "",
                "moderator": moderator,
            }
        },
        "moderator": moderator,
    }
    return jwt.encode(claims, settings.VISIO_SECRET, algorithm="HS256")


def _jitsi_join(user: User, room: Room, *, moderator: bool) -> str:
    token = jitsi_token(user, room.name, moderator=moderator)
    return f"{settings.VISIO_URL.rstrip('/')}/{quote(room.name)}?jwt={token}"


# --- BigBlueButton ----------------------------------------------------------------------


def bbb_checksum(call: str, query: str) -> str:
    """BigBlueButton's signature: the hash of the call's name, its query string and the
    shared secret (SHA-256 unless the server only knows SHA-1)."""
    algorithm = getattr(settings, "VISIO_BBB_CHECKSUM", "sha256")
    digest = hashlib.new(algorithm, f"{call}{query}{settings.VISIO_SECRET}".encode())
    return digest.hexdigest()


def bbb_url(call: str, parameters: dict) -> str:
    query = urlencode(parameters)
    base = settings.VISIO_URL.rstrip("/")
    return f"{base}/api/{call}?{query}&checksum={bbb_checksum(call, query)}"


def _bbb_create(room: Room) -> None:
    url = bbb_url(
        "create",
        {"meetingID": room.name, "name": room.title[:200], "record": "false"},
    )
    try:
        answer = requests.get(url, timeout=10)
        answer.raise_for_status()
        code = ElementTree.fromstring(answer.content).findtext("returncode")
    except (requests.RequestException, ParseError) as error:
        raise VisioUnavailable(str(error)) from error
    if code != "SUCCESS":
        raise VisioUnavailable(answer.text[:300])


def _bbb_join(user: User, room: Room, *, moderator: bool) -> str:
    # The meeting ends when everyone has left: creating it again is harmless (same id).
    _bbb_create(room)
    return bbb_url(
        "join",
        {
            "fullName": _display_name(user),
            "meetingID": room.name,
            "role": "MODERATOR" if moderator else "VIEWER",
            "userID": str(user.pk),
            "redirect": "true",
        },
    )


# --- LiveKit / La Suite Visio -----------------------------------------------------------


def livekit_token(user: User, room: str, *, moderator: bool, now: float | None = None) -> str:
    """An access token as LiveKit's server checks it: issuer the API key, subject the
    participant's identity, a video grant for this room only."""
    now = now or time.time()
    claims = {
        "iss": settings.VISIO_APP_ID,
        "sub": str(user.pk),
        "name": _display_name(user),
        "nbf": int(now) - 10,
        "exp": int(now) + TOKEN_SECONDS,
        "video": {
            "room": room,
            "roomJoin": True,
            "roomAdmin": moderator,
            "canPublish": True,
            "canSubscribe": True,
        },
    }
    return jwt.encode(claims, settings.VISIO_SECRET, algorithm="HS256")


def _livekit_join(user: User, room: Room, *, moderator: bool) -> str:
    token = livekit_token(user, room.name, moderator=moderator)
    base = settings.VISIO_URL.rstrip("/")
    return f"{base}/rooms/{quote(room.name)}?{urlencode({'token': token})}"


# --- The one interface ------------------------------------------------------------------


def room_create(*, title: str) -> Room:
    """A new room on the configured service (BigBlueButton makes it at once)."""
    room = Room(provider=settings.VISIO_PROVIDER, name=new_room_name(), title=title)
    if room.provider == "bbb":
        _bbb_create(room)
    return room


def join_url(user: User, data: dict, *, moderator: bool) -> str:
    """Where `user` joins the room a message announced, with their own token."""
    room = Room(provider=data["provider"], name=data["room"], title=data.get("title", ""))
    if room.provider != settings.VISIO_PROVIDER:
        raise VisioUnavailable(_("Ce service de visio n'est plus configuré."))
    joiners = {"jitsi": _jitsi_join, "bbb": _bbb_join, "livekit": _livekit_join}
    return joiners[room.provider](user, room, moderator=moderator)


@checks.register(checks.Tags.security)
def visio_settings_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A configured service needs its address and a secret of at least 32 bytes."""
    provider = settings.VISIO_PROVIDER
    if not provider:
        return []
    if provider not in PROVIDERS:
        return [
            checks.Error(
                f"VISIO_PROVIDER={provider!r}: choisissez jitsi, bbb ou livekit (ou rien).",
                id="parvis.E101",
            )
        ]
    errors = []
    if len((settings.VISIO_SECRET or "").encode()) < MIN_SECRET_BYTES:
        errors.append(
            checks.Error(
                "VISIO_SECRET doit compter au moins 32 octets (tirez-le au hasard).",
                id="parvis.E102",
            )
        )
    if not settings.VISIO_URL.startswith("https://") and not settings.DEBUG:
        errors.append(checks.Error("VISIO_URL doit être une adresse https://.", id="parvis.E103"))
    if provider in ("jitsi", "livekit") and not settings.VISIO_APP_ID:
        errors.append(checks.Error("VISIO_APP_ID est requis.", id="parvis.E104"))
    return errors

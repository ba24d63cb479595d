"""The sign-in log: every success, failure and change of a way in, with the address and the
browser, for the person (their last events in « Mon compte › Sécurité ») and for the
administrators (the log in the administration)."""

from __future__ import annotations

from django.http import HttpRequest

from social.people.lockout import client_address

from .models import SignInEvent


def request_address(request: HttpRequest | None) -> str | None:
    address = client_address(request) if request is not None else ""
    return address or None


def request_user_agent(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return request.META.get("HTTP_USER_AGENT", "")[:300]


def sign_in_event_record(
    *,
    request: HttpRequest | None,
    user=None,
    kind: str,
    method: str = "",
    identifier: str = "",
    detail: str = "",
) -> SignInEvent:
    if user is not None and not identifier:
        identifier = user.get_username() or ""
    return SignInEvent.objects.create(
        user=user if user is not None and user.pk else None,
        identifier=identifier[:254],
        kind=kind,
        method=method,
        address=request_address(request),
        user_agent=request_user_agent(request),
        detail=detail[:200],
    )

"""Limit failed logins, per account and per client address, in the shared cache."""

import hashlib

from django.conf import settings
from django.core.cache import cache

# Many agents share one public address behind the town hall's proxy: the per-address limit is
# much higher than the per-account one, and only stops spraying.
ADDRESS_FACTOR = 10


class LoginThrottle:
    def __init__(self, request, username: str) -> None:
        address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
        self.account_key = "login-failures:account:" + _digest(username.strip().lower())
        self.address_key = "login-failures:address:" + _digest(address)

    def is_blocked(self) -> bool:
        limit = settings.LOGIN_MAX_FAILURES
        counts = cache.get_many([self.account_key, self.address_key])
        return (
            counts.get(self.account_key, 0) >= limit
            or counts.get(self.address_key, 0) >= limit * ADDRESS_FACTOR
        )

    def record_failure(self) -> None:
        for key in (self.account_key, self.address_key):
            # add() starts the window once; incr() keeps its expiry.
            cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)

    def reset(self) -> None:
        cache.delete(self.account_key)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]

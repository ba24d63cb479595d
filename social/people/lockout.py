"""Failed sign-ins limited where every login passes: at `authenticate()`, through django-axes.

Parvis's own login page, Wagtail's admin login and Wagtail's page-privacy login all call
`authenticate()`, so one lockout covers them all (a throttle written into one form covered one).
Failures are counted per account and per client address: many agents share the town hall's
public address behind its proxy, so an address is blocked only after ADDRESS_FACTOR times as many
failures as an account, which stops password spraying without locking out a whole service.
"""

from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from axes.handlers.database import AxesDatabaseHandler

from .forms import LoginForm

ADDRESS_FACTOR = 10


def attempted_username(request: HttpRequest, credentials: dict | None) -> str:
    """The address typed, as the account is found: trimmed, in any case."""
    credentials = credentials or {}
    username = credentials.get("username") or credentials.get("email") or ""
    if not username and request is not None:
        username = request.POST.get("username", "")
    return str(username).strip().lower()


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


class LoginAttemptsHandler(AxesDatabaseHandler):
    """django-axes' database handler, with a higher limit for an address than for an account
    (AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"], in that order)."""

    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        account, address = (counts + [0, 0])[:2]
        return max(account, address // ADDRESS_FACTOR)


def lockout_message() -> str:
    minutes = max(1, settings.LOGIN_FAILURE_WINDOW // 60)
    return _(
        "Trop de tentatives de connexion infructueuses. Réessayez dans %(minutes)s minutes."
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """Whatever login page was used, the person is told in their language, on Parvis's own
    login page (429: too many attempts)."""
    form = LoginForm(request)
    return render(
        request,
        "people/login.html",
        {"form": form, "lockout": lockout_message(), "next": ""},
        status=429,
    )

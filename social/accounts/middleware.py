"""The second factor is owed by the session, not by a login page: whoever signed in by any way
(Parvis's login, Wagtail's, a password reset, a session older than the rule) and owes a factor
reaches nothing but the pages that let them give one."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from django_htmx.http import HttpResponseClientRedirect

from .second_factor import has_second_factor, second_factor_required
from .sessions import session_touch

# Views reachable before the second factor (set on the view function by the decorators below).
EXEMPT = "second_factor_exempt"
ENROLMENT = "second_factor_enrolment"
# Parvis's views that are not this app's: choosing the language.
EXEMPT_VIEW_NAMES = {"set_language"}


def second_factor_exempt(view):
    """Reachable by a signed-in person who has not given their second factor yet: the
    verification page itself, signing out."""
    setattr(view, EXEMPT, True)
    return view


def second_factor_enrolment(view):
    """Reachable by a person who must have a second factor and has none yet: setting one up.
    Once they have one, it must be given first (nobody adds a factor to a stolen password)."""
    setattr(view, ENROLMENT, True)
    return view


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        session_touch(request)
        if user.is_verified() or getattr(view_func, EXEMPT, False):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEW_NAMES:
            return None
        if has_second_factor(user):
            target = reverse("accounts:verify")
        elif second_factor_required(user):
            if getattr(view_func, ENROLMENT, False):
                return None
            target = reverse("accounts:security")
        else:
            return None
        next_url = request.get_full_path() if request.method == "GET" else ""
        url = f"{target}?{urlencode({'next': next_url})}" if next_url else target
        if request.htmx:
            return HttpResponseClientRedirect(url)
        return redirect(url)

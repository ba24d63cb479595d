"""Project-wide middleware: language choice and HTTP security headers."""

import contextlib
import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from django.utils.cache import patch_vary_headers

from wagtail.log_actions import LogContext

from .core import generations

# Pages of Parvis run no inline script: behaviour lives in static files (htmx included).
SITE_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
# Wagtail's admin still needs inline scripts and styles; it stays on our own host all the same.
ADMIN_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "object-src 'none'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
SITE_CACHE_TIMEOUT = 3600
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


@lru_cache(maxsize=8)
def with_sign_out_provider(policy: str, logout_endpoint: str) -> str:
    """Signing out of a single sign-on session is a form posted to Parvis that ends at the
    provider's end-session page: that one origin joins `form-action` (redirects count)."""
    parts = urlsplit(logout_endpoint or "")
    if not (parts.scheme and parts.netloc):
        return policy
    return policy.replace(
        "form-action 'self'", f"form-action 'self' {parts.scheme}://{parts.netloc}"
    )


@lru_cache(maxsize=8)
def with_media_origin(policy: str, origin: str) -> str:
    """Pictures in object storage (S3) are shown from their signed address on the storage's
    host (the collectivité's own, MEDIA_S3_ENDPOINT_URL): that one origin joins `img-src` and
    `media-src` (the redirect's target counts)."""
    if not origin:
        return policy
    for directive in ("img-src 'self'", "media-src 'self'"):
        policy = policy.replace(directive, f"{directive} {origin}")
    return policy


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefixes = ("/admin/",)

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith(self.admin_prefixes)
        response.headers.setdefault(
            "Content-Security-Policy",
            with_media_origin(
                with_sign_out_provider(
                    ADMIN_CSP if is_admin else SITE_CSP, settings.OIDC_OP_LOGOUT_ENDPOINT
                ),
                settings.MEDIA_REMOTE_ORIGIN,
            ),
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if not settings.DEBUG:
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class LanguageMiddleware:
    """French unless the person chose another language (cookie set by the language switch).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a French
    collectivité's intranet speaks French to everyone by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class CachedSiteMiddleware:
    """Find the Wagtail site of a request in the cache rather than the database.

    Wagtail looks the site up by hostname on every request; sites change once in a blue moon.
    The entry's key holds the content generation, which any change to a site bumps.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from wagtail.models import Site

        generation = generations.value(generations.CONTENT, request)
        key = f"site:{request.get_host()}:{request.get_port()}:{generation}"
        site = caches["fragments"].get(key)
        if site is None:
            site = Site.find_for_request(request)
            if site is not None:
                site = Site.objects.select_related("root_page").get(pk=site.pk)
                site.root_page.specific  # noqa: B018 - computed once, cached with the site
            caches["fragments"].set(key, site or 0, SITE_CACHE_TIMEOUT)
        request._wagtail_site = site or None
        return self.get_response(request)


def ProxyClientAddressMiddleware(get_response):  # noqa: N802 (Django's middleware factory style)
    """Behind nginx every request comes from 127.0.0.1: the login throttle would count all the
    collectivité's failures as one address's, and the sessions list would show no place. A
    request that reached Django from a trusted proxy (TRUSTED_PROXIES) takes the address that
    proxy put in X-Real-IP (deploy/nginx/parvis.conf sets it, replacing whatever the browser
    sent); from anywhere else the header is ignored, so nobody can choose their address."""
    trusted = {address.strip() for address in settings.TRUSTED_PROXIES}

    def middleware(request):
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real and request.META.get("REMOTE_ADDR") in trusted:
            # A malformed header keeps the proxy's own address.
            with contextlib.suppress(ValueError):
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(real))
        return get_response(request)

    return middleware


class AuditContextMiddleware:
    """Whoever signed in is the author of what the audit log records during their request
    (cms/core/audit.py: entries written by signals, outside the admin where Wagtail does it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with RequestLogContext(request):
            return self.get_response(request)


class RequestLogContext(LogContext):
    """Wagtail's log context whose user is the request's, once signed in (read only when
    something is logged: the user is not loaded for nothing), never an anonymous visitor."""

    def __init__(self, request):
        self._request = request
        super().__init__(generate_uuid=False)

    @property
    def user(self):
        user = getattr(self._request, "user", None)
        return user if user is not None and user.is_authenticated else None

    @user.setter
    def user(self, value) -> None:
        """Set by LogContext.__init__ (None): the request decides."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..backends import SSO_ERROR
from ..field_accounts import can_issue_activation_code

register = template.Library()


@register.simple_tag(takes_context=True)
def sign_in_options(context) -> dict:
    """What the login page offers: the provider's button, the password form, and why the last
    single sign-on failed (said once)."""
    request = context["request"]
    sso = bool(settings.OIDC_PROVIDER and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    label = settings.OIDC_BUTTON_LABEL or (
        _("Se connecter avec ProConnect")
        if settings.OIDC_PROVIDER == "proconnect"
        else _("Se connecter avec le compte de la collectivité")
    )
    next_url = context.get("next") or ""
    url = reverse("accounts:sso_start")
    return {
        "sso": sso,
        "sso_label": label,
        "sso_url": f"{url}?{urlencode({'next': next_url})}" if next_url else url,
        "proconnect": settings.OIDC_PROVIDER == "proconnect",
        "password": settings.PASSWORD_LOGIN_ENABLED,
        "error": request.session.pop(SSO_ERROR, "") if hasattr(request, "session") else "",
        # A refusal worth more than « wrong password » (a field account locked by its PIN).
        "refusal": getattr(request, "sign_in_refusal", ""),
    }


@register.filter
def can_issue_activation_code_for(viewer, person) -> bool:
    """{% if request.user|can_issue_activation_code_for:person %}: the person's manager, HR."""
    return viewer.is_authenticated and can_issue_activation_code(viewer, person)


@register.inclusion_tag("accounts/_kiosk_banner.html", takes_context=True)
def kiosk_banner(context) -> dict:
    """On a shared tablet: which one, the idle sign-out, « Changer de personne »."""
    request = context.get("request")
    device = getattr(request, "kiosk", None)
    return {
        "device": device,
        "request": request,
        "idle_seconds": device.idle_minutes * 60 if device else 0,
    }

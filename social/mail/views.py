"""A person's e-mail settings (with their notification channels), the preview of their next
digest, and the unsubscribe link of every e-mail (no login: it must work from any inbox)."""

import re

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from social.notifications.models import EMAIL_CHANNELS, Channel
from social.notifications.services import preferences_of

from . import services
from .bounces import address_undeliverable
from .compose import site_url, unsubscribe_read
from .digest import digest_preview
from .models import MailBounce, MailSettings

FIELD_PREFIX = "canal-"
INLINE_STYLE = re.compile(r'\sstyle="[^"]*"')


def _channels_for(user) -> list[tuple[str, str]]:
    """The channels a person may choose: without an address, no e-mail."""
    if user.email:
        return Channel.choices
    return [(value, label) for value, label in Channel.choices if value not in EMAIL_CHANNELS]


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        channels = {
            name.removeprefix(FIELD_PREFIX): value
            for name, value in request.POST.items()
            if name.startswith(FIELD_PREFIX)
        }
        allowed = {value for value, _label in _channels_for(user)}
        services.mail_settings_save(
            user=user,
            channels={kind: value for kind, value in channels.items() if value in allowed},
            digest=request.POST.get("resume", ""),
            language=request.POST.get("langue", ""),
        )
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("mail:preferences")
    bounce = (
        MailBounce.objects.filter(address__iexact=user.email, permanent=True).first()
        if user.email and address_undeliverable(user.email)
        else None
    )
    context = {
        "preferences": preferences_of(user),
        "channels": _channels_for(user),
        "field_prefix": FIELD_PREFIX,
        "mail_settings": services.settings_of(user),
        "frequencies": MailSettings.Frequency.choices,
        "bounce": bounce,
    }
    return render(request, "mail/preferences.html", context)


@require_POST
def address_works(request: HttpRequest) -> HttpResponse:
    services.address_works_again(user=request.user)
    messages.success(request, _("C'est noté : les e-mails partiront de nouveau à votre adresse."))
    return redirect("mail:preferences")


@never_cache
@require_safe
def preview(request: HttpRequest) -> HttpResponse:
    """« Aperçu de mon prochain résumé »: what the digest would say now, as it would be sent."""
    digest, frequency = digest_preview(request.user, now=timezone.now())
    context = {"digest": digest, "frequency": frequency, "weekly": frequency == "weekly"}
    # The e-mail's own inline styles are left out: the page's style sheet does that work, and
    # its policy (CSP) forbids inline styles anyway. Our template's output, hence safe.
    # Links stay on the address the page was opened at (the e-mail's are absolute).
    body = render_to_string("mail/_digest_body.html", context, request=request)
    body = INLINE_STYLE.sub("", body).replace(f'href="{site_url()}/', 'href="/')
    context["body"] = mark_safe(body)  # noqa: S308
    return render(request, "mail/preview.html", context)


# RFC 8058: the mail client posts « List-Unsubscribe=One-Click » to this address itself, with
# no cookie and no CSRF token; the signed token is the authority, and the only effect possible
# is to send less mail. Exempt from CSRF for that reason alone.
@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = unsubscribe_read(token)
    person = get_user_model().objects.filter(pk=found[0]).first() if found is not None else None
    if person is None or not services.kind_label(found[1]):
        raise Http404(_("Ce lien de désabonnement n'est pas valide."))
    kind = found[1]
    if request.method == "POST":
        label = services.unsubscribe(user=person, kind=kind)
        return render(request, "mail/unsubscribed.html", {"label": label, "person": person})
    return render(
        request, "mail/unsubscribe.html", {"label": services.kind_label(kind), "person": person}
    )

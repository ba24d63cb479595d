"""E-mails as Parvis writes them: HTML and plain text from one context, in the person's
language, light (no remote image, no script, styles inline), with the collectivité's name, an
absolute link to each item and, per kind, a one-click unsubscribe (RFC 8058) that needs no
login.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import MailSettings

if TYPE_CHECKING:
    from social.people.models import User

UNSUBSCRIBE_SALT = "parvis.mail.unsubscribe"
DIGEST_KIND = "digest"

_organisation_name: list[Callable[[], str]] = []


def register_organisation_name(name: Callable[[], str]) -> None:
    """How the collectivité is named in e-mails (home registers its settings' name)."""
    _organisation_name.append(name)


def organisation_name() -> str:
    for name in _organisation_name:
        value = name()
        if value:
            return value
    return "Parvis"


def site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url: str) -> str:
    return site_url() + url if url.startswith("/") else url


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """(person, kind) of a valid link; None for a forged or damaged one. The link does not
    expire: it must still work in a message read a year later."""
    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return user_id, kind


def language_of(user: User, languages: dict[int, str] | None = None) -> str:
    """The language of `user`'s e-mails (`languages`: already read for a batch)."""
    if languages is not None:
        return languages.get(user.pk, settings.LANGUAGE_CODE)
    saved = MailSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return saved or settings.LANGUAGE_CODE


def compose(
    *,
    user: User,
    kind: str,
    template: str,
    context: dict,
    subject: Callable[[], str],
    language: str,
) -> dict:
    """The subject, both bodies and the list headers of an e-mail to `user` about `kind`,
    for `mail_queue(**composed)`."""
    unsubscribe = absolute(reverse("mail:unsubscribe", args=[unsubscribe_token(user.pk, kind)]))
    with translation.override(language):
        values = {
            **context,
            "person": user,
            "organisation": organisation_name(),
            "site_url": site_url(),
            "unsubscribe_url": unsubscribe,
            "preferences_url": absolute(reverse("mail:preferences")),
            "language": language,
        }
        title = subject()
        values["subject"] = title
        html = render_to_string(f"mail/{template}.html", values)
        text = render_to_string(f"mail/{template}.txt", values)
        list_name = _("E-mails de %(name)s") % {"name": organisation_name()}
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "parvis.localhost"
    return {
        "recipient": user,
        "kind": kind,
        "subject": title,
        "text": text,
        "html": html,
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{list_name} <{kind.replace('_', '-')}.{domain}>",
        },
    }

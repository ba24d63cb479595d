"""What home gives the e-mail digest (social/mail): the collectivité's name, the mandatory
readings the reader has not confirmed, and the news of their audience published since their
last digest, pinned first — read at sending time, so an item whose audience changed since
reaches only its new audience."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import caches
from django.db.models import F
from django.utils import formats
from django.utils.translation import gettext as _

from wagtail.models import Site

from social.mail.compose import absolute
from social.mail.digest import DigestItem, DigestSection

from .models import OrganisationSettings, news_visible_to
from .reading import readings_waiting

if TYPE_CHECKING:
    from social.people.models import User

NEWS_IN_DIGEST = 8


def organisation_name() -> str:
    name = caches["fragments"].get("mail:organisation-name")
    if name is None:
        site = Site.objects.filter(is_default_site=True).first()
        name = (OrganisationSettings.for_site(site).name or site.site_name) if site else ""
        caches["fragments"].set("mail:organisation-name", name, 300)
    return name


def news_since(user: User, since: datetime, now: datetime) -> list[DigestItem]:
    news = (
        news_visible_to(user)
        .filter(date__gt=since, date__lte=now)
        .order_by("-pinned", F("date").desc(nulls_last=True), "-pk")[:NEWS_IN_DIGEST]
    )
    return [
        DigestItem(
            title=item.title,
            url=absolute(item.url or ""),
            meta=_("épinglée") if item.pinned else "",
            excerpt=item.lead,
            highlight=item.pinned,
        )
        for item in news
    ]


def readings_to_confirm(user: User, since: datetime, now: datetime) -> list[DigestItem]:
    """The mandatory readings still asking `user`, whatever their age: until they confirm."""
    return [
        DigestItem(
            title=waiting.title,
            url=absolute(waiting.url),
            meta=_("avant le %(date)s") % {"date": formats.date_format(waiting.deadline, "j F")}
            if waiting.deadline
            else "",
            highlight=True,
        )
        for waiting in readings_waiting(user)
    ]


READINGS_SECTION = DigestSection(
    name="readings",
    title=lambda: _("À lire et confirmer"),
    order=8,
    collect=readings_to_confirm,
)

NEWS_SECTION = DigestSection(
    name="news",
    title=lambda: _("Les actualités"),
    order=10,
    collect=news_since,
)

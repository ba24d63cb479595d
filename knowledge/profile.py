"""The articles a person owns and the documents they published, on their profile, as each
reader may see them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from social.people.sections import ProfileEntry, ProfileSection

from .library.selectors import documents_visible_to
from .models.pages import articles_visible_to

if TYPE_CHECKING:
    from social.people.models import User


def _articles(reader: User, person: User, limit: int) -> list[ProfileEntry]:
    articles = articles_visible_to(reader).filter(owner=person).order_by("-last_published_at")
    return [
        ProfileEntry(article.title, article.url, article.lead[:120], article.last_published_at)
        for article in articles[:limit]
    ]


def _documents(reader: User, person: User, limit: int) -> list[ProfileEntry]:
    documents = documents_visible_to(reader).filter(uploaded_by_user=person).order_by("-created_at")
    return [
        ProfileEntry(
            document.title,
            reverse("library:document", args=[document.pk]),
            "",
            document.created_at,
        )
        for document in documents[:limit]
    ]


PROFILE_SECTIONS = [
    ProfileSection("articles", _("Articles dont la personne est responsable"), _articles, order=20),
    ProfileSection("documents", _("Documents déposés"), _documents, order=30),
]

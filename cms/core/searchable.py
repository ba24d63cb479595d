"""What search filters on, stored with each searchable page (CONVENTIONS: search filters by
access keys, not by excluded pages) and copied into its search row
(knowledge/search/index.py):

- `search_access`: the page's access keys (`"all"`, `"agents"`, `"elus"`, `"service:12"`);
  a reader holds some (`social.people.audience.user_access_keys`) and sees a page holding one.
- `search_restriction`: the deepest view restriction over the page (0: none). A reader may
  see the restrictions they pass together with every restriction above them
  (`knowledge.search.pages.search_restriction_ids`), so one `__in` clause replaces one exclusion
  per private section (which broke Elasticsearch's clause limit on large trees).
- `search_themes`: the ids of the page's themes, for the theme facet.

They are computed when the page is saved, and again for a whole subtree when a view
restriction is added, changed or removed, or the subtree moves (`refresh_search_restrictions`).
"""

from __future__ import annotations

from django.db import models

from .fields import KeyListField

KEY_ALL = "all"


class SearchablePage(models.Model):
    search_access = KeyListField()
    search_restriction = models.PositiveIntegerField(default=0, editable=False)
    search_themes = KeyListField()

    SEARCH_FIELDS = ("search_access", "search_restriction", "search_themes")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_access = self.get_search_access()
        self.search_themes = self.get_search_themes()
        self.search_restriction = deepest_restriction_id(self.path)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.SEARCH_FIELDS}
        return super().save(*args, **kwargs)

    def get_search_access(self) -> list[str]:
        return [KEY_ALL]

    def get_search_themes(self) -> list[int]:
        return []


def _ancestor_paths(path: str) -> list[str]:
    from wagtail.models import Page

    return [path[:end] for end in range(Page.steplen, len(path) + 1, Page.steplen)]


def deepest_restriction_id(path: str | None) -> int:
    from wagtail.models import PageViewRestriction

    if not path:
        return 0
    return (
        PageViewRestriction.objects.filter(page__path__in=_ancestor_paths(path))
        .order_by("-page__depth")
        .values_list("pk", flat=True)
        .first()
    ) or 0


def searchable_page_models() -> list[type[SearchablePage]]:
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if issubclass(model, SearchablePage) and not model._meta.abstract
    ]


def refresh_search_restrictions(path: str) -> list:
    """Recompute `search_restriction` for the pages under `path` (included); returns the pages
    whose value changed (their search rows must follow: knowledge/search/signals.py)."""
    from wagtail.models import PageViewRestriction

    restrictions = dict(PageViewRestriction.objects.values_list("page__path", "pk"))
    changed = []
    for model in searchable_page_models():
        for page in model.objects.filter(path__startswith=path).only(
            "pk", "path", "search_restriction"
        ):
            deepest = 0
            for ancestor in reversed(_ancestor_paths(page.path)):
                if ancestor in restrictions:
                    deepest = restrictions[ancestor]
                    break
            if deepest != page.search_restriction:
                model.objects.filter(pk=page.pk).update(search_restriction=deepest)
                changed.append(model.objects.defer_streamfields().get(pk=page.pk))
    return changed

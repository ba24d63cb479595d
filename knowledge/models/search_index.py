"""One row per searchable thing of the intranet (news, knowledge pages, library documents;
group posts and people later), the single model the site search asks Wagtail's search for.

One search per request instead of one per kind, and every filter — the reader's access keys,
kind, service, themes, date, file type — is a filter field of this one model, so facets and
rights cost one clause on PostgreSQL, SQLite and Elasticsearch/OpenSearch alike
(CONVENTIONS: search filters by access keys). Rows are kept in step with their source by
knowledge/search/index.py (signals); their text is read from the source when Wagtail indexes
them (in a background task), so nothing is stored twice but the index.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from cms.core.fields import KeyListField

from ..search.sources import search_sources, source_text


class SearchItemQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class SearchItem(index.Indexed, models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # Not « object_id »: Wagtail's PostgreSQL index annotates querysets with that name.
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "source_id")

    kind = models.CharField(_("type"), max_length=20)
    title = models.CharField(_("titre"), max_length=255)
    summary = models.TextField(_("résumé"), blank=True)
    url = models.CharField(_("adresse"), max_length=500)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    service = models.ForeignKey(
        "people.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_themes = KeyListField()
    # Who may find it: "r<restriction>:<audience key>" and "r<restriction>:*" for pages;
    # for documents "library", or "folder:<id>" of the nearest restricted folder above them
    # (knowledge/library/selectors.py). A reader's: knowledge.search.sources.reader_keys.
    access = KeyListField()
    # Where it is, for searching a part of the intranet: "folder:<id>" of a document's folder
    # and of each folder above it.
    places = KeyListField()
    family = models.CharField(_("famille de fichier"), max_length=20, blank=True)
    mime_type = models.CharField(max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    # How often readers opened it from search or suggestions (no reader recorded): suggestions
    # rank the popular first after those beginning with what is typed.
    clicks = models.PositiveIntegerField(_("ouvertures depuis la recherche"), default=0)

    objects = SearchItemQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("suggestion_title"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("access"),
        index.FilterField("places"),
        index.FilterField("service_id"),
        index.FilterField("search_themes"),
        index.FilterField("date"),
        index.FilterField("family"),
    ]

    class Meta:
        verbose_name = _("élément de recherche")
        verbose_name_plural = _("éléments de recherche")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "source_id"], name="knowledge_one_search_item_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    def suggestion_title(self) -> str:
        """What the header's suggestions complete: the title, except a person's (the directory
        suggests people, with its own forgiving matching). A common name in the suggestions'
        index would only be read past: « martin » matching 1,500 people and no title made
        PostgreSQL scan every entry looking for a title to suggest."""
        return "" if self.kind == "person" else self.title

    def body(self) -> str:
        """The source's full text (page body, document's extracted text, theme names), and
        its service's name and acronym (« DRH » finds what the HR department owns), read when
        the index is built."""
        source = self.source
        text = source_text(source) if source is not None else ""
        service = self.service
        if service is not None:
            text = "\n".join(part for part in (text, service.acronym, service.name) if part)
        return text

    @classmethod
    def get_indexed_objects(cls):
        """For `update_index`: each chunk fetches its sources in one query per kind."""
        sources = [source.prefetch_queryset() for source in search_sources()]
        return (
            super()
            .get_indexed_objects()
            .select_related("service")
            .prefetch_related(GenericPrefetch("source", sources))
        )

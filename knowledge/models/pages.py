"""The knowledge base tree: index → service pages (with sections) and theme pages → articles."""

from datetime import date

from django import forms
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from cms.core.searchable import SearchablePage
from social.people.scope import scope_key, visible_pages
from social.people.selectors import service_people
from social.targets import DiscussionPageMixin

from ..blocks import ArticleBodyBlock, heading_anchor

DESCRIPTION_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]
ARTICLES_PER_PAGE = 30


def paginate(request, make_queryset):
    """A lazy page of the queryset `make_queryset()` builds: nothing is queried unless the
    template renders it (its cached fragment is stale). A page that does not exist is a 404."""
    from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

    def page():
        try:
            return Paginator(make_queryset(), ARTICLES_PER_PAGE).page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            raise Http404 from None

    return SimpleLazyObject(page)


def list_cache_context(request) -> dict:
    """What a cached list of articles varies on: the restricted sections hidden from the
    reader (their scope), the content generation and the page number."""
    return {
        "scope_key": scope_key(request.user, "restricted"),
        "page_number": request.GET.get("page", "1")[:10],
    }


def next_review_date(last_reviewed_on: date, interval_months: int) -> date:
    months = last_reviewed_on.month - 1 + interval_months
    year = last_reviewed_on.year + months // 12
    month = months % 12 + 1
    return date(year, month, min(last_reviewed_on.day, 28))


class KnowledgeIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledge.ServicePage", "knowledge.ThemePage"]
    max_count = 1

    class Meta:
        verbose_name = _("base de connaissances")
        verbose_name_plural = _("bases de connaissances")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = visible_pages(request.user, self.get_children().live())
        context["service_pages"] = children.type(ServicePage).specific().order_by("title")
        context["theme_pages"] = children.type(ThemePage).specific().order_by("title")
        return context


class ServicePage(SearchablePage, Page):
    """One page per service of the organisation, owned by its department head."""

    service = models.OneToOneField(
        "people.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="knowledge_page",
    )
    description = RichTextField(_("présentation"), features=DESCRIPTION_FEATURES, blank=True)
    contacts = models.TextField(
        _("points de contact"),
        blank=True,
        help_text=_("Horaires, permanences, numéros utiles : une information par ligne."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("service"),
        FieldPanel("description"),
        FieldPanel("contacts"),
        InlinePanel("featured_articles", label=_("Articles à la une"), max_num=6),
    ]
    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types = ["knowledge.SectionPage", "knowledge.ArticlePage"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("contacts"),
        index.FilterField("service_id"),
    ]

    class Meta:
        verbose_name = _("page de service")
        verbose_name_plural = _("pages de service")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = articles_visible_to(request.user).filter(
            pk__in=self.featured_articles.values("article_id")
        )
        context["sections"] = visible_pages(
            request.user, self.get_children().live().type(SectionPage)
        ).specific()
        context["articles"] = paginate(
            request, lambda: articles_visible_to(request.user).descendant_of(self)
        )
        if self.service_id:
            context["service_people"], context["service_people_count"] = service_people(
                self.service
            )
        context.update(list_cache_context(request))
        return context


class SectionPage(Page):
    """A sub-section of a service (« Carrière », « Paie »…) grouping articles."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["knowledge.ServicePage", "knowledge.SectionPage"]
    subpage_types = ["knowledge.SectionPage", "knowledge.ArticlePage"]

    class Meta:
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(
            request, lambda: articles_visible_to(request.user).descendant_of(self)
        )
        context.update(list_cache_context(request))
        return context


class ThemePage(SearchablePage, Page):
    """A cross-service theme: an editorial introduction, curated articles and every article
    tagged with the theme."""

    theme = models.OneToOneField(
        "knowledge.Theme", verbose_name=_("thème"), on_delete=models.PROTECT, related_name="page"
    )
    introduction = RichTextField(_("introduction"), features=DESCRIPTION_FEATURES, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("theme"),
        FieldPanel("introduction"),
        InlinePanel("featured_articles", label=_("Articles choisis"), max_num=6),
    ]
    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
    ]

    def get_search_themes(self) -> list[int]:
        return [self.theme_id] if self.theme_id else []

    class Meta:
        verbose_name = _("page de thème")
        verbose_name_plural = _("pages de thème")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = articles_visible_to(request.user)
        context["featured"] = visible.filter(pk__in=self.featured_articles.values("article_id"))
        context["articles"] = paginate(request, lambda: visible.filter(themes=self.theme_id))
        context.update(list_cache_context(request))
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(DiscussionPageMixin, SearchablePage, Page):
    lead = models.TextField(_("chapeau"), max_length=500, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("contenu"), blank=True)
    service = models.ForeignKey(
        "people.Service",
        verbose_name=_("service propriétaire"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("Le service de la page sous laquelle l'article est rangé."),
    )
    themes = ParentalManyToManyField(
        "knowledge.Theme", verbose_name=_("thèmes"), blank=True, related_name="articles"
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("mots-clés"))
    related_articles = ParentalManyToManyField(
        "self", verbose_name=_("articles liés"), blank=True, symmetrical=False
    )
    last_reviewed_on = models.DateField(_("relu le"), default=date.today)
    review_interval_months = models.PositiveSmallIntegerField(
        _("relecture tous les (mois)"),
        default=12,
        help_text=_("Au-delà, l'article apparaît dans la liste « à relire » de son service."),
    )
    review_due = models.BooleanField(
        _("à relire"),
        default=False,
        editable=False,
        db_index=True,
        help_text=_("Tenu à jour chaque nuit par une tâche de fond, et à chaque enregistrement."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("related_articles"),
            ],
            heading=_("Classement"),
        ),
        MultiFieldPanel(
            [FieldPanel("last_reviewed_on"), FieldPanel("review_interval_months")],
            heading=_("Relecture"),
        ),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("comments_mode")]
    parent_page_types = ["knowledge.ServicePage", "knowledge.SectionPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("service_id"),
    ]

    def get_search_themes(self) -> list[int]:
        return [theme.pk for theme in self.themes.all()]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def save(self, *args, **kwargs):
        service_page = self.get_owner_service_page() if self.pk or self.path else None
        self.service_id = service_page.service_id if service_page else None
        self.review_due = self.is_stale
        return super().save(*args, **kwargs)

    def get_owner_service_page(self) -> "ServicePage | None":
        return ServicePage.objects.filter(path__in=self._ancestor_paths()).first()

    def _ancestor_paths(self) -> list[str]:
        return [self.path[:i] for i in range(self.steplen, len(self.path), self.steplen)]

    @property
    def next_review_on(self) -> date:
        return next_review_date(self.last_reviewed_on, self.review_interval_months)

    @property
    def is_stale(self) -> bool:
        return self.next_review_on < timezone.localdate()

    @cached_property
    def table_of_contents(self) -> list[dict]:
        return [
            {
                "text": block.value["text"],
                "anchor": heading_anchor(block.value["text"]),
                "level": block.value["level"],
            }
            for block in self.body
            if block.block_type == "heading"
        ]

    def feedback_of(self, user):
        """The feedback `user` gave on this article, if any."""
        if not user.is_authenticated:
            return None
        return self.feedback.filter(user=user).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = self.themes.all()
        context["tags"] = self.tags.all()
        context["related"] = articles_visible_to(request.user).filter(
            pk__in=self.related_articles.values("pk")
        )
        context["my_feedback"] = self.feedback_of(request.user)
        return context


def articles_visible_to(user):
    """Live articles `user` may see, ready for lists (owner service and themes prefetched)."""
    articles = (
        ArticlePage.objects.live()
        .select_related("service")
        .prefetch_related("themes")
        .defer_streamfields()
        .order_by("title")
    )
    return visible_pages(user, articles)


class FeaturedArticle(Orderable):
    """An article chosen by hand to stand first on a service or theme page."""

    article = models.ForeignKey(
        ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        abstract = True


class ServiceFeaturedArticle(FeaturedArticle):
    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="featured_articles")


class ThemeFeaturedArticle(FeaturedArticle):
    page = ParentalKey(ThemePage, on_delete=models.CASCADE, related_name="featured_articles")

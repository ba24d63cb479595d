"""The editorial homepage, the news index and news items."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from cms.core.searchable import SearchablePage
from cms.core.tokens import SecretToken, SecretTokenQuerySet
from knowledge.selectors import filter_choices
from social.people.audience import Audience, AudienceMixin, AudienceQuerySetMixin
from social.people.forms import AudiencePageForm
from social.people.scope import scope_key, visible_pages
from social.targets import DiscussionPageMixin

from .blocks import HomeBodyBlock, NewsBodyBlock
from .cache import content_generation

if TYPE_CHECKING:
    from social.people.models import User


def validate_link(value: str) -> None:
    """A path on this intranet, or an http(s) address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class HtmxPageMixin:
    """Serve the page's HTMX partial when htmx asks (Wagtail only checks X-Requested-With)."""

    def get_htmx_partial(self, request) -> str:
        return ""

    def get_template(self, request, *args, **kwargs):
        template = super().get_template(request, *args, **kwargs)
        partial = self.get_htmx_partial(request) if getattr(request, "htmx", False) else ""
        return f"{template}#{partial}" if partial else template

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


# What decides which news a reader sees: their audience and the restricted pages they may not
# enter (page privacy on a news item or above it).
NEWS_SCOPE = ("audience", "restricted")


class HomePage(Page):
    welcome = models.CharField(
        _("message d'accueil"),
        max_length=255,
        blank=True,
        help_text=_("Une phrase affichée en haut de la page d'accueil."),
    )
    body = StreamField(
        HomeBodyBlock(),
        verbose_name=_("mise en avant"),
        blank=True,
        help_text=_("Un texte, un appel à l'action ou un sondage, à côté des actualités."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("welcome"),
        FieldPanel("body"),
        InlinePanel("quick_links", label=_("Accès rapides"), max_num=12),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Callables: the template calls them only when its cached fragment is stale.
        context.update(
            pinned_news=partial(homepage_pinned_news, user=request.user),
            latest_news=partial(homepage_latest_news, user=request.user),
            news_index=lambda: NewsIndexPage.objects.live().child_of(self).first(),
            scope_key=scope_key(request.user, *NEWS_SCOPE),
        )
        return context


class QuickLink(Orderable):
    """A link curated by the communication team on the homepage."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="quick_links")
    title = models.CharField(_("intitulé"), max_length=80)
    description = models.CharField(_("description"), max_length=160, blank=True)
    page = models.ForeignKey(
        Page,
        verbose_name=_("page de l'intranet"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.CharField(
        _("ou adresse"),
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=_("Une adresse de l'intranet (/mon-compte/) ou d'un autre site (https://…)."),
    )

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("page"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("accès rapide")
        verbose_name_plural = _("accès rapides")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if bool(self.page_id) == bool(self.url):
            raise ValidationError({"url": _("Indiquez soit une page, soit une adresse.")})

    @property
    def href(self) -> str:
        return self.page.url if self.page_id else self.url


class NewsIndexPage(HtmxPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]

    class Meta:
        verbose_name = _("index des actualités")
        verbose_name_plural = _("index des actualités")

    def get_htmx_partial(self, request) -> str:
        # "Load more" appends cards; changing a filter replaces the whole result list.
        return "more-results" if request.GET.get("more") else "news-results"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        choices = filter_choices(content_generation(request))
        # Filters are looked up among known slugs: no user input reaches a queryset filter.
        service = choices["services"].get(request.GET.get("service", ""))
        theme = choices["themes"].get(request.GET.get("theme", ""))
        try:
            number = int(request.GET.get("page", 1))
        except ValueError:
            number = 0
        if number < 1:
            raise Http404(_("Cette page de résultats n'existe pas."))

        def news_page():
            # Runs only when the cached list is stale: a page past the last is a 404.
            news = news_visible_to(
                request.user,
                service_id=service["id"] if service else None,
                theme_id=theme["id"] if theme else None,
            ).child_of(self)
            try:
                return Paginator(news, settings.NEWS_PAGE_SIZE).page(number)
            except EmptyPage:
                raise Http404(_("Cette page de résultats n'existe pas.")) from None

        filters = {}
        if service:
            filters["service"] = service["slug"]
        if theme:
            filters["theme"] = theme["slug"]
        context.update(
            services=choices["services"].values(),
            themes=choices["themes"].values(),
            selected_service=service,
            selected_theme=theme,
            page_number=number,
            news_page=SimpleLazyObject(news_page),
            filters=filters,
            filters_key=f"{filters.get('service', '')}|{filters.get('theme', '')}",
            scope_key=scope_key(request.user, *NEWS_SCOPE),
        )
        return context


class NewsPageQuerySet(AudienceQuerySetMixin, PageQuerySet):
    pass


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(AudienceMixin, DiscussionPageMixin, SearchablePage, Page):
    lead = models.TextField(
        _("chapeau"), max_length=400, help_text=_("Deux ou trois phrases qui résument l'actualité.")
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("corps"), blank=True)
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Ce que montre l'image. Laissez vide si elle est décorative."),
    )
    date = models.DateTimeField(
        _("date de publication"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Laissez vide pour prendre la date de mise en ligne."),
    )
    service = models.ForeignKey(
        "people.Service",
        verbose_name=_("service concerné"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )
    themes = ParentalManyToManyField("knowledge.Theme", verbose_name=_("thèmes"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("mots-clés"))
    pinned = models.BooleanField(
        _("épinglée"), default=False, help_text=_("Affichée en tête de la page d'accueil.")
    )
    read_required = models.BooleanField(
        _("lecture obligatoire"),
        default=False,
        help_text=_(
            "Chaque personne du public voit un bandeau et confirme sa lecture ; "
            "vous suivez le taux de lecture par service."
        ),
    )
    read_deadline = models.DateField(
        _("à lire avant le"),
        null=True,
        blank=True,
        help_text=_("Facultatif : la date affichée dans le bandeau."),
    )

    objects = NewsPageManager()
    base_form_class = AudiencePageForm
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("main_image"), FieldPanel("main_image_alt")], heading=_("Image principale")
        ),
        FieldPanel("body"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("audience_services", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Public"),
        ),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("pinned"), FieldPanel("comments_mode")],
            heading=_("Publication"),
        ),
        MultiFieldPanel(
            [FieldPanel("read_required"), FieldPanel("read_deadline")],
            heading=_("Lecture obligatoire"),
        ),
        MultiFieldPanel(
            [FieldPanel("service"), FieldPanel("themes"), FieldPanel("tags")],
            heading=_("Classement"),
        ),
        *Page.promote_panels,
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("audience"),
        index.FilterField("date"),
        index.FilterField("pinned"),
        index.FilterField("service_id"),
    ]

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        indexes = [models.Index(fields=["pinned", "date"], name="home_news_pinned_date")]

    def get_search_access(self) -> list[str]:
        return self.access_keys()

    def get_search_themes(self) -> list[int]:
        return [theme.pk for theme in self.themes.all()]

    def save(self, *args, **kwargs):
        if self.live and self.date is None:
            self.date = self.first_published_at or timezone.now()
        return super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        if not getattr(request, "is_preview", False) and not self.is_visible_to(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = self.themes.all()
        context["tags"] = self.tags.all()
        return context


class ReadRequirement(models.Model):
    """The « lecture obligatoire » of a news item, with the audience it asked when last
    published. It outlives the item: unpublished or deleted, its record stays for the
    communication officers (`news` then empty, `title` kept)."""

    news = models.OneToOneField(
        NewsPage,
        verbose_name=_("actualité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="read_requirement",
    )
    title = models.CharField(_("titre"), max_length=255)
    audience = models.CharField(_("public"), max_length=10, choices=Audience.choices)
    audience_service_ids = models.JSONField(default=list, blank=True)
    deadline = models.DateField(_("à lire avant le"), null=True, blank=True)
    # False once the editors untick « lecture obligatoire »: no more banner, the record stays.
    active = models.BooleanField(_("en cours"), default=True)
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    last_reminded_at = models.DateTimeField(_("dernière relance"), null=True, blank=True)
    # One more at each confirmation: the follow-up's figures are cached under it.
    version = models.PositiveIntegerField(default=0)
    reminded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lecture obligatoire")
        verbose_name_plural = _("lectures obligatoires")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("home:read_report", args=[self.pk])


class ReadConfirmation(models.Model):
    """« J'ai lu »: one person, one mandatory reading, once, with its time."""

    requirement = models.ForeignKey(
        ReadRequirement, on_delete=models.CASCADE, related_name="confirmations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_confirmations"
    )
    confirmed_at = models.DateTimeField(_("lu le"), default=timezone.now)

    class Meta:
        verbose_name = _("confirmation de lecture")
        verbose_name_plural = _("confirmations de lecture")
        constraints = [
            models.UniqueConstraint(fields=["requirement", "user"], name="home_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.requirement_id}"


HOMEPAGE_PINNED = 3
HOMEPAGE_LATEST = 6


def news_for_cards() -> NewsPageQuerySet:
    """Live news, newest first, with what a card shows (no rule on who reads them: callers
    filter, or pass ids already filtered)."""
    return (
        NewsPage.objects.live()
        .select_related("service", "main_image")
        .prefetch_related(
            "themes",
            Prefetch(
                "main_image__renditions",
                queryset=get_image_model().get_rendition_model().objects.all(),
            ),
        )
        .defer_streamfields()
        .order_by(F("date").desc(nulls_last=True), "-pk")
    )


def news_visible_to(
    user: User, *, service_id: int | None = None, theme_id: int | None = None
) -> NewsPageQuerySet:
    """Live news the user's audience may see, newest first, ready for cards (bounded queries)."""
    news = visible_pages(user, news_for_cards().visible_to(user))
    if service_id is not None:
        news = news.filter(service_id=service_id)
    if theme_id is not None:
        news = news.filter(themes__id=theme_id)
    return news


def homepage_pinned_news(*, user: User) -> NewsPageQuerySet:
    """The first pinned news items, for the top of the homepage."""
    return news_visible_to(user).filter(pinned=True)[:HOMEPAGE_PINNED]


def homepage_latest_news(*, user: User) -> NewsPageQuerySet:
    """The latest news not already shown as pinned (pinned ones beyond the first few fall back
    here)."""
    pinned = homepage_pinned_news(user=user)
    return news_visible_to(user).exclude(pk__in=pinned.values("pk"))[:HOMEPAGE_LATEST]


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The collectivité itself: its name and logo, shown in the header and footer."""

    name = models.CharField(_("nom de la collectivité"), max_length=150, default="")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.TextField(_("adresse"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("adresse de contact"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("logo"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta:
        verbose_name = _("collectivité")


class FeedToken(SecretToken):
    """A secret in a feed URL, so a feed reader can read the news a person may see."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens"
    )

    objects = SecretTokenQuerySet.as_manager()

    class Meta(SecretToken.Meta):
        verbose_name = _("jeton de flux")
        verbose_name_plural = _("jetons de flux")

"""Polls: a Wagtail snippet embedded in pages (StreamField) or shown on its own in the feed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from social.people.audience import AudienceMixin, AudienceQuerySetMixin

if TYPE_CHECKING:
    from social.people.models import User

MIN_CHOICES = 2
MAX_CHOICES = 20


PlaceRule = Callable[["User"], models.Q]

_places: list[tuple[models.Q, PlaceRule]] = []


def register_poll_place(placed: models.Q, readable: PlaceRule) -> None:
    """Declare a place polls are posted in with readers of its own (a group's posts): `placed`
    keeps the polls posted there, `readable(user)` those of them `user` may read. Called from
    the place's app's `ready()`; polls import no app that posts them."""
    _places.append((placed, readable))


class PollQuerySet(AudienceQuerySetMixin, models.QuerySet):
    def visible_to(self, user):
        """Polls of the reader's audience; a poll posted in a place with readers of its own
        (a group), only where they may read that place's posts."""
        allowed = models.Q()
        for placed, _readable in _places:
            allowed &= ~placed
        for _placed, readable in _places:
            allowed |= readable(user)
        return super().visible_to(user).filter(allowed)

    def open(self):
        return self.filter(
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=timezone.now())
        )


class EditorialPollManager(models.Manager.from_queryset(PollQuerySet)):
    """The default manager, which Wagtail's admin (listing, edit, delete, chooser, usage) uses:
    polls members posted in their groups belong to the groups, not to the editors."""

    def get_queryset(self):
        return super().get_queryset().filter(group_post__isnull=True)


class Poll(AudienceMixin, ClusterableModel):
    class Results(models.TextChoices):
        ALWAYS = "always", _("Toujours, même avant de voter")
        AFTER_VOTE = "after_vote", _("Après avoir voté")
        AFTER_CLOSE = "after_close", _("Seulement après la clôture")

    question = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("précisions"), max_length=1000, blank=True)
    multiple = models.BooleanField(
        _("plusieurs réponses possibles"),
        default=False,
        help_text=_("Sinon, une seule réponse par personne."),
    )
    anonymous = models.BooleanField(
        _("anonyme"),
        default=False,
        help_text=_(
            "Personne, pas même l'auteur du sondage, ne voit qui a répondu quoi : "
            "seuls les totaux sont affichés et exportés."
        ),
    )
    results_visibility = models.CharField(
        _("résultats visibles"),
        max_length=12,
        choices=Results.choices,
        default=Results.AFTER_VOTE,
    )
    allow_change = models.BooleanField(
        _("changement de vote autorisé"),
        default=True,
        help_text=_("Chacun peut modifier sa réponse jusqu'à la clôture."),
    )
    closes_at = models.DateTimeField(
        _("clôture"), null=True, blank=True, help_text=_("Laissez vide pour un sondage sans fin.")
    )
    in_feed = models.BooleanField(
        _("afficher dans le fil des actualités"),
        default=True,
        help_text=_("Le sondage apparaît en tête des actualités tant qu'il est ouvert."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="polls",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    objects = EditorialPollManager()
    everywhere = PollQuerySet.as_manager()  # group polls too

    panels = [
        FieldPanel("question"),
        FieldPanel("description"),
        InlinePanel(
            "choices", label=_("Réponses proposées"), min_num=MIN_CHOICES, max_num=MAX_CHOICES
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("multiple"), FieldPanel("allow_change")]),
                FieldPanel("anonymous"),
                FieldPanel("results_visibility"),
                FieldPanel("closes_at"),
            ],
            heading=_("Règles du vote"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("audience_services", widget=forms.CheckboxSelectMultiple),
                FieldPanel("in_feed"),
            ],
            heading=_("Public"),
        ),
    ]

    class Meta:
        verbose_name = _("sondage")
        verbose_name_plural = _("sondages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("polls:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.closes_at and not self.pk and self.closes_at <= timezone.now():
            raise ValidationError({"closes_at": _("La clôture doit être dans le futur.")})

    @property
    def is_closed(self) -> bool:
        return self.closes_at is not None and self.closes_at <= timezone.now()

    def is_visible_to(self, user) -> bool:
        """The audience rule; for a poll posted in a group, the group's rule."""
        post = getattr(self, "group_post", None) if self.pk else None
        if post is not None:
            return post.discussion_visible_to(user)
        return super().is_visible_to(user)


class PollChoice(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("réponse"), max_length=200)

    panels = [FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("réponse proposée")
        verbose_name_plural = _("réponses proposées")

    def __str__(self) -> str:
        return self.label


class PollBallot(models.Model):
    """One person's answer to a poll: one per person, enforced by the database."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_ballots"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="polls_one_ballot_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.voter} — {self.poll}"


class PollBallotChoice(models.Model):
    ballot = models.ForeignKey(PollBallot, on_delete=models.CASCADE, related_name="picks")
    choice = models.ForeignKey(PollChoice, on_delete=models.CASCADE, related_name="picks")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "choice"], name="polls_choice_once_per_ballot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.choice}"

"""Events of the agenda: from the council meeting to the Friday pause café.

An event belongs to a group (then the group's visibility decides who sees it: a secret group's
events exist for its members only) or is published to an audience (the one audience rule of
social/people/audience.py), and may be shown on a service's page. Times are stored in UTC and
entered, shown and exported in Europe/Paris.

A recurring event keeps its rule as RFC 5545 text (RRULE) with its exceptions (an occurrence
cancelled, or moved: `OccurrenceChange`); the occurrences are expanded by recurring-ical-events
from the same iCalendar the feeds export (ical.py), never by hand, and kept in `Occurrence`
rows so that a month of the agenda is one indexed query (occurrences.py).
"""

from __future__ import annotations

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modelcluster.models import ClusterableModel

from cms.core.tokens import SecretToken, SecretTokenQuerySet
from social.people.audience import AudienceMixin

MAX_QUESTIONS = 5


def event_image_path(instance, filename: str) -> str:
    return f"events/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class EventCategory(models.Model):
    """An editable list (Wagtail snippets): réunion, formation, conseil et commissions…"""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("catégorie d'événements")
        verbose_name_plural = _("catégories d'événements")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    """A room of the collectivité people meet in (Wagtail snippets)."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    location = models.CharField(_("adresse ou bâtiment"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacité"), null=True, blank=True)
    accessible = models.BooleanField(_("accessible aux personnes à mobilité réduite"), default=True)

    class Meta:
        verbose_name = _("salle")
        verbose_name_plural = _("salles")
        ordering = ["name"]

    def __str__(self) -> str:
        if self.capacity:
            return _("%(name)s (%(capacity)d places)") % {
                "name": self.name,
                "capacity": self.capacity,
            }
        return self.name


class Event(AudienceMixin, ClusterableModel):
    class Registration(models.TextChoices):
        NONE = "none", _("Sans inscription")
        RSVP = "rsvp", _("Sur inscription (oui / peut-être / non)")

    # The iCalendar identity: the same UID in every export, SEQUENCE raised by each change that
    # participants are told of, so calendar clients update one entry.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    description_html = models.TextField(blank=True, editable=False)
    image = models.ImageField(_("image"), upload_to=event_image_path, blank=True)
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=250, blank=True)
    category = models.ForeignKey(
        EventCategory,
        verbose_name=_("catégorie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )

    all_day = models.BooleanField(_("toute la journée"), default=False)
    # An all-day event runs from local midnight of its first day to local midnight after its
    # last day (end exclusive, as DTEND;VALUE=DATE).
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    rrule = models.CharField(_("récurrence (RRULE)"), max_length=300, blank=True)

    place = models.CharField(_("lieu"), max_length=200, blank=True)
    room = models.ForeignKey(
        Room,
        verbose_name=_("salle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    online_url = models.URLField(_("lien de la réunion en ligne"), blank=True, max_length=500)
    # A room on the collectivité's own visio service (social/messaging/visio.py), if asked.
    visio = models.JSONField(default=dict, blank=True, editable=False)

    group = models.ForeignKey(
        "groups.Group",
        verbose_name=_("groupe"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    service = models.ForeignKey(
        "people.Service",
        verbose_name=_("service organisateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisateurs"),
        related_name="organised_events",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    registration = models.CharField(
        _("inscription"), max_length=10, choices=Registration.choices, default=Registration.NONE
    )
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    # Confirmed « oui » answers: kept by registration_respond under a lock on this row, and
    # bounded by the database itself (the constraint below), whatever the code does.
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    registration_deadline = models.DateTimeField(_("inscriptions jusqu'au"), null=True, blank=True)
    questions = models.JSONField(_("questions aux participants"), default=list, blank=True)

    reminder_days_before = models.PositiveSmallIntegerField(
        _("rappel (jours avant)"), null=True, blank=True, default=1
    )
    reminder_time = models.TimeField(_("heure du rappel"), default=time(9, 0))

    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.CharField(_("motif de l'annulation"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "pk"]
        permissions = [
            ("publish_events", _("Publier des événements pour un public de la collectivité")),
        ]
        indexes = [models.Index(fields=["group", "starts_at"], name="events_group_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="events_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="events_seats_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    @property
    def has_registration(self) -> bool:
        return self.registration == self.Registration.RSVP

    @property
    def ical_uid(self) -> str:
        return f"{self.uid}@parvis"

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)


class OccurrenceChange(models.Model):
    """An exception to a recurring event: one occurrence cancelled (an EXDATE) or moved (a
    VEVENT with its RECURRENCE-ID)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="changes")
    original_start = models.DateTimeField()
    cancelled = models.BooleanField(default=False)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "original_start"], name="events_one_change_per_occurrence"
            ),
            models.CheckConstraint(
                condition=Q(cancelled=True)
                | (Q(starts_at__isnull=False) & Q(ends_at__isnull=False)),
                name="events_change_cancels_or_moves",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} @ {self.original_start}"


class Occurrence(models.Model):
    """One occurrence of an event, as the iCalendar expansion gives it (occurrences.py): what
    the month, the week and the reminders read. Rebuilt whenever the event changes."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The RECURRENCE-ID: where the rule put it, even when it was moved.
    original_start = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["starts_at"], name="events_occurrence_start"),
            models.Index(fields=["event", "starts_at"], name="events_occurrence_event"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "original_start"], name="events_one_occurrence_per_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} @ {self.starts_at}"


class Registration(models.Model):
    class Response(models.TextChoices):
        YES = "yes", _("Je participe")
        MAYBE = "maybe", _("Peut-être")
        NO = "no", _("Je ne participe pas")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    response = models.CharField(max_length=10, choices=Response.choices)
    # A « oui » beyond the capacity waits; the first in line takes a seat that frees up.
    waiting = models.BooleanField(default=False)
    waiting_since = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    email_updates = models.BooleanField(
        _("recevoir aussi les rappels et changements par e-mail"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_registration"),
            models.CheckConstraint(
                condition=Q(waiting=False) | Q(response="yes"), name="events_only_yes_waits"
            ),
        ]
        indexes = [
            models.Index(
                fields=["event", "waiting_since"],
                condition=Q(waiting=True),
                name="events_waiting_list",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.event_id}: {self.response}"

    @property
    def is_confirmed(self) -> bool:
        return self.response == self.Response.YES and not self.waiting

    @property
    def status_label(self) -> str:
        if self.waiting:
            return _("Liste d'attente")
        return self.get_response_display()


class Delivery(models.Model):
    """Something sent to one person about an event (a reminder of one occurrence, an
    invitation by e-mail of one version): recorded before it goes, so that a task run twice
    sends nothing twice."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user", "key"], name="events_one_delivery")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.event_id}: {self.key}"


class CalendarToken(SecretToken):
    """The secret in a person's calendar subscription URL (revocable from « Mon compte »)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )

    objects = SecretTokenQuerySet.as_manager()

    class Meta(SecretToken.Meta):
        verbose_name = _("abonnement d'agenda")
        verbose_name_plural = _("abonnements d'agenda")

"""Write-side operations of the agenda: events made, changed and cancelled, occurrences
cancelled or moved, answers to an invitation with a capacity that holds under concurrency, and
what participants are told (notifications.py, tasks.py).

The capacity: a « oui » takes a seat while `Event.seats_taken < capacity`, else waits. The
event's row is locked (`select_for_update`) for the whole answer, so answers to one event are
taken one after the other; the database also refuses any `seats_taken` above the capacity
(a check constraint), whatever a bug here would do. When a seat frees up (a « oui » changed to
« non », a larger capacity), the first in the waiting list takes it and is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.media import file_delete_on_commit
from cms.core.queueing import queue_after_commit
from knowledge.library import filetypes
from knowledge.library.pictures import reencoded_picture
from knowledge.search.tasks import sync_search_rows_after_commit
from social import markup
from social.groups.models import Group
from social.messaging import visio

from . import ical, permissions, tasks
from .models import (
    MAX_QUESTIONS,
    Event,
    EventCategory,
    Occurrence,
    OccurrenceChange,
    Registration,
)
from .occurrences import occurrences_rebuild

if TYPE_CHECKING:
    from social.people.models import User

IMAGE_MAX_SIDE = 1600
# What participants are told of: a change to any of these raises the SEQUENCE.
TOLD_FIELDS = ("starts_at", "ends_at", "all_day", "rrule", "place", "room_id", "online_url")
Response = Registration.Response


class EventError(ValidationError):
    """Something the person can correct; its message says what, in their language."""


@dataclass
class EventData:
    """What the event form gives (views parse, services decide)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool = False
    description: str = ""
    category_id: int | None = None
    rrule: str = ""
    place: str = ""
    room_id: int | None = None
    online_url: str = ""
    audience: str = "all"
    audience_service_ids: tuple[int, ...] = ()
    service_id: int | None = None
    registration: str = Event.Registration.NONE
    capacity: int | None = None
    registration_deadline: datetime | None = None
    questions: tuple[str, ...] = ()
    reminder_days_before: int | None = 1
    reminder_time: object = None
    image_alt: str = ""
    organiser_ids: tuple[int, ...] = ()


def _apply(event: Event, data: EventData) -> None:
    if data.ends_at < data.starts_at:
        raise EventError(_("La fin doit être après le début."))
    questions = [question.strip()[:200] for question in data.questions if question.strip()]
    if len(questions) > MAX_QUESTIONS:
        raise EventError(_("Cinq questions au plus."))
    for name in (
        "title",
        "starts_at",
        "ends_at",
        "all_day",
        "category_id",
        "rrule",
        "place",
        "room_id",
        "online_url",
        "audience",
        "service_id",
        "registration",
        "capacity",
        "registration_deadline",
        "reminder_days_before",
        "image_alt",
    ):
        setattr(event, name, getattr(data, name))
    if data.reminder_time is not None:
        event.reminder_time = data.reminder_time
    event.questions = questions
    event.description = markup.clean_text(
        data.description,
        required=False,
        empty="",
        too_long=_("La description est trop longue (5 000 caractères au plus)."),
        error=EventError,
    )
    event.description_html = markup.render(event.description)
    if event.registration == Event.Registration.NONE:
        event.capacity = None


def _store_image(event: Event, uploaded: UploadedFile | None, *, remove: bool = False) -> None:
    if remove and event.image:
        file_delete_on_commit(event.image)
        event.image = ""
        event.save(update_fields=["image"])
    if uploaded:
        try:
            cleaned = reencoded_picture(uploaded, max_side=IMAGE_MAX_SIDE)
        except filetypes.Rejected as rejected:
            raise EventError(str(rejected.message)) from None
        file_delete_on_commit(event.image)
        event.image.save(cleaned.name, cleaned, save=True)


def _sync(event: Event) -> None:
    sync_search_rows_after_commit(Event, [event.pk])


@transaction.atomic
def event_create(
    *,
    user: User,
    data: EventData,
    group: Group | None = None,
    image: UploadedFile | None = None,
    with_visio: bool = False,
) -> Event:
    if not permissions.can_create_event(user, group):
        raise PermissionDenied
    event = Event(created_by=user, group=group)
    _apply(event, data)
    if group is not None:
        event.audience = Event._meta.get_field("audience").default
        event.service_id = data.service_id or group.service_id
    if with_visio and visio.enabled():
        event.visio = _visio_room(event)
    event.save()
    if group is None:
        event.audience_services.set(data.audience_service_ids)
        event.save()  # a ParentalManyToManyField is written on save
    event.organisers.set({user.pk, *data.organiser_ids})
    occurrences_rebuild(event)
    _room_free_or_refuse(event, user)
    _store_image(event, image)  # last: a refusal above leaves no file behind
    _sync(event)
    if group is not None:
        queue_after_commit(tasks.notify_group_event, event.pk)
    return event


def _room_free_or_refuse(event: Event, user: User) -> None:
    """A room holds one event at a time: any session of `event` meeting a session of another
    event (not cancelled) in the same room is refused, the other named if `user` may see it."""
    if event.room_id is None:
        return
    sessions = list(event.occurrences.values_list("starts_at", "ends_at"))
    overlaps = Q()
    for begins, ends in sessions:
        overlaps |= Q(starts_at__lt=ends, ends_at__gt=begins)
    if not sessions:
        return
    clash = (
        Occurrence.objects.filter(overlaps, event__room_id=event.room_id)
        .exclude(event=event)
        .filter(event__cancelled_at__isnull=True)
        .select_related("event", "event__group", "event__room")
        .order_by("starts_at")
        .first()
    )
    if clash is None:
        return
    values = {
        "room": clash.event.room.name,
        "when": ical.local(clash.starts_at).strftime("%d/%m/%Y %H:%M"),
        "title": clash.event.title,
    }
    if permissions.can_view_event(user, clash.event):
        message = _("La salle « %(room)s » est déjà réservée le %(when)s pour « %(title)s ».")
    else:
        message = _("La salle « %(room)s » est déjà réservée le %(when)s.")
    raise EventError(message % values)


def _visio_room(event: Event) -> dict:
    try:
        return visio.room_create(title=event.title).as_data()
    except visio.VisioUnavailable:
        raise EventError(
            _("Le service de visio ne répond pas : enregistrez sans salle de visio ou réessayez.")
        ) from None


@transaction.atomic
def event_update(
    *,
    user: User,
    event: Event,
    data: EventData,
    image: UploadedFile | None = None,
    remove_image: bool = False,
    with_visio: bool | None = None,
) -> list[str]:
    """Change the event; returns the told fields that changed. Participants are told of a new
    date, time or place (a notification, and an updated invitation by e-mail)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not permissions.can_manage_event(user, event):
        raise PermissionDenied
    before = {name: getattr(event, name) for name in TOLD_FIELDS}
    _apply(event, data)
    if event.capacity is not None and event.capacity < event.seats_taken:
        raise EventError(
            _("%(count)d personnes sont déjà inscrites : la capacité ne peut pas être plus basse.")
            % {"count": event.seats_taken}
        )
    if with_visio is True and not event.visio and visio.enabled():
        event.visio = _visio_room(event)
    elif with_visio is False:
        event.visio = {}
    changed = [name for name in TOLD_FIELDS if getattr(event, name) != before[name]]
    if changed:
        event.sequence = F("sequence") + 1
    event.save()
    event.refresh_from_db()
    if event.group_id is None:
        event.audience_services.set(data.audience_service_ids)
        event.save()
    event.organisers.set({*data.organiser_ids, event.created_by_id or user.pk})
    if {"rrule", "starts_at", "ends_at", "all_day"} & set(changed):
        if {"rrule", "starts_at", "all_day"} & set(changed):
            # The exceptions name sessions of the old series (their RECURRENCE-IDs): they mean
            # nothing for the new one.
            event.changes.all().delete()
        occurrences_rebuild(event)
    if {"room_id", "rrule", "starts_at", "ends_at", "all_day"} & set(changed):
        _room_free_or_refuse(event, user)
    _store_image(event, image, remove=remove_image)  # after every refusal
    _promote_waiting(event)
    _sync(event)
    if changed:
        queue_after_commit(tasks.notify_event_changed, event.pk, "changed", event.sequence, user.pk)
    return changed


@transaction.atomic
def event_cancel(*, user: User, event: Event, reason: str = "") -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not permissions.can_manage_event(user, event):
        raise PermissionDenied
    if event.is_cancelled:
        return event
    event.cancelled_at = timezone.now()
    event.cancel_reason = reason.strip()[:300]
    event.sequence = F("sequence") + 1
    event.save(update_fields=["cancelled_at", "cancel_reason", "sequence", "updated_at"])
    event.refresh_from_db()
    _sync(event)
    queue_after_commit(tasks.notify_event_changed, event.pk, "cancelled", event.sequence, user.pk)
    return event


@transaction.atomic
def occurrence_change(
    *,
    user: User,
    event: Event,
    original_start: datetime,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> OccurrenceChange:
    """Cancel one occurrence of a recurring event (no new times), or move it."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not permissions.can_manage_event(user, event):
        raise PermissionDenied
    if (
        not event.is_recurring
        or not event.occurrences.filter(original_start=original_start).exists()
    ):
        raise EventError(_("Cette séance n'existe pas."))
    moving = starts_at is not None
    if moving and (ends_at is None or ends_at < starts_at):
        raise EventError(_("La fin doit être après le début."))
    change, _created = OccurrenceChange.objects.update_or_create(
        event=event,
        original_start=original_start,
        defaults={
            "cancelled": not moving,
            "starts_at": starts_at if moving else None,
            "ends_at": ends_at if moving else None,
        },
    )
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())
    event.refresh_from_db()
    occurrences_rebuild(event)
    if moving:
        _room_free_or_refuse(event, user)
    detail = "occurrence_moved" if moving else "occurrence_cancelled"
    queue_after_commit(tasks.notify_event_changed, event.pk, detail, event.sequence, user.pk)
    return change


DEFAULT_CATEGORIES = (
    ("reunion", "Réunion"),
    ("formation", "Formation"),
    ("conseil-et-commissions", "Conseil et commissions"),
    ("vie-sociale", "Vie sociale et cohésion"),
    ("elections", "Élections"),
    ("portes-ouvertes", "Portes ouvertes"),
)


def event_categories_ensure() -> None:
    """The categories every install starts with (reference data; renamed or added to in the
    admin afterwards, never created twice)."""
    for position, (slug, name) in enumerate(DEFAULT_CATEGORIES):
        EventCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )


# --- Answers -------------------------------------------------------------------------------


def _clean_answers(event: Event, answers: dict[str, str]) -> dict[str, str]:
    kept = {}
    for index, question in enumerate(event.questions):
        value = (answers.get(str(index)) or "").strip()
        if value:
            kept[question] = value[:500]
    return kept


def registration_respond(
    *,
    user: User,
    event: Event,
    response: str,
    answers: dict[str, str] | None = None,
    email_updates: bool = False,
) -> Registration:
    """Answer yes, maybe or no. A « oui » beyond the capacity joins the waiting list; a seat
    freed by this answer goes to the first person waiting (told at once)."""
    if response not in Response.values:
        raise EventError(_("Choisissez oui, peut-être ou non."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not permissions.can_view_event(user, event):
            raise PermissionDenied
        reason = permissions.registration_closed_reason(event)
        if reason:
            raise EventError(CLOSED_MESSAGES[reason]())
        registration = Registration.objects.filter(event=event, user=user).first()
        held_seat = registration is not None and registration.is_confirmed
        if registration is None:
            registration = Registration(event=event, user=user)
        was_waiting = registration.waiting
        registration.response = response
        registration.answers = _clean_answers(event, answers or {})
        registration.email_updates = email_updates
        if response == Response.YES:
            if not held_seat and not was_waiting:
                if event.capacity is None or event.seats_taken < event.capacity:
                    _take_seat(event)
                    registration.waiting, registration.waiting_since = False, None
                else:
                    registration.waiting, registration.waiting_since = True, timezone.now()
        else:
            registration.waiting, registration.waiting_since = False, None
            if held_seat:
                Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") - 1)
                event.seats_taken -= 1
        registration.save()
        if held_seat and response != Response.YES:
            _promote_waiting(event)
        if registration.is_confirmed and not held_seat:
            queue_after_commit(tasks.send_invitation, registration.pk, "REQUEST")
        elif held_seat and not registration.is_confirmed:
            queue_after_commit(tasks.send_invitation, registration.pk, "CANCEL")
    return registration


def _take_seat(event: Event) -> None:
    Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") + 1)
    event.seats_taken += 1


def _promote_waiting(event: Event) -> list[int]:
    """Give the free seats to the first people waiting (the event's row is locked)."""
    promoted = []
    while event.capacity is None or event.seats_taken < event.capacity:
        first = (
            Registration.objects.select_for_update()
            .filter(event=event, waiting=True)
            .order_by("waiting_since", "pk")
            .first()
        )
        if first is None:
            break
        _take_seat(event)
        Registration.objects.filter(pk=first.pk).update(waiting=False, waiting_since=None)
        promoted.append(first.pk)
        queue_after_commit(tasks.notify_promoted, first.pk)
        queue_after_commit(tasks.send_invitation, first.pk, "REQUEST")
    return promoted


CLOSED_MESSAGES = {
    "none": lambda: _("Cet événement est sans inscription."),
    "cancelled": lambda: _("Cet événement est annulé : les inscriptions sont fermées."),
    "deadline": lambda: _("La date limite d'inscription est passée."),
    "past": lambda: _("Cet événement est terminé."),
}


def participants_message(*, user: User, event: Event, text: str) -> int:
    """A note from the organisers to everyone who answered yes or maybe (in-app)."""
    if not permissions.can_manage_event(user, event):
        raise PermissionDenied
    body = markup.clean_text(
        text,
        required=True,
        empty=_("Écrivez votre message."),
        too_long=_("Le message est trop long (5 000 caractères au plus)."),
        error=EventError,
    )
    recipients = event.registrations.filter(response__in=(Response.YES, Response.MAYBE)).count()
    queue_after_commit(
        tasks.notify_participants_message, event.pk, user.pk, body, timezone.now().timestamp()
    )
    return recipients

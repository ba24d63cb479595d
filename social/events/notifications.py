"""What people are told about events, from Celery tasks (tasks.py): a new event in their group,
a seat freed for them, a change or a cancellation, a note from the organisers, and the
reminder of each occurrence. In-app always (as each person's settings allow); by e-mail, with
an iCalendar invitation (METHOD:REQUEST, or CANCEL) keeping the event's UID and SEQUENCE, for
those who asked for it when they answered.

Every function is idempotent: notifications carry event keys, e-mails a `Delivery` row written
with their outbox row (social/mail/outbox.py sends them, and again after an SMTP outage).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from social.groups.models import Membership
from social.mail.compose import language_of
from social.mail.outbox import mail_queue
from social.notifications.models import Notification
from social.notifications.services import notify
from social.people.models import User

from . import ical, permissions
from .models import Delivery, Event, Occurrence, Registration

Kind = Notification.Kind
Response = Registration.Response
MAX_REMINDER_DAYS = 14


def _deliver_once(event: Event, user: User, key: str, send) -> bool:
    """`send()` once for `user` and `key`: recorded in the same transaction, so a failed
    sending records nothing (the task is retried) and a second run sends nothing."""
    try:
        with transaction.atomic():
            Delivery.objects.create(event=event, user=user, key=key[:100])
            return bool(send())
    except IntegrityError:
        return False


def _participants(event: Event):
    """Everyone who answered yes (seated or waiting) or maybe, with the organisers."""
    answered = Registration.objects.filter(
        event=event, response__in=(Response.YES, Response.MAYBE)
    ).values("user_id")
    return User.objects.filter(
        Q(pk__in=answered) | Q(organised_events=event), is_active=True
    ).distinct()


def _email_wanted(event: Event) -> dict[int, Registration]:
    rows = Registration.objects.filter(event=event, email_updates=True).exclude(
        response=Response.NO
    )
    return {row.user_id: row for row in rows}


def _tell(event: Event, person: User, detail: str, key: str, *, actor=None, excerpt="") -> bool:
    if not permissions.can_view_event(person, event):
        return False  # no longer in the group or the audience: nothing is said
    return bool(
        notify(
            recipient=person,
            kind=Kind.EVENT,
            actor=actor,
            title=event.title,
            url=event.get_absolute_url(),
            excerpt=excerpt,
            detail=detail,
            event_key=key[:100],
            group=event.group,
        )
    )


def _load(event_id: int) -> Event | None:
    return (
        Event.objects.select_related("group", "room", "category", "created_by")
        .prefetch_related("changes")
        .filter(pk=event_id)
        .first()
    )


def notifications_for_group_event(*, event_id: int) -> int:
    """A new event in a group: its members are told (not the whole intranet for an open one)."""
    event = _load(event_id)
    if event is None or event.group is None or event.is_cancelled:
        return 0
    members = User.objects.filter(
        is_active=True,
        group_memberships__group=event.group,
        group_memberships__state=Membership.State.ACTIVE,
    ).exclude(pk=event.created_by_id)
    made = 0
    for person in members:
        made += _tell(event, person, "new", f"event-new:{event.pk}", actor=event.created_by)
    return made


def notifications_for_event_change(
    *, event_id: int, detail: str, sequence: int, actor_id: int | None = None
) -> int:
    """A change or a cancellation: every participant and organiser but the one who made it
    is told, and those who asked for e-mails get the updated invitation (or the cancellation)
    for their calendar."""
    event = _load(event_id)
    if event is None:
        return 0
    made = 0
    emails = _email_wanted(event)
    method = "CANCEL" if detail == "cancelled" else "REQUEST"
    excerpt = event.cancel_reason if detail == "cancelled" else ""
    for person in _participants(event):
        if person.pk == actor_id:
            continue
        made += _tell(
            event, person, detail, f"event:{event.pk}:{detail}:{sequence}", excerpt=excerpt
        )
        registration = emails.get(person.pk)
        if registration is not None and (registration.is_confirmed or method == "CANCEL"):
            _deliver_once(
                event,
                person,
                f"{method}:{sequence}",
                lambda person=person: _send_mail(event, person, method=method, detail=detail),
            )
    return made


def notifications_for_promoted(*, registration_id: int) -> bool:
    registration = (
        Registration.objects.select_related("event", "event__group", "user")
        .filter(pk=registration_id, response=Response.YES, waiting=False)
        .first()
    )
    if registration is None:
        return False
    event = registration.event
    return _tell(
        event, registration.user, "promoted", f"event-promoted:{registration.pk}:{event.sequence}"
    )


def invitation_send(*, registration_id: int, method: str) -> bool:
    """The invitation (or its withdrawal) by e-mail, for those who asked for e-mails."""
    registration = (
        Registration.objects.select_related("event", "user")
        .filter(pk=registration_id, email_updates=True)
        .first()
    )
    if registration is None or not registration.user.email:
        return False
    event = _load(registration.event_id)
    if method == "REQUEST" and not registration.is_confirmed:
        return False
    stamp = int(registration.updated_at.timestamp())
    detail = "invitation" if method == "REQUEST" else "withdrawn"
    return _deliver_once(
        event,
        registration.user,
        f"{method}:{event.sequence}:{stamp}",
        lambda: _send_mail(event, registration.user, method=method, detail=detail),
    )


def notifications_for_participants_message(
    *, event_id: int, author_id: int, body: str, stamp: float
) -> int:
    """The organisers' note (`stamp`: when it was written, so a re-run makes no second one)."""
    event = _load(event_id)
    author = User.objects.filter(pk=author_id).first()
    if event is None or author is None:
        return 0
    key = f"event-message:{event.pk}:{author_id}:{stamp:.3f}"
    made = 0
    for person in _participants(event):
        made += _tell(event, person, "message", key, actor=author, excerpt=body)
    return made


# --- Reminders ----------------------------------------------------------------------------


def reminder_due_at(event: Event, occurrence_start: datetime) -> datetime | None:
    """When the reminder of this occurrence goes: `reminder_days_before` days before its day,
    at `reminder_time`, Paris time."""
    if event.reminder_days_before is None:
        return None
    day = ical.local(occurrence_start).date() - timedelta(days=event.reminder_days_before)
    return datetime.combine(day, event.reminder_time, tzinfo=ical.PARIS)


def reminders_send(*, now: datetime | None = None) -> int:
    """The reminders due by `now` of occurrences still to come, each sent once to each
    participant (and organiser): a re-run sends nothing twice."""
    now = now or timezone.now()
    occurrences = (
        Occurrence.objects.filter(
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=MAX_REMINDER_DAYS + 1),
            event__cancelled_at__isnull=True,
            event__reminder_days_before__isnull=False,
        )
        .select_related("event", "event__group", "event__room", "event__created_by")
        .order_by("starts_at")
    )
    sent = 0
    for occurrence in occurrences.iterator(chunk_size=500):
        event = occurrence.event
        due = reminder_due_at(event, occurrence.starts_at)
        if due is None or due > now:
            continue
        key = f"reminder:{occurrence.original_start.isoformat()}"
        emails = _email_wanted(event)
        for person in _participants(event):
            if not permissions.can_view_event(person, event):
                continue  # out of the group or the audience now: told nothing
            # In-app and e-mail each go once (an event key, a Delivery row): a run that failed
            # to e-mail sends the e-mail again next time, never the notification.
            told = _tell(event, person, "reminder", f"event-{key}:{event.pk}")
            registration = emails.get(person.pk)
            mailed = False
            if registration is not None and not registration.waiting:
                mailed = _deliver_once(
                    event,
                    person,
                    key,
                    lambda event=event, person=person, occurrence=occurrence: _send_mail(
                        event, person, method="", detail="reminder", occurrence=occurrence
                    ),
                )
            sent += told or mailed
    return sent


# --- E-mail ---------------------------------------------------------------------------------


def _send_mail(
    event: Event, person: User, *, method: str, detail: str, occurrence: Occurrence | None = None
) -> bool:
    if not person.email:
        return False  # a field agent without an address: the in-app notification is enough
    site = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(language_of(person)):
        subjects = {
            "invitation": _("Invitation : %(title)s"),
            "withdrawn": _("Désinscription : %(title)s"),
            "changed": _("Modifié : %(title)s"),
            "occurrence_moved": _("Séance déplacée : %(title)s"),
            "occurrence_cancelled": _("Séance annulée : %(title)s"),
            "cancelled": _("Annulé : %(title)s"),
            "reminder": _("Rappel : %(title)s"),
        }
        subject = subjects.get(detail, subjects["changed"]) % {"title": event.title}
        context = {
            "event": event,
            "person": person,
            "detail": detail,
            "occurrence": occurrence,
            "url": site + event.get_absolute_url(),
        }
        text = render_to_string("events/email.txt", context)
    attachments = []
    if method:
        cal = ical.calendar([event], method=method, site_url=site, attendee=person.email)
        attachments.append(
            (
                "invitation.ics",
                ical.to_bytes(cal).decode(),
                f"text/calendar; method={method}; charset=utf-8",
            )
        )
    # Through the outbox, in the transaction that records the delivery: an SMTP server down
    # delays the e-mail, never loses it.
    return (
        mail_queue(
            recipient=person,
            kind=f"event-{detail}",
            subject=subject,
            text=text,
            attachments=attachments,
        )
        is not None
    )

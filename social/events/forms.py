"""The event form: what an organiser types, turned into times in Europe/Paris and an RFC 5545
rule (RRULE) that recurring-ical-events expands; the rule is read back when the event is
edited."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

import icalendar

from social.comments.services import mentioned_users
from social.groups.models import Group
from social.people.audience import Audience
from social.people.models import Service, User

from . import ical
from .models import MAX_QUESTIONS, Event, EventCategory, Room
from .services import EventData

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
IMAGE_ACCEPT = "image/png,image/jpeg,image/webp"


class Repeat:
    NONE, WEEKLY, BIWEEKLY, MONTHLY = "", "weekly", "biweekly", "monthly"
    CHOICES = (
        (NONE, _("Ne se répète pas")),
        (WEEKLY, _("Chaque semaine")),
        (BIWEEKLY, _("Une semaine sur deux")),
        (MONTHLY, _("Chaque mois, le même jour de la semaine (ex. : 2e mardi)")),
    )


REMINDER_CHOICES = (
    ("", _("Pas de rappel")),
    ("0", _("Le jour même")),
    ("1", _("La veille")),
    ("2", _("Deux jours avant")),
    ("7", _("Une semaine avant")),
)


def nth_weekday(day: date) -> str:
    """The BYDAY of « the same weekday of the month »: +2TU, or -1FR for the last one."""
    nth = (day.day - 1) // 7 + 1
    if nth == 5:
        return f"-1{WEEKDAYS[day.weekday()]}"
    return f"{nth}{WEEKDAYS[day.weekday()]}"


def build_rrule(
    repeat: str, start: date, *, until: date | None, count: int | None, all_day: bool
) -> str:
    if not repeat:
        return ""
    parts = {
        Repeat.WEEKLY: ["FREQ=WEEKLY"],
        Repeat.BIWEEKLY: ["FREQ=WEEKLY", "INTERVAL=2"],
        Repeat.MONTHLY: ["FREQ=MONTHLY", f"BYDAY={nth_weekday(start)}"],
    }[repeat]
    if count:
        parts.append(f"COUNT={count}")
    elif until:
        if all_day:
            parts.append(f"UNTIL={until:%Y%m%d}")
        else:
            # With a DTSTART in a time zone, UNTIL is in UTC (RFC 5545 3.3.10).
            last = datetime.combine(until, time(23, 59, 59), tzinfo=ical.PARIS)
            parts.append(f"UNTIL={last.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    return ";".join(parts)


def read_rrule(rule: str) -> dict:
    """The form's recurrence fields for a stored rule."""
    if not rule:
        return {"repeat": Repeat.NONE}
    recur = icalendar.vRecur.from_ical(rule)
    interval = (recur.get("INTERVAL") or [1])[0]
    freq = recur["FREQ"][0]
    repeat = (
        Repeat.MONTHLY
        if freq == "MONTHLY"
        else (Repeat.BIWEEKLY if interval == 2 else Repeat.WEEKLY)
    )
    values = {"repeat": repeat}
    if recur.get("COUNT"):
        values["repeat_count"] = recur["COUNT"][0]
    elif recur.get("UNTIL"):
        until = recur["UNTIL"][0]
        values["repeat_until"] = ical.local(until).date() if isinstance(until, datetime) else until
    return values


class EventForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("**gras**, *italique*, listes et liens https://… comme dans les commentaires."),
    )
    category = forms.ModelChoiceField(
        label=_("Catégorie"), queryset=EventCategory.objects.all(), required=False
    )
    all_day = forms.BooleanField(label=_("Toute la journée"), required=False)
    start_date = forms.DateField(
        label=_("Date de début"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Heure de début"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_date = forms.DateField(
        label=_("Date de fin"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Vide : le même jour."),
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    repeat = forms.ChoiceField(label=_("Répétition"), choices=Repeat.CHOICES, required=False)
    repeat_until = forms.DateField(
        label=_("Jusqu'au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    repeat_count = forms.IntegerField(
        label=_("Ou nombre de séances"), required=False, min_value=1, max_value=500
    )
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    room = forms.ModelChoiceField(label=_("Salle"), queryset=Room.objects.all(), required=False)
    online_url = forms.URLField(
        label=_("Lien de la réunion en ligne"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Une adresse https://"),
    )
    with_visio = forms.BooleanField(
        label=_("Ouvrir une salle de visio de la collectivité"), required=False
    )
    audience = forms.ChoiceField(
        label=_("Public"), choices=Audience.choices, initial=Audience.ALL, widget=forms.RadioSelect
    )
    audience_services = forms.ModelMultipleChoiceField(
        label=_("Services destinataires"),
        queryset=Service.objects.all(),
        required=False,
        help_text=_("Avec « Certains services » : ces services et leurs sous-services."),
    )
    service = forms.ModelChoiceField(
        label=_("Service organisateur"),
        queryset=Service.objects.all(),
        required=False,
        help_text=_("L'événement paraît aussi sur la page de ce service."),
    )
    registration = forms.ChoiceField(
        label=_("Inscription"),
        choices=Event.Registration.choices,
        initial=Event.Registration.NONE,
        widget=forms.RadioSelect,
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("Vide : sans limite. Au-delà, une liste d'attente."),
    )
    registration_deadline = forms.DateTimeField(
        label=_("Inscriptions jusqu'au"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    questions = forms.CharField(
        label=_("Questions aux participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une par ligne, cinq au plus (ex. : régime alimentaire)."),
    )
    reminder_days_before = forms.TypedChoiceField(
        label=_("Rappel aux participants"),
        choices=REMINDER_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="1",
    )
    reminder_time = forms.TimeField(
        label=_("Heure du rappel"),
        initial=time(9, 0),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    co_organisers = forms.CharField(
        label=_("Co-organisateurs"),
        required=False,
        max_length=1000,
        help_text=_(
            "@prenom.nom ou adresses, séparés par des espaces : ils pourront modifier "
            "l'événement et voir les participants."
        ),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("PNG, JPEG ou WebP. Facultative."),
    )
    image_alt = forms.CharField(
        label=_("Texte alternatif de l'image"), max_length=250, required=False
    )

    def __init__(self, *args, group: Group | None = None, visio_enabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        if group is not None:
            for name in ("audience", "audience_services"):
                del self.fields[name]
        if not visio_enabled:
            del self.fields["with_visio"]

    @classmethod
    def initial_for(cls, event: Event) -> dict:
        starts, ends = ical.local(event.starts_at), ical.local(event.ends_at)
        if event.all_day:
            ends -= timedelta(days=1)
        initial = {
            "title": event.title,
            "description": event.description,
            "category": event.category_id,
            "all_day": event.all_day,
            "start_date": starts.date(),
            "start_time": None if event.all_day else starts.time(),
            "end_date": ends.date(),
            "end_time": None if event.all_day else ends.time(),
            "place": event.place,
            "room": event.room_id,
            "online_url": event.online_url,
            "with_visio": bool(event.visio),
            "audience": event.audience,
            "audience_services": list(event.audience_services.values_list("pk", flat=True)),
            "service": event.service_id,
            "registration": event.registration,
            "capacity": event.capacity,
            "registration_deadline": ical.local(event.registration_deadline)
            if event.registration_deadline
            else None,
            "questions": "\n".join(event.questions),
            "reminder_days_before": ""
            if event.reminder_days_before is None
            else str(event.reminder_days_before),
            "reminder_time": event.reminder_time,
            "image_alt": event.image_alt,
            "co_organisers": " ".join(
                "@" + person.email.split("@", 1)[0]
                for person in event.organisers.exclude(pk=event.created_by_id)
                if person.email
            ),
        }
        initial.update(read_rrule(event.rrule))
        return initial

    def clean_co_organisers(self) -> list[int]:
        """The colleagues named, each by @handle or address; any unknown name is an error."""
        ids, unknown = [], []
        for token in (self.cleaned_data.get("co_organisers") or "").replace(",", " ").split():
            if token.startswith("@"):
                person = mentioned_users(token).get(token[1:].lower())
            else:
                person = User.objects.filter(email__iexact=token, is_active=True).first()
            if person is None:
                unknown.append(token)
            else:
                ids.append(person.pk)
        if unknown:
            raise forms.ValidationError(
                _("Personne ne répond à : %(names)s") % {"names": ", ".join(unknown)}
            )
        return ids

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        all_day = data.get("all_day")
        start_date = data["start_date"]
        end_date = data.get("end_date") or start_date
        if all_day:
            starts = datetime.combine(start_date, time.min, tzinfo=ical.PARIS)
            ends = datetime.combine(end_date + timedelta(days=1), time.min, tzinfo=ical.PARIS)
        else:
            if data.get("start_time") is None:
                raise forms.ValidationError(
                    _("Indiquez l'heure de début, ou cochez « Toute la journée ».")
                )
            start_time = data["start_time"]
            end_time = (
                data.get("end_time")
                or (datetime.combine(start_date, start_time) + timedelta(hours=1)).time()
            )
            starts = datetime.combine(start_date, start_time, tzinfo=ical.PARIS)
            ends = datetime.combine(end_date, end_time, tzinfo=ical.PARIS)
        if ends <= starts and not all_day:
            self.add_error("end_time", _("La fin doit être après le début."))
        if end_date < start_date:
            self.add_error("end_date", _("La fin doit être après le début."))
        repeat = data.get("repeat") or ""
        if repeat and data.get("repeat_until") and data["repeat_until"] < start_date:
            self.add_error("repeat_until", _("La dernière date doit suivre la première."))
        if repeat and (ends - starts) > timedelta(days=7):
            self.add_error("repeat", _("Un événement répété dure au plus une semaine."))
        if data.get("audience") == Audience.SERVICES and not data.get("audience_services"):
            self.add_error("audience_services", _("Choisissez au moins un service."))
        questions = [line.strip() for line in (data.get("questions") or "").splitlines()]
        questions = [line for line in questions if line]
        if len(questions) > MAX_QUESTIONS:
            self.add_error("questions", _("Cinq questions au plus."))
        room, capacity = data.get("room"), data.get("capacity")
        if room is not None and room.capacity and capacity and capacity > room.capacity:
            self.add_error(
                "capacity",
                _("La salle « %(room)s » compte %(seats)d places.")
                % {"room": room.name, "seats": room.capacity},
            )
        if data.get("online_url") and not data["online_url"].startswith("https://"):
            self.add_error("online_url", _("Le lien doit commencer par https://"))
        deadline = data.get("registration_deadline")
        if deadline is not None and timezone_naive(deadline):
            deadline = deadline.replace(tzinfo=ical.PARIS)
        data["starts_at"], data["ends_at"], data["deadline"] = starts, ends, deadline
        data["rrule"] = build_rrule(
            repeat,
            start_date,
            until=data.get("repeat_until"),
            count=data.get("repeat_count"),
            all_day=bool(all_day),
        )
        data["question_list"] = questions
        return data

    def event_data(self) -> EventData:
        data = self.cleaned_data
        return EventData(
            title=data["title"].strip(),
            description=data.get("description") or "",
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            all_day=bool(data.get("all_day")),
            category_id=data["category"].pk if data.get("category") else None,
            rrule=data["rrule"],
            place=data.get("place") or "",
            room_id=data["room"].pk if data.get("room") else None,
            online_url=data.get("online_url") or "",
            audience=data.get("audience") or Audience.ALL,
            audience_service_ids=tuple(
                service.pk for service in data.get("audience_services") or ()
            ),
            service_id=data["service"].pk if data.get("service") else None,
            registration=data["registration"],
            capacity=data.get("capacity"),
            registration_deadline=data.get("deadline"),
            questions=tuple(data["question_list"]),
            reminder_days_before=data.get("reminder_days_before"),
            reminder_time=data.get("reminder_time"),
            image_alt=data.get("image_alt") or "",
            organiser_ids=tuple(data.get("co_organisers") or ()),
        )


def timezone_naive(moment: datetime) -> bool:
    return moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None


class ParticipantsMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message aux participants"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

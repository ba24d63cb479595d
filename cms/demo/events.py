"""The demo's agenda: the council and its commissions, trainings with a capacity (one full, with
a waiting list), the Friday pause café of the « Pause café » group, an end-of-year apéro, an
open day, election duty, a visio meeting and the crisis cell's exercise (its secret group only).
Dates are set from today, so the agenda is never empty. Idempotent: nothing is added once
« Conseil municipal » exists."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from social.events import ical
from social.events.forms import build_rrule
from social.events.models import Event, EventCategory, Room
from social.events.services import EventData, event_create, registration_respond
from social.groups.models import Group, Membership
from social.people.models import Service

ROOMS = [
    ("Salle du conseil", "Hôtel de ville, 1er étage", 60),
    ("Salle des mariages", "Hôtel de ville, rez-de-chaussée", 40),
    ("Salle de formation", "Centre administratif, bâtiment B", 14),
    ("Auditorium de la médiathèque", "Médiathèque Louise-Michel", 80),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ical.PARIS)


def _next_weekday(start: date, weekday: int, weeks: int = 0) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7 + 7 * weeks)


def seed_events(*, agent, communication) -> int:
    if Event.objects.filter(title="Conseil municipal").exists():
        return Event.objects.count()
    rng = random.Random(1905)  # noqa: S311 - reproducible demo, not a secret
    rooms = {
        name: Room.objects.get_or_create(name=name, defaults={"location": where, "capacity": size})[
            0
        ]
        for name, where, size in ROOMS
    }
    category = {item.slug: item for item in EventCategory.objects.all()}
    service = {item.slug: item for item in Service.objects.all()}
    User = get_user_model()
    everyone = list(
        User.objects.filter(is_active=True, is_superuser=False, role="agent")
        .exclude(pk=agent.pk)
        .order_by("pk")[:300]
    )
    today = timezone.localdate()

    def publish(title: str, starts: datetime, minutes: int, *, group=None, user=None, **fields):
        fields.setdefault("ends_at", starts + timedelta(minutes=minutes))
        return event_create(
            user=user or communication,
            group=group,
            data=EventData(title=title, starts_at=starts, **fields),
        )

    def sample(count: int) -> list:
        return rng.sample(everyone, min(count, len(everyone)))

    def answer(event: Event, people, response: str = "yes", **fields) -> None:
        for person in people:
            registration_respond(user=person, event=event, response=response, **fields)

    thursday = _next_weekday(today, 3, 1)
    council = publish(
        "Conseil municipal",
        _at(thursday, 18, 30),
        180,
        description="Séance publique du conseil municipal. L'ordre du jour est publié dans "
        "l'espace des élus une semaine avant la séance ; retransmission en direct sur le site "
        "de la ville.",
        category_id=category["conseil-et-commissions"].pk,
        room_id=rooms["Salle du conseil"].pk,
        service_id=service["affaires-juridiques"].pk,
        rrule=build_rrule("monthly", thursday, until=None, count=6, all_day=False),
    )
    publish(
        "Commission des finances",
        _at(thursday - timedelta(days=7), 18),
        120,
        description="Examen du budget primitif et des décisions modificatives.",
        category_id=category["conseil-et-commissions"].pk,
        room_id=rooms["Salle des mariages"].pk,
        audience="elus",
        service_id=service["finances"].pk,
    )

    training_day = _next_weekday(today, 1, 2)
    first_aid = publish(
        "Formation premiers secours (PSC1)",
        _at(training_day, 9),
        450,
        description="Une journée avec les sapeurs-pompiers pour apprendre les gestes qui "
        "sauvent. Repas pris en charge. **Tenue confortable conseillée.**",
        category_id=category["formation"].pk,
        room_id=rooms["Salle de formation"].pk,
        audience="agents",
        service_id=service["ressources-humaines"].pk,
        registration="rsvp",
        capacity=10,
        registration_deadline=_at(training_day - timedelta(days=3), 12),
        questions=("Régime alimentaire",),
    )
    trainees = sample(13)
    answer(first_aid, trainees[:10], answers={"0": "aucun"})
    answer(first_aid, trainees[10:])  # the waiting list
    answer(first_aid, [agent], email_updates=True)

    publish(
        "Marchés publics : ce qui change au 1er janvier",
        _at(_next_weekday(today, 3, 3), 14),
        120,
        description="Les nouveaux seuils, la dématérialisation et les clauses sociales, "
        "présentés par le service de la commande publique.",
        category_id=category["formation"].pk,
        room_id=rooms["Salle de formation"].pk,
        audience="services",
        audience_service_ids=(service["finances"].pk, service["commande-publique"].pk),
        service_id=service["commande-publique"].pk,
        registration="rsvp",
        capacity=14,
    )

    coffee = Group.objects.filter(name="Pause café").first()
    if coffee is not None:
        friday = _next_weekday(today, 4)
        admin = Membership.objects.filter(group=coffee, role="admin").first()
        pause = publish(
            "Pause café du vendredi",
            _at(friday, 10),
            30,
            group=coffee,
            user=admin.user if admin else communication,
            description="Café, thé et viennoiseries à tour de rôle. Venez comme vous êtes !",
            category_id=category["vie-sociale"].pk,
            place="Cafétéria du centre administratif",
            rrule=build_rrule("weekly", friday, until=None, count=20, all_day=False),
            registration="rsvp",
            capacity=12,
            questions=("Vous apportez quelque chose ?",),
            reminder_days_before=0,
            reminder_time=time(8, 30),
        )
        members = [m.user for m in Membership.objects.filter(group=coffee, state="active")[:9]]
        answer(pause, [person for person in members if person.pk != agent.pk])
        answer(pause, [agent], answers={"0": "des croissants"})

    apero = publish(
        "Apéro de fin d'année",
        _at(_next_weekday(today, 4, 2), 18),
        150,
        description="Le traditionnel pot de fin d'année, avec la remise des médailles du travail.",
        category_id=category["vie-sociale"].pk,
        room_id=rooms["Salle des mariages"].pk,
        registration="rsvp",
        questions=("Régime alimentaire",),
    )
    answer(apero, sample(40))
    answer(apero, sample(8), response="maybe")

    open_day = _next_weekday(today, 5, 4)
    publish(
        "Portes ouvertes du centre technique",
        _at(open_day, 0),
        0,
        ends_at=_at(open_day + timedelta(days=1), 0),
        all_day=True,
        description="Les habitants découvrent les ateliers, les engins et les métiers des "
        "services techniques. Volontaires bienvenus pour l'accueil.",
        category_id=category["portes-ouvertes"].pk,
        place="Centre technique municipal, 12 rue des Artisans",
        service_id=service["services-techniques"].pk,
    )
    publish(
        "Formation des présidents et assesseurs de bureau de vote",
        _at(_next_weekday(today, 2, 5), 17, 30),
        90,
        category_id=category["elections"].pk,
        room_id=rooms["Salle du conseil"].pk,
        service_id=service["etat-civil"].pk,
        registration="rsvp",
    )

    digital = Group.objects.filter(name="Référents numériques").first()
    if digital is not None:
        admin = Membership.objects.filter(group=digital, role="admin").first()
        publish(
            "Réunion des référents numériques",
            _at(_next_weekday(today, 1, 1), 11),
            60,
            group=digital,
            user=admin.user if admin else communication,
            description="Point mensuel : déploiement des nouveaux postes, questions des équipes.",
            category_id=category["reunion"].pk,
            online_url="https://visio.exemple-commune.fr/referents-numeriques",
            rrule=build_rrule(
                "monthly", _next_weekday(today, 1, 1), until=None, count=6, all_day=False
            ),
        )
    crisis = Group.objects.filter(name="Cellule de crise").first()
    if crisis is not None:
        admin = Membership.objects.filter(group=crisis, role="admin").first()
        publish(
            "Exercice d'alerte inondation (PCS)",
            _at(_next_weekday(today, 2, 3), 8),
            240,
            group=crisis,
            user=admin.user if admin else communication,
            description="Déclenchement du plan communal de sauvegarde : rôles, main courante, "
            "communication aux habitants.",
            category_id=category["reunion"].pk,
            place="Poste de commandement communal",
        )
    # Last week, for a month that also shows the past.
    publish(
        "Réunion des chefs de service",
        _at(today - timedelta(days=today.weekday() + 7), 9, 30),
        90,
        category_id=category["reunion"].pk,
        room_id=rooms["Salle des mariages"].pk,
        audience="agents",
        service_id=service["dgs"].pk,
    )
    return Event.objects.count() if council else 0

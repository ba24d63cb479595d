"""Demo groups: a service group, a closed group of digital referents, a theme group the demo
agent asked to join, the coffee-break group and a secret crisis cell, with posts (a poll, a
question answered, an intranet link, a photo), comments and the notifications they make.
Idempotent: nothing is added once « Pause café » exists."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from home.models import NewsPage
from knowledge.models import Theme
from social.comments.services import comment_post
from social.groups.models import Group, GroupKind, Membership, Visibility
from social.groups.services import (
    group_create,
    group_invite,
    group_join,
    post_answer_choose,
    post_create,
)
from social.people.models import Service

from .files import demo_picture


def _people(rng, service_slug: str | None, count: int, exclude=()):
    """`count` colleagues of the service (anyone when a small demo leaves it empty)."""
    User = get_user_model()
    everyone = User.objects.filter(is_active=True, is_superuser=False).exclude(pk__in=exclude)
    people = everyone.filter(service__slug=service_slug) if service_slug else everyone
    people = list(people.order_by("pk")[:200]) or list(everyone.order_by("pk")[:200])
    return rng.sample(people, min(count, len(people)))


def _enrol(group: Group, admin, people) -> None:
    for person in people:
        if Membership.objects.filter(group=group, user=person).exists():
            continue  # the administrator, drawn again
        if group.visibility == Visibility.OPEN:
            group_join(group=group, user=person)
        else:
            group_invite(group=group, admin=admin, user=person)
            group_join(group=group, user=person)


def seed_groups(*, agent) -> dict[str, int]:
    if Group.objects.filter(name="Pause café").exists():
        return {"groups": Group.objects.count()}
    rng = random.Random(2026)  # noqa: S311 - reproducible demo, not a secret
    hr = Service.objects.get(slug="ressources-humaines")
    hr_people = _people(rng, "ressources-humaines", 12, exclude=[agent.pk])
    hr_admin = hr.head if hr.head and hr.head.pk != agent.pk else hr_people[0]

    hr_group = group_create(
        user=hr_admin,
        name="Ressources humaines",
        kind=GroupKind.SERVICE,
        visibility=Visibility.OPEN,
        service=hr,
        description="Questions, actualités et documents du service RH, ouverts à tous.",
    )
    _enrol(hr_group, hr_admin, [agent, *[p for p in hr_people if p != hr_admin]])
    news = NewsPage.objects.live().filter(audience="all").order_by("-date").first()
    if news is not None:
        post_create(
            group=hr_group,
            author=hr_admin,
            body="À lire et à faire circuler dans vos équipes.",
            link_url=news.url,
            rate_limited=False,
        )
    question = post_create(
        group=hr_group,
        author=agent,
        body="Où trouve-t-on le formulaire de demande de formation ?",
        question=True,
        rate_limited=False,
    )
    answer = comment_post(
        author=hr_admin,
        target=question,
        body="Dans la bibliothèque, dossier Ressources humaines, « Demande de formation ».",
        rate_limited=False,
    )
    post_answer_choose(post=question, user=agent, comment_id=answer.pk)

    digital_admin = _people(rng, "informatique", 1)[0]
    digital = group_create(
        user=digital_admin,
        name="Référents numériques",
        kind=GroupKind.TRANSVERSE,
        visibility=Visibility.CLOSED,
        description="Un référent par service : outils, formations, entraide.",
    )
    _enrol(digital, digital_admin, [agent, *_people(rng, None, 15, exclude=[agent.pk])])
    post_create(
        group=digital,
        author=digital_admin,
        body="Nous organisons une formation au nouvel outil de partage. Votez pour le créneau !",
        poll={"question": "Quel créneau vous convient ?", "choices": ["Mardi 9 h", "Jeudi 14 h"]},
        rate_limited=False,
    )

    planning_admin = _people(rng, "urbanisme", 1)[0]
    planning = group_create(
        user=planning_admin,
        name="Urbanisme et logement",
        kind=GroupKind.THEME,
        visibility=Visibility.CLOSED,
        theme=Theme.objects.filter(slug="urbanisme").first(),
        description="Dossiers partagés entre l'urbanisme, le CCAS et les services techniques.",
    )
    _enrol(planning, planning_admin, _people(rng, "urbanisme", 5, exclude=[planning_admin.pk]))
    group_join(group=planning, user=agent, message="Je suis les dossiers de logement des agents.")

    coffee_admin = _people(rng, None, 1, exclude=[agent.pk])[0]
    coffee = group_create(
        user=coffee_admin,
        name="Pause café",
        kind=GroupKind.SOCIAL,
        visibility=Visibility.OPEN,
        description="La vie de la maison : pots, sorties, covoiturage, petites annonces.",
    )
    regulars = _people(rng, None, 25, exclude=[agent.pk, coffee_admin.pk])
    _enrol(coffee, coffee_admin, [agent, *regulars])
    picture = demo_picture(("#1f3f8f", "#f0a500"), 7)
    photo = SimpleUploadedFile("pot.jpg", picture, content_type="image/jpeg")
    post = post_create(
        group=coffee,
        author=regulars[0],
        body="Merci à tous d'être venus au pot de départ de Jeanne ! @"
        + agent.email.split("@")[0]
        + ", tu as les photos ?",
        images=[(photo, "Les collègues réunis autour du buffet dans la salle du conseil")],
        rate_limited=False,
    )
    comment_post(author=agent, target=post, body="Je les dépose ce soir !", rate_limited=False)

    crisis_admin = _people(rng, "dgs", 1)[0]
    crisis = group_create(
        user=crisis_admin,
        name="Cellule de crise",
        kind=GroupKind.TRANSVERSE,
        visibility=Visibility.SECRET,
        description="Astreintes et gestion de crise.",
    )
    _enrol(crisis, crisis_admin, _people(rng, "dgs", 3, exclude=[agent.pk, crisis_admin.pk]))
    post_create(
        group=crisis,
        author=crisis_admin,
        body="Exercice d'alerte inondation prévu le mois prochain.",
        rate_limited=False,
    )
    return {
        "groups": Group.objects.count(),
        "memberships": Membership.objects.filter(state="active").count(),
    }

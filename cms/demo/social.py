"""Demo conversations: comments with replies and mentions under the latest news, reactions,
polls (one on the homepage, one closed with its results) and so the notifications they make.
Idempotent: a news item that already has comments is left alone."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from home.models import HomePage, NewsPage
from social.comments.models import Comment
from social.comments.selectors import comments_of
from social.comments.services import comment_post
from social.polls.models import Poll, PollChoice
from social.polls.services import poll_vote_cast
from social.reactions.models import Reaction
from social.reactions.services import reaction_set

CONVERSATIONS = [
    (
        "Très bonne nouvelle, merci pour ce travail ! @agent, les dossiers de la paie sont-ils "
        "concernés dès ce mois-ci ?",
        [
            "Oui, dès la paie de ce mois. La note détaillée est dans la **bibliothèque**, dossier "
            "Ressources humaines.",
            "Merci, je transmets à mon équipe.",
        ],
    ),
    (
        "Est-ce que le planning sera affiché dans chaque service, ou seulement sur l'intranet ?",
        ["Les deux : une affiche par bâtiment, et la version à jour ici."],
    ),
    ("Bravo aux équipes, c'était attendu depuis longtemps.", []),
]


def seed_social(*, communication, agent) -> dict[str, int]:
    User = get_user_model()
    rng = random.Random(2026)  # noqa: S311 - reproducible demo, not a secret
    people = list(
        User.objects.filter(is_active=True, role="agent", is_superuser=False)
        .exclude(pk__in=[communication.pk, agent.pk])
        .order_by("pk")[:60]
    )
    news_items = list(NewsPage.objects.live().filter(audience="all").order_by("-date")[:3])
    for news in news_items:
        if comments_of(news).exists():
            continue
        for text, replies in CONVERSATIONS:
            author = rng.choice(people)
            thread = comment_post(author=author, target=news, body=text, rate_limited=False)
            for reply_text in replies:
                replier = agent if "paie" in reply_text else rng.choice(people)
                comment_post(
                    author=replier,
                    target=news,
                    body=reply_text,
                    parent=thread,
                    rate_limited=False,
                )
            for fan in rng.sample(people, 5):
                reaction_set(user=fan, target=thread, kind=rng.choice(["like", "thanks"]), on=True)
        for fan in rng.sample(people, 12):
            reaction_set(user=fan, target=news, kind=rng.choice(Reaction.Kind.values), on=True)
    _seed_polls(communication, people, rng)
    return {"polls": Poll.objects.count(), "comments": Comment.objects.count()}


def _seed_polls(communication, people, rng) -> None:
    now = timezone.now()
    if not Poll.objects.filter(question__startswith="Quel jour pour le repas").exists():
        meal = _poll(
            "Quel jour pour le repas de fin d'année ?",
            ["Jeudi 17 décembre", "Vendredi 18 décembre", "Lundi 21 décembre"],
            owner=communication,
            closes_at=now + timedelta(days=14),
            description="À midi, salle des fêtes. Réponse souhaitée avant la clôture.",
        )
        for voter in people[:23]:
            poll_vote_cast(poll=meal, user=voter, choice_ids=[rng.choice(_choice_ids(meal))])
        home = HomePage.objects.first()
        if home is not None and not home.body:
            home.body = [("poll", meal)]
            home.save_revision().publish()
    if not Poll.objects.filter(question__startswith="Horaires d'été").exists():
        summer = _poll(
            "Horaires d'été : préférez-vous commencer plus tôt ?",
            ["Oui, à 7 h 30", "Oui, à 8 h", "Non, garder les horaires actuels"],
            owner=communication,
            results_visibility=Poll.Results.ALWAYS,
        )
        for voter in people[:41]:
            poll_vote_cast(poll=summer, user=voter, choice_ids=[rng.choice(_choice_ids(summer))])
        Poll.objects.filter(pk=summer.pk).update(closes_at=now - timedelta(days=3))


def _poll(question: str, labels: list[str], **fields) -> Poll:
    poll = Poll.objects.create(question=question, **fields)
    for order, label in enumerate(labels):
        PollChoice.objects.create(poll=poll, label=label, sort_order=order)
    return poll


def _choice_ids(poll: Poll) -> list[int]:
    return list(poll.choices.values_list("pk", flat=True))

"""Camille Duvalberg, who has done a bit of everything in Parvis (the person whose data is
exported, who leaves, who is anonymised), and colleagues whose data must never come with
hers."""

from datetime import date

import pytest

from home.models import FeedToken
from social.comments.services import comment_post
from social.events.models import CalendarToken
from social.events.services import registration_respond
from social.groups.models import Visibility
from social.groups.services import post_create
from social.messaging.services import conversation_direct_open, message_post
from social.notifications.models import Notification
from social.notifications.services import notify
from social.people.services import person_photo_set
from social.polls.services import poll_vote_cast
from social.projects import services as projects
from social.reactions.services import reaction_set
from tests.factories import UserFactory, make_news
from tests.social.events.conftest import make_event
from tests.social.groups.conftest import make_group, pdf, png
from tests.social.polls.test_polls import make_poll

NAME = ("Camille", "Duvalberg")
EMAIL = "camille.duvalberg@exemple.fr"
PHONE = "01 23 45 67 89"
MOBILE = "06 98 76 54 32"


@pytest.fixture
def camille(finances, media_root):
    person = UserFactory(
        email=EMAIL,
        first_name=NAME[0],
        last_name=NAME[1],
        service=finances,
        phone=PHONE,
        mobile=MOBILE,
        job_title="Gestionnaire paie",
        office="Bureau 12",
        bio="Passionnée de jardinage, référente Duvalberg des marchés.",
        employee_number="M-4521",
    )
    person.skills.add("marchés publics")
    person_photo_set(person=person, editor=person, uploaded=png(80, 80, "blue"))
    person.refresh_from_db()
    return person


@pytest.fixture
def bruno(finances):
    return UserFactory(
        email="bruno.petit@exemple.fr",
        first_name="Bruno",
        last_name="Petit",
        service=finances,
        mobile="07 11 22 33 44",
    )


@pytest.fixture
def life(camille, bruno, news_index, communication_officer):
    """What Camille did, what others did around her; returns the objects by name."""
    news = make_news(news_index, title="Fête du personnel", lead="Rendez-vous le 12 juin.")
    comment = comment_post(author=camille, target=news, body="Je viendrai avec des crêpes !")
    comment_post(
        author=bruno,
        target=news,
        body="Merci @camille.duvalberg, et moi du cidre.",
        parent=comment,
        rate_limited=False,
    )
    reaction_set(user=camille, target=news, kind="like", on=True)
    open_poll = make_poll(question="Date du pique-nique ?", anonymous=False)
    poll_vote_cast(poll=open_poll, user=camille, choice_ids=[open_poll.choices.first().pk])
    secret_ballot = make_poll(question="Confiance dans la direction ?", anonymous=True)
    poll_vote_cast(poll=secret_ballot, user=camille, choice_ids=[secret_ballot.choices.last().pk])
    workshop = make_group(camille, Visibility.CLOSED, "Chantier école", members=[bruno])
    post = post_create(
        group=workshop,
        author=camille,
        body="Photos du chantier et le compte rendu",
        images=[(png(), "Le mur en pierre sèche")],
        documents=[pdf("compte-rendu-chantier.pdf")],
        rate_limited=False,
    )
    secret = make_group(bruno, Visibility.SECRET, "Cellule budgétaire", members=[])
    post_create(group=secret, author=bruno, body="Secret : coupe de 12 %", rate_limited=False)
    direct = conversation_direct_open(user=camille, other=bruno)
    message_post(
        user=camille,
        conversation=direct,
        body="Voici le tableau des heures",
        files=[pdf("heures-supplementaires.pdf")],
        rate_limited=False,
    )
    message_post(
        user=bruno, conversation=direct, body="Réponse privée de Bruno", rate_limited=False
    )
    notify(
        recipient=camille,
        kind=Notification.Kind.REPLY,
        actor=bruno,
        title="Fête du personnel",
        url=news.url,
    )
    event = make_event(communication_officer, "Formation premiers secours", registration="rsvp")
    registration_respond(user=camille, event=event, response="yes")
    project = projects.project_create(group=workshop, user=camille, name="Mur du potager")
    task = projects.task_create(
        project=project,
        user=camille,
        title="Commander les pierres",
        assignees=[camille],
        due_date=date(2027, 3, 1),
        rate_limited=False,
    )
    FeedToken.objects.create_for(user=camille, name="Mon lecteur RSS")
    CalendarToken.objects.create_for(user=camille, name="Mon téléphone")
    return {
        "news": news,
        "comment": comment,
        "post": post,
        "group": workshop,
        "secret": secret,
        "direct": direct,
        "event": event,
        "task": task,
        "open_poll": open_poll,
        "secret_ballot": secret_ballot,
    }

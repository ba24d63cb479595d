"""Polls: voting, results, export, audience, and the database's one-ballot rule."""

import csv
import io
from datetime import timedelta

from django.utils import timezone

import pytest

from social.polls.models import Poll, PollBallot, PollBallotChoice, PollChoice
from tests.social.conftest import at_once

pytestmark = pytest.mark.django_db


def make_poll(*, choices=("Oui", "Non", "Sans avis"), services=(), **fields):
    fields.setdefault("question", "Faut-il avancer la fête du personnel ?")
    poll = Poll.objects.create(**fields)
    if services:
        poll.audience_services.set(services)
        poll.save()  # a ParentalManyToManyField is written on save
    for order, label in enumerate(choices):
        PollChoice.objects.create(poll=poll, label=label, sort_order=order)
    return poll


def choice(poll, label):
    return poll.choices.get(label=label)


def vote(client, poll, *labels, **headers):
    ids = [choice(poll, label).pk for label in labels]
    return client.post(f"/sondages/{poll.pk}/voter/", {"choice": ids}, **headers)


def test_voting_with_htmx_shows_the_results_at_once(login, agent):
    poll = make_poll()
    response = vote(login(agent), poll, "Oui", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section class="poll" id="sondage-{poll.pk}"')
    assert "Votre réponse est enregistrée." in html
    assert "1 personne a répondu" in html
    assert "1 voix (100 %)" in html
    assert '<meter min="0" max="1" value="1"' in html
    assert "votre réponse" in html


def test_voting_without_javascript_returns_where_you_were(login, agent, news):
    poll = make_poll()
    client = login(agent)
    response = client.post(
        f"/sondages/{poll.pk}/voter/", {"choice": [choice(poll, "Non").pk], "next": news.url}
    )
    assert response.status_code == 302
    assert response["Location"] == news.url
    evil = client.post(
        f"/sondages/{poll.pk}/voter/", {"choice": [choice(poll, "Non").pk], "next": "//evil.fr"}
    )
    assert evil["Location"] == f"/sondages/{poll.pk}/"


def test_results_are_hidden_before_voting_when_the_poll_says_so(login, agent, colleague):
    poll = make_poll(results_visibility=Poll.Results.AFTER_VOTE)
    vote(login(colleague), poll, "Oui")
    html = login(agent).get(f"/sondages/{poll.pk}/").content.decode()
    assert "1 voix" not in html
    assert "Les résultats s&#x27;affichent une fois votre réponse donnée." in html or (
        "Les résultats s'affichent une fois votre réponse donnée." in html
    )


def test_results_after_closing_only(login, agent, colleague):
    poll = make_poll(results_visibility=Poll.Results.AFTER_CLOSE)
    html = vote(login(agent), poll, "Oui", HTTP_HX_REQUEST="true").content.decode()
    assert "voix (" not in html
    assert "Les résultats seront affichés à la clôture." in html
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert "1 voix (100 %)" in login(colleague).get(f"/sondages/{poll.pk}/").content.decode()


def test_results_always_visible(login, agent, colleague):
    poll = make_poll(results_visibility=Poll.Results.ALWAYS)
    vote(login(colleague), poll, "Non")
    assert "1 voix (100 %)" in login(agent).get(f"/sondages/{poll.pk}/").content.decode()


def test_changing_ones_vote_when_allowed(login, agent):
    poll = make_poll(allow_change=True)
    client = login(agent)
    vote(client, poll, "Oui")
    html = vote(client, poll, "Non", HTTP_HX_REQUEST="true").content.decode()
    assert "Votre réponse est enregistrée." in html
    assert list(PollBallotChoice.objects.values_list("choice__label", flat=True)) == ["Non"]
    assert PollBallot.objects.count() == 1


def test_a_second_vote_is_refused_when_changes_are_not_allowed(login, agent):
    poll = make_poll(allow_change=False)
    client = login(agent)
    vote(client, poll, "Oui")
    html = vote(client, poll, "Non", HTTP_HX_REQUEST="true").content.decode()
    assert "ne permet pas de changer de réponse" in html
    assert list(PollBallotChoice.objects.values_list("choice__label", flat=True)) == ["Oui"]


def test_multiple_choices(login, agent):
    poll = make_poll(multiple=True, choices=("Lundi", "Mardi", "Jeudi"))
    vote(login(agent), poll, "Lundi", "Jeudi")
    labels = sorted(PollBallotChoice.objects.values_list("choice__label", flat=True))
    assert labels == ["Jeudi", "Lundi"]


def test_a_single_choice_poll_refuses_two_answers(login, agent):
    poll = make_poll()
    html = vote(login(agent), poll, "Oui", "Non", HTTP_HX_REQUEST="true").content.decode()
    assert "n&#x27;accepte qu&#x27;une seule réponse" in html or "qu'une seule réponse" in html
    assert not PollBallot.objects.exists()


def test_a_vote_without_choice_is_refused_clearly(login, agent):
    poll = make_poll()
    response = login(agent).post(f"/sondages/{poll.pk}/voter/", {}, HTTP_HX_REQUEST="true")
    assert "Choisissez une réponse avant de voter." in response.content.decode()


def test_a_choice_of_another_poll_counts_for_nothing(login, agent):
    poll, other = make_poll(), make_poll(question="Autre", choices=("A", "B"))
    response = login(agent).post(
        f"/sondages/{poll.pk}/voter/", {"choice": [choice(other, "A").pk]}, HTTP_HX_REQUEST="true"
    )
    assert "Choisissez une réponse" in response.content.decode()
    assert not PollBallot.objects.exists()


def test_a_closed_poll_refuses_votes_with_a_clear_message(login, agent):
    poll = make_poll(closes_at=timezone.now() - timedelta(hours=1))
    client = login(agent)
    response = vote(client, poll, "Oui")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Ce sondage est clos depuis le" in page
    assert not PollBallot.objects.exists()
    html = vote(login(agent), poll, "Oui", HTTP_HX_REQUEST="true").content.decode()
    assert "il n&#x27;accepte plus de réponses" in html or "il n'accepte plus de réponses" in html


# --- Audience: a poll outside yours does not exist -----------------------------------------


def test_a_poll_for_elus_is_invisible_to_agents_everywhere(login, agent, elu, news_index):
    from tests.factories import make_news

    poll = make_poll(question="Question aux élus", audience="elus")
    news = make_news(news_index, title="Avec sondage", body=[("poll", poll)])
    client = login(agent)
    assert client.get(f"/sondages/{poll.pk}/").status_code == 404
    assert vote(client, poll, "Oui").status_code == 404
    assert client.get(f"/sondages/{poll.pk}/resultats.csv").status_code == 404
    for url in ("/sondages/", news.url, news_index.url):
        assert "Question aux élus" not in client.get(url).content.decode(), url
    assert not PollBallot.objects.exists()
    assert "Question aux élus" in login(elu).get(news.url).content.decode()


def test_a_poll_for_a_service_reaches_its_sub_services_only(login, agent, payroll_agent, direction):
    poll = make_poll(audience="services", services=[direction])
    assert vote(login(payroll_agent), poll, "Oui").status_code == 302
    assert vote(login(agent), poll, "Oui").status_code == 404
    assert PollBallot.objects.count() == 1


# --- Where polls appear ------------------------------------------------------------------


def test_a_poll_embedded_in_news_is_answered_there(login, agent, news_index):
    from tests.factories import make_news

    poll = make_poll(question="Quel menu pour le repas ?")
    news = make_news(news_index, title="Repas de fin d'année", body=[("poll", poll)])
    html = login(agent).get(news.url).content.decode()
    assert "Quel menu pour le repas ?" in html
    assert f'hx-post="/sondages/{poll.pk}/voter/"' in html
    assert f'name="next" value="{news.url}"' in html


def test_a_poll_embedded_in_the_homepage(login, agent, home):
    poll = make_poll(question="Êtes-vous satisfait de l'intranet ?")
    home.body = [("poll", poll)]
    home.save_revision().publish()
    assert "Êtes-vous satisfait" in login(agent).get("/").content.decode()


def test_open_polls_stand_first_in_the_news_feed(login, agent, news_index):
    make_poll(question="Sondage du fil")
    make_poll(question="Sondage hors fil", in_feed=False)
    make_poll(question="Sondage clos", closes_at=timezone.now() - timedelta(days=1))
    html = login(agent).get(news_index.url).content.decode()
    assert "Sondages en cours" in html
    assert "Sondage du fil" in html
    assert "Sondage hors fil" not in html
    assert "Sondage clos" not in html


# --- Export ------------------------------------------------------------------------------


def rows(response):
    return list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))


def test_the_owner_exports_named_results(login, agent, colleague, communication_officer):
    poll = make_poll(owner=communication_officer, choices=("=HYPERLINK(1)", "Non"))
    vote(login(colleague), poll, "=HYPERLINK(1)")
    response = login(communication_officer).get(f"/sondages/{poll.pk}/resultats.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = rows(response)
    assert ["'=HYPERLINK(1)", "1"] in table  # no formula runs in a spreadsheet
    assert any("Marie Dupont" in row and "marie.dupont@exemple.fr" in row for row in table)


def test_an_anonymous_poll_exports_totals_only(login, colleague, communication_officer):
    poll = make_poll(owner=communication_officer, anonymous=True)
    vote(login(colleague), poll, "Oui")
    text = login(communication_officer).get(f"/sondages/{poll.pk}/resultats.csv").content.decode()
    assert "Marie Dupont" not in text
    assert "marie.dupont" not in text
    assert "Oui;1" in text


def test_agents_cannot_export(login, agent, communication_officer):
    poll = make_poll(owner=communication_officer)
    assert login(agent).get(f"/sondages/{poll.pk}/resultats.csv").status_code == 403
    assert (
        "Exporter les résultats" not in login(agent).get(f"/sondages/{poll.pk}/").content.decode()
    )


def test_the_owner_of_a_poll_who_is_an_agent_exports_it(login, agent, colleague):
    poll = make_poll(owner=agent)
    vote(login(colleague), poll, "Oui")
    response = login(agent).get(f"/sondages/{poll.pk}/resultats.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "Oui;1" in text and "Non;0" in text


# --- Administration ------------------------------------------------------------------------


def poll_form(labels):
    data = {
        "question": "Date du pique-nique ?",
        "description": "",
        "results_visibility": "after_vote",
        "audience": "all",
        "allow_change": "on",
        "in_feed": "on",
        "choices-TOTAL_FORMS": str(len(labels)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "20",
    }
    for index, label in enumerate(labels):
        data.update(
            {
                f"choices-{index}-label": label,
                f"choices-{index}-ORDER": str(index + 1),
                f"choices-{index}-id": "",
                f"choices-{index}-DELETE": "",
            }
        )
    return data


def test_a_communication_officer_creates_a_poll_and_owns_it(login, communication_officer):
    response = login(communication_officer).post(
        "/admin/snippets/polls/poll/add/", poll_form(["Juin", "Juillet"])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    poll = Poll.objects.get()
    assert poll.owner == communication_officer
    assert [c.label for c in poll.choices.all()] == ["Juin", "Juillet"]


@pytest.mark.parametrize("count", [1, 21])
def test_a_poll_needs_two_to_twenty_choices(login, communication_officer, count):
    response = login(communication_officer).post(
        "/admin/snippets/polls/poll/add/", poll_form([f"Choix {n}" for n in range(count)])
    )
    assert response.status_code == 200
    assert not Poll.objects.exists()


# --- Concurrency -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("allow_change", [True, False])
def test_two_votes_at_once_make_one_ballot(home, finances, allow_change):
    from django.test import Client

    from tests.factories import UserFactory

    poll = make_poll(allow_change=allow_change)
    person = UserFactory(service=finances)
    yes = choice(poll, "Oui").pk

    def click():
        client = Client()
        client.force_login(person)
        return client.post(f"/sondages/{poll.pk}/voter/", {"choice": [yes]}).status_code

    assert at_once(click, click) == [302, 302]
    assert PollBallot.objects.filter(poll=poll, voter=person).count() == 1
    assert PollBallotChoice.objects.filter(ballot__poll=poll).count() == 1

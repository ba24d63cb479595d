"""Mandatory readings: the banner and « J'ai lu » for the people asked, the homepage's list, the
follow-up by service with names only for those allowed, the CSV, the daily reminder — and the
record kept when the item goes."""

import csv
import io
from datetime import timedelta

from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.utils import timezone

from wagtail.models import GroupPagePermission

import pytest

from home.models import ReadConfirmation, ReadRequirement
from home.reading import read_reminders_send
from social.mail.digest import digest_build
from social.notifications.models import Notification
from social.people.audience import Audience
from tests.factories import ServiceFactory, UserFactory, make_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(news_index, finances):
    return make_news(
        news_index,
        title="Nouveau règlement intérieur",
        lead="À lire par chaque agent.",
        read_required=True,
        read_deadline=timezone.localdate() + timedelta(days=10),
    )


@pytest.fixture
def requirement(rules):
    return ReadRequirement.objects.get(news=rules)


@pytest.fixture
def budget(finances):
    return ServiceFactory(name="Budget", slug="budget", parent=finances)


@pytest.fixture
def budget_agent(budget):
    return UserFactory(
        email="budget@exemple.fr", service=budget, first_name="Bea", last_name="Budget"
    )


@pytest.fixture
def head(finances):
    person = UserFactory(
        email="chef@exemple.fr", service=finances, first_name="Chef", last_name="Finances"
    )
    finances.head = person
    finances.save()
    return person


def test_publishing_records_the_reading_with_its_audience(requirement, rules):
    assert requirement.title == "Nouveau règlement intérieur"
    assert requirement.audience == Audience.ALL
    assert requirement.active


def test_the_banner_asks_and_j_ai_lu_confirms_once(rules, requirement, agent, login):
    client = login(agent)
    page = client.get(rules.url).content.decode()
    assert "Lecture obligatoire" in page and "J'ai lu</button>" in page

    response = client.post(f"/lectures-obligatoires/{requirement.pk}/lu/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Vous avez confirmé votre lecture" in response.content.decode()
    client.post(f"/lectures-obligatoires/{requirement.pk}/lu/")
    assert ReadConfirmation.objects.filter(requirement=requirement, user=agent).count() == 1
    assert "J'ai lu</button>" not in client.get(rules.url).content.decode()


def test_without_javascript_the_form_comes_back_to_the_item(rules, requirement, agent, login):
    response = login(agent).post(f"/lectures-obligatoires/{requirement.pk}/lu/")
    assert response.status_code == 302 and response.url == rules.url


def test_the_homepage_lists_what_remains_to_confirm(rules, requirement, agent, login, home):
    client = login(agent)
    assert "À lire et confirmer" in client.get("/").content.decode()
    client.post(f"/lectures-obligatoires/{requirement.pk}/lu/")
    assert "À lire et confirmer" not in client.get("/").content.decode()


def test_people_outside_the_audience_see_no_banner_and_cannot_confirm(
    news_index, payroll, agent, login
):
    news = make_news(
        news_index,
        title="Note à la paie",
        audience=Audience.SERVICES,
        services=[payroll],
        read_required=True,
    )
    requirement = ReadRequirement.objects.get(news=news)
    client = login(agent)
    assert client.post(f"/lectures-obligatoires/{requirement.pk}/lu/").status_code == 404
    assert not ReadConfirmation.objects.exists()
    assert "Note à la paie" not in client.get("/").content.decode()


def test_an_unticked_reading_stops_asking_but_keeps_its_record(rules, requirement, agent, login):
    ReadConfirmation.objects.create(requirement=requirement, user=agent)
    rules.read_required = False
    rules.save_revision().publish()
    requirement.refresh_from_db()
    assert not requirement.active
    assert requirement.confirmations.count() == 1


def test_a_deleted_item_keeps_its_record_for_communication(
    rules, requirement, agent, communication_officer, login
):
    ReadConfirmation.objects.create(requirement=requirement, user=agent)
    rules.delete()
    requirement.refresh_from_db()
    assert requirement.news is None and requirement.confirmations.count() == 1
    page = login(communication_officer).get(f"/lectures-obligatoires/{requirement.pk}/")
    assert page.status_code == 200
    assert "supprimée" in page.content.decode()


# --- Follow-up ----------------------------------------------------------------------------


def test_the_follow_up_is_refused_to_agents(requirement, agent, login):
    client = login(agent)
    for url in (
        "/lectures-obligatoires/",
        f"/lectures-obligatoires/{requirement.pk}/",
        f"/lectures-obligatoires/{requirement.pk}/export.csv",
    ):
        assert client.get(url).status_code == 403
    assert client.post(f"/lectures-obligatoires/{requirement.pk}/relancer/").status_code == 403
    assert "Suivi des lectures" not in client.get(requirement.news.url).content.decode()


def test_communication_sees_rates_by_service_and_every_name(
    requirement, agent, budget_agent, payroll_agent, elu, communication_officer, login
):
    ReadConfirmation.objects.create(requirement=requirement, user=budget_agent)
    page = login(communication_officer).get(f"/lectures-obligatoires/{requirement.pk}/")
    text = page.content.decode()
    report = page.context["report"]
    asked = {
        row.service.name if row.service else None: (row.confirmed, row.asked)
        for row in report.services
    }
    # Finances counts its sub-service Budget.
    assert asked["Finances"] == (1, 2)
    assert asked["Budget"] == (1, 1)
    assert report.asked == 5 and report.confirmed == 1  # agent, budget, payroll, élu, officer
    assert agent.get_full_name() in text and payroll_agent.get_full_name() in text
    assert budget_agent.get_full_name() not in text.split('id="non-lus"')[1]


def test_a_head_names_only_the_people_of_their_services(
    requirement, agent, budget_agent, payroll_agent, head, login
):
    page = login(head).get(f"/lectures-obligatoires/{requirement.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert budget_agent.get_full_name() in text and agent.get_full_name() in text
    assert payroll_agent.get_full_name() not in text
    names = {row.service.name for row in page.context["report"].services}
    assert names == {"Finances", "Budget"}
    assert not page.context["can_remind"]
    rows = list(
        csv.reader(
            io.StringIO(
                login(head)
                .get(f"/lectures-obligatoires/{requirement.pk}/export.csv")
                .content.decode()
            ),
            delimiter=";",
        )
    )
    assert {row[0] for row in rows[1:]} == {agent.last_name, budget_agent.last_name, head.last_name}


def test_the_csv_names_everyone_with_their_confirmation(
    requirement, agent, communication_officer, login
):
    ReadConfirmation.objects.create(requirement=requirement, user=agent)
    response = login(communication_officer).get(
        f"/lectures-obligatoires/{requirement.pk}/export.csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[0][:5] == ["Nom", "Prénom", "Service", "Adresse électronique", "Lu"]
    mine = next(row for row in rows if row[3] == agent.email)
    assert mine[4] == "oui" and mine[5]


def test_the_reminder_tells_those_who_have_not_read_once_a_day(
    requirement,
    agent,
    budget_agent,
    communication_officer,
    login,
    django_capture_on_commit_callbacks,
):
    ReadConfirmation.objects.create(requirement=requirement, user=budget_agent)
    client = login(communication_officer)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs inline here
        client.post(f"/lectures-obligatoires/{requirement.pk}/relancer/")

    reminded = set(
        Notification.objects.filter(kind=Notification.Kind.READ_REMINDER).values_list(
            "recipient_id", flat=True
        )
    )
    assert agent.pk in reminded and budget_agent.pk not in reminded
    reminder = Notification.objects.get(recipient=agent, kind=Notification.Kind.READ_REMINDER)
    assert reminder.email_due_at is not None  # and by e-mail, at once, by default

    response = client.post(f"/lectures-obligatoires/{requirement.pk}/relancer/", follow=True)
    assert "moins d&#x27;un jour" in response.content.decode()
    assert Notification.objects.filter(recipient=agent, kind="read_reminder").count() == 1
    assert read_reminders_send(requirement_id=requirement.pk) == 0  # run twice: nobody twice


def test_an_editor_of_the_item_sees_the_rates_without_names_and_may_remind(
    requirement, news_index, agent, login, django_capture_on_commit_callbacks
):
    editors = AuthGroup.objects.create(name="Rédaction des actualités")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=editors,
        page=news_index,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    editor = UserFactory(email="redaction@exemple.fr", is_staff=True)
    editor.groups.add(editors)
    client = login(editor)

    page = client.get(f"/lectures-obligatoires/{requirement.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert page.context["report"].asked >= 2
    assert agent.get_full_name() not in text
    assert "les noms sont réservés" in text
    assert client.get(f"/lectures-obligatoires/{requirement.pk}/export.csv").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/lectures-obligatoires/{requirement.pk}/relancer/")
    assert Notification.objects.filter(recipient=agent, kind="read_reminder").exists()


def test_an_unpublished_item_stops_asking_and_keeps_its_follow_up(
    rules, requirement, agent, communication_officer, login
):
    ReadConfirmation.objects.create(requirement=requirement, user=agent)
    rules.unpublish()
    client = login(agent)
    assert "À lire et confirmer" not in client.get("/").content.decode()
    assert client.post(f"/lectures-obligatoires/{requirement.pk}/lu/").status_code == 404
    officer = login(communication_officer)
    assert "dépubliée" in officer.get("/lectures-obligatoires/").content.decode()
    page = officer.get(f"/lectures-obligatoires/{requirement.pk}/")
    assert "L'actualité est dépubliée" in page.content.decode()
    assert page.context["report"].confirmed == 1
    assert not page.context["can_remind"]


def test_the_digest_reminds_what_remains_to_confirm(rules, requirement, agent):
    now = timezone.now()
    since = now + timedelta(minutes=1)  # the item itself is no longer news
    sections = {s["name"]: s for s in digest_build(agent, since=since, now=now).sections}
    assert [item.title for item in sections["readings"]["items"]] == ["Nouveau règlement intérieur"]
    ReadConfirmation.objects.create(requirement=requirement, user=agent)
    sections = {s["name"]: s for s in digest_build(agent, since=since, now=now).sections}
    assert "readings" not in sections

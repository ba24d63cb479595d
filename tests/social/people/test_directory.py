"""The directory: finding a colleague by name (typos, order, initials), job, service or its
acronym, skill and phone number; filters; and the people a search must never find."""

import pytest

from social.people.directory import directory_people, people_search
from social.people.models import Service, User
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def found(text, **filters):
    return [person.get_full_name() for person in people_search(directory_people(**filters), text)]


@pytest.fixture
def colleagues(camille, hr, finances, people_indexed):
    UserFactory(first_name="Camille", last_name="Durand", job_title="Comptable", service=finances)
    UserFactory(first_name="Marc", last_name="Duvallier", job_title="Juriste", service=finances)
    UserFactory(
        first_name="Éloïse", last_name="Lefèvre", job_title="Chargée de recrutement", service=hr
    )
    people_indexed()
    return camille


@pytest.mark.parametrize(
    "text", ["Duval", "duval", "DUVAL", "camile duval", "Duval Camille", "DUVAL C", "C. Duval"]
)
def test_a_name_is_found_first_however_it_is_typed(colleagues, text):
    assert found(text)[0] == "Camille Duval"


def test_a_misspelt_name_is_found_beside_the_names_it_begins(colleagues):
    """« duvall » may be Duval mistyped or Duvallier being typed: both are offered."""
    assert set(found("duvall")[:2]) == {"Camille Duval", "Marc Duvallier"}
    assert found("duvl") == ["Camille Duval"]


def test_a_name_typed_right_is_found_before_the_worker_writes_its_words(camille):
    """Until the search rows are written (a worker, just after the change), a person is found
    by what is typed, whole or begun; only misspellings wait for those words."""
    assert found("duval") == ["Camille Duval"]
    assert found("camille duv") == ["Camille Duval"]
    assert found("gestionnaire") == ["Camille Duval"]


def test_accents_and_case_are_ignored(colleagues):
    assert found("eloise lefevre") == ["Éloïse Lefèvre"]
    assert found("ÉLOÏSE") == ["Éloïse Lefèvre"]


def test_job_title_service_acronym_and_skill_find_people(colleagues):
    assert found("gestionnaire paie") == ["Camille Duval"]
    assert set(found("DRH")) == {"Camille Duval", "Éloïse Lefèvre"}
    assert found("marchés publics") == ["Camille Duval"]


def test_a_phone_number_fragment_finds_its_owner(colleagues):
    assert found("45 67") == ["Camille Duval"]
    assert found("0123456789") == ["Camille Duval"]


def test_every_word_typed_must_match(colleagues):
    assert found("camille comptable") == ["Camille Durand"]
    assert found("duval comptable") == []


def test_a_service_filter_includes_its_sub_services(colleagues, direction):
    assert set(found("camille", service=direction)) == {"Camille Duval"}
    assert found("camille", service=ServiceFactory(name="Police", slug="police")) == []


def test_people_who_left_are_not_found(colleagues):
    User.objects.filter(last_name="Duval").update(is_active=False)
    assert "Camille Duval" not in found("duval")


def test_a_number_shown_to_fewer_people_does_not_find_its_owner(camille):
    """The directory text holds only what every reader may see."""
    camille.visibility = {"phone": "service"}
    camille.save()
    camille.refresh_from_db()
    assert "0123456789" not in camille.directory_text
    assert found("45 67") == []


def test_the_directory_text_follows_skills_and_service_names(
    camille, hr, django_capture_on_commit_callbacks, monkeypatch
):
    camille.skills.add("langue des signes")
    assert found("langue des signes") == ["Camille Duval"]
    camille.skills.remove("langue des signes")
    assert found("langue des signes") == []
    hr.name = "Direction des relations humaines"
    with django_capture_on_commit_callbacks(execute=True):
        hr.save()
    assert found("relations humaines") == ["Camille Duval"]
    # Saved again unchanged, or moved elsewhere in the tree: nobody's text to write
    queued = []
    monkeypatch.setattr(
        "social.people.signals.service_members_reindex_schedule",
        lambda service_id: queued.append(service_id),
    )
    hr.save()
    Service.objects.get(pk=hr.pk).save()
    assert queued == []
    hr.acronym = "DRH2"
    hr.save()
    assert queued == [hr.pk]


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_renamed_service_has_its_members_written_by_the_worker(celery_tasks, camille, hr):
    from celery.contrib.testing.worker import start_worker

    from cms.celery import app as celery_app
    from tests.workers import queued_tasks, wait_for

    hr.acronym = "ZYXWV"
    hr.save()  # the administrator does not wait for the service's members
    assert "social.people.tasks.reindex_service_members" in queued_tasks()
    assert found("zyxwv") == []
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(lambda: found("zyxwv") == ["Camille Duval"])


def test_the_directory_page_searches_and_answers_htmx_with_results_alone(login, agent, colleagues):
    client = login(agent)
    page = client.get("/annuaire/", {"q": "duvall"})
    assert page.status_code == 200
    assert "Camille Duval" in page.content.decode()
    fragment = client.get("/annuaire/", {"q": "duvall"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Camille Duval" in fragment and "<html" not in fragment


def test_the_directory_says_when_nobody_matches(login, agent, colleagues):
    page = login(agent).get("/annuaire/", {"q": "zzzzzz"}).content.decode()
    assert "Personne ne correspond" in page


def test_a_z_browsing_and_new_arrivals(login, agent, colleagues):
    from django.utils import timezone

    User.objects.filter(last_name="Lefèvre").update(arrival_date=timezone.localdate())
    client = login(agent)
    letter_d = client.get("/annuaire/", {"lettre": "D"}).content.decode()
    assert "Camille Duval" in letter_d and "Éloïse Lefèvre" not in letter_d
    home = client.get("/annuaire/").content.decode()
    assert "Arrivés ce mois-ci" in home and "Éloïse Lefèvre" in home


def test_the_header_suggests_people_with_a_misspelt_name(login, agent, colleagues):
    options = login(agent).get("/recherche/suggestions/", {"q": "duvall"}).content.decode()
    assert "/annuaire/camille-duval/" in options
    assert "/annuaire/camille-duval/photo/" in options


def test_people_are_found_by_the_unified_search_and_leave_it_when_they_leave(
    login, agent, hr, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = UserFactory(
            first_name="Camille", last_name="Duval", job_title="Gestionnaire paie", service=hr
        )
    client = login(agent)
    page = client.get("/recherche/", {"q": "Duval"}).content.decode()
    assert "/annuaire/camille-duval/" in page and "Gestionnaire paie" in page
    assert (
        "/annuaire/camille-duval/" in client.get("/recherche/", {"q": "DRH paie"}).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        person.is_active = False
        person.save()
    assert (
        "/annuaire/camille-duval/" not in client.get("/recherche/", {"q": "Duval"}).content.decode()
    )


def test_directory_search_queries_do_not_grow_with_people(
    login, agent, hr, django_assert_max_num_queries
):
    client = login(agent)

    def people(count, start):
        for number in range(start, start + count):
            UserFactory(first_name="Camille", last_name=f"Martin{number}", service=hr)

    people(5, 0)
    client.get("/annuaire/", {"q": "camille"})
    with django_assert_max_num_queries(20) as few:
        client.get("/annuaire/", {"q": "camille"})
    people(50, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/annuaire/", {"q": "camille"})


def test_many_people_come_a_page_at_a_time(login, agent, hr):
    for number in range(30):
        UserFactory(first_name="Camille", last_name=f"Martin{number:02d}", service=hr)
    client = login(agent)
    first = client.get("/annuaire/", {"q": "camille"}).content.decode()
    assert "Personnes 1 à 24" in first and "Personnes suivantes" in first
    assert "Personnes précédentes" not in first
    second = client.get(
        "/annuaire/", {"q": "camille", "page": "2"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Personnes 25 à 30" in second and "<html" not in second
    assert "Personnes précédentes" in second and "Personnes suivantes" not in second
    shown = lambda html: {n for n in range(30) if f"Martin{n:02d}" in html}  # noqa: E731
    assert shown(first) | shown(second) == set(range(30))
    assert not shown(first) & shown(second)
    # The pager keeps the search and filters, and a page number out of range is the first.
    assert "q=camille&amp;page=2" in first
    by_service = client.get("/annuaire/", {"service": "rh", "page": "2"}).content.decode()
    assert "Personnes 25 à 30" in by_service and "Martin29" in by_service
    wrong = client.get("/annuaire/", {"q": "camille", "page": "x"}).content.decode()
    assert "Personnes 1 à 24" in wrong


def test_the_service_filter_lists_the_tree_and_follows_a_rename(login, agent, direction, payroll):
    client = login(agent)
    page = client.get("/annuaire/", {"service": payroll.slug}).content.decode()
    assert f'<option value="{payroll.slug}" selected>\u00a0\u00a0{payroll.name}</option>' in page
    assert f'<option value="{direction.slug}">{direction.name}</option>' in page
    payroll.name = "Paie et carrières"
    payroll.save()
    page = client.get("/annuaire/").content.decode()
    assert f'<option value="{payroll.slug}">\u00a0\u00a0Paie et carrières</option>' in page


def test_header_suggestions_read_people_in_a_fixed_number_of_queries(login, agent, hr, town_hall):
    """One person suggested or three: the same queries (their site and manager come with
    them)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The reader's own name is drawn at random (Faker): it must not be a Martin(e) too.
    agent.last_name = "Lecteur"
    agent.save()
    manager = UserFactory(email="chef@exemple.fr", first_name="Chef", last_name="Service")
    UserFactory(email="m0@exemple.fr", first_name="Léa", last_name="Martin", service=hr,
                site=town_hall, manager=manager)  # fmt: skip
    for number in range(3):
        UserFactory(email=f"d{number}@exemple.fr", first_name=f"Prénom{number}",
                    last_name="Dupontel", service=hr, site=town_hall, manager=manager)  # fmt: skip
    client = login(agent)

    def measured(name):
        with CaptureQueriesContext(connection) as captured:
            answer = client.get("/recherche/suggestions/", {"q": name})
        shown = answer.content.decode().count("suggestion--person")
        return shown, [query["sql"] for query in captured.captured_queries]

    measured("martin"), measured("dupontel")  # the reader's per-request values, cached alike
    (one, few), (three, many) = measured("martin"), measured("dupontel")
    assert (one, three) == (1, 3)
    assert len(many) == len(few), "\n".join(many)

from django.contrib.auth.models import Group
from django.core.cache import cache, caches

import pytest

from cms.setup import COMMUNICATION_GROUP
from home.cache import bump_content_generation, content_generation
from social.people.audience import Audience, user_access_keys
from tests.factories import ServiceFactory, make_news
from tests.second_factor import app_of

pytestmark = pytest.mark.django_db


def test_local_first_cache_reads_process_memory_before_redis():
    fragments = caches["fragments"]
    fragments.set("parvis-test-entry", "valeur", 60)
    cache.delete("parvis-test-entry")  # gone from Redis, still in this process
    assert fragments.get("parvis-test-entry") == "valeur"
    fragments.clear_local()
    assert fragments.get("parvis-test-entry") is None


def test_local_first_cache_fills_process_memory_from_redis():
    cache.set("parvis-shared-entry", "partagée", 60)
    assert caches["fragments"].get("parvis-shared-entry") == "partagée"


def test_generations_survive_redis_losing_its_data():
    before = content_generation()
    cache.clear()  # Redis restarted without persistence
    assert content_generation() == before
    bump_content_generation()
    assert content_generation() == before + 1


def test_a_new_counter_starts_above_any_number_an_earlier_database_used():
    from cms.core import generations

    assert generations.value("a-counter-never-seen") > 1_000_000_000_000_000


def test_a_bump_is_seen_only_once_its_change_is_committed(transactional_db):
    """A reader in between would otherwise cache the old content under the new number."""
    import threading

    from django.db import connection, transaction

    before = content_generation()
    seen = []

    def reader():
        seen.append(content_generation())
        connection.close()

    with transaction.atomic():
        bump_content_generation()
        thread = threading.Thread(target=reader)
        thread.start()
        thread.join()
    assert seen == [before]
    assert content_generation() == before + 1


def test_joining_the_communication_team_shows_every_audience_at_once(login, news_index, agent):
    make_news(news_index, title="Pour les élus", audience=Audience.ELUS)
    app_of(agent)  # the team opens the administration: its second factor, already given
    client = login(agent)
    assert "Pour les élus" not in client.get(news_index.url).content.decode()
    agent.groups.add(Group.objects.get(name=COMMUNICATION_GROUP))
    assert "Pour les élus" in client.get(news_index.url).content.decode()


def test_leaving_the_communication_team_hides_other_audiences_at_once(
    login, news_index, communication_officer
):
    news = make_news(news_index, title="Pour les élus", audience=Audience.ELUS)
    client = login(communication_officer)
    assert client.get(news.url).status_code == 200
    communication_officer.groups.clear()
    assert client.get(news.url).status_code == 404
    assert "Pour les élus" not in client.get(news_index.url).content.decode()
    assert "Pour les élus" not in client.get("/").content.decode()


def test_changing_service_changes_what_a_person_sees_at_once(login, news_index, agent):
    culture = ServiceFactory(name="Culture", slug="culture")
    make_news(news_index, title="Pour la culture", audience=Audience.SERVICES, services=[culture])
    client = login(agent)
    assert "Pour la culture" not in client.get(news_index.url).content.decode()
    agent.service = culture
    agent.save()
    assert "Pour la culture" in client.get(news_index.url).content.decode()
    assert f"service:{culture.pk}" in user_access_keys(type(agent).objects.get(pk=agent.pk))

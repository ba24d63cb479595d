"""`/sante/` for monitoring: the database, Redis, each queue's worker (heartbeats sent by beat)
and the media's disk; 503 as soon as one fails, details only to the server itself."""

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app as celery_app
from cms.health import HEARTBEAT_KEY
from tests.workers import wait_for

pytestmark = pytest.mark.django_db


def test_everything_working_answers_200_with_each_check(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"base_de_donnees", "redis", "celery", "disque"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["disque"]["libre_mo"] > 0


def test_through_the_proxy_only_the_status_is_said(client):
    response = client.get("/sante/", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.json() == {"status": "ok"}


def test_redis_down_is_a_503_that_names_redis(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["status"] == "erreur"
    assert response.json()["checks"]["redis"] == {"ok": False, "erreur": "ConnectionError"}


def test_a_full_disk_is_reported(client, settings):
    settings.HEALTH_MIN_FREE_MB = 10**12
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["checks"]["disque"]["ok"] is False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_queue_without_worker_is_reported_until_its_heartbeat_arrives(
    client, settings, celery_tasks
):
    from django.core.cache import cache

    settings.CELERY_TASK_ALWAYS_EAGER = False
    queues = [queue.name for queue in celery_app.conf.task_queues]
    cache.delete_many([HEARTBEAT_KEY.format(queue=queue) for queue in queues])
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["checks"]["celery"]["mail"] == {"dernier_signe_s": None, "ok": False}

    # What beat sends every HEALTH_HEARTBEAT_SECONDS: one heartbeat to each queue.
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if name.startswith("heartbeat-"):
            celery_app.send_task(entry["task"], args=entry["args"], **entry["options"])
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(lambda: client.get("/sante/").status_code == 200, timeout=30)
    celery = client.get("/sante/").json()["checks"]["celery"]
    assert celery.pop("ok") is True
    assert set(celery) == set(queues)
    assert all(queue["ok"] and queue["dernier_signe_s"] < 60 for queue in celery.values())

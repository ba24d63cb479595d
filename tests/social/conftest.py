import pytest

from tests.factories import UserFactory, make_news
from tests.knowledge.conftest import kb  # noqa: F401 (the knowledge base, restricted section included)


@pytest.fixture
def news(news_index):
    return make_news(news_index, title="Fête du personnel", lead="Rendez-vous le 12 juin.")


@pytest.fixture
def elus_news(news_index):
    """News for elected officials only: agents never see it."""
    return make_news(news_index, title="Ordre du jour du conseil", audience="elus")


@pytest.fixture
def colleague(finances):
    return UserFactory(
        email="marie.dupont@exemple.fr", first_name="Marie", last_name="Dupont", service=finances
    )


def post_comment(client, target, body, **extra):
    """POST a comment; HTTP_* keywords are headers, the others form fields."""
    kind = getattr(target, "discussion_kind", "page")
    headers = {key: value for key, value in extra.items() if key.startswith("HTTP_")}
    data = {key: value for key, value in extra.items() if not key.startswith("HTTP_")}
    return client.post(
        f"/commentaires/{kind}/{target.pk}/publier/", {"body": body, **data}, **headers
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for the transaction's commit (tasks queued with
    transaction.on_commit, run inline in tests) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def at_once(*calls):
    """Run the calls in threads released together (each thread with its own database
    connection); returns their results, re-raising the first error."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 (re-raised in the test's thread)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        raise errors[0]
    return results

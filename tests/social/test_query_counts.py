"""A news page under a busy discussion makes the same number of SQL queries whether it has 10
comments or 500 (with replies and reactions): no N+1 on authors, services, replies or
reactions."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from social.comments.models import Comment
from social.reactions.models import Reaction
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

KINDS = ["like", "thanks", "bravo", "interesting"]


def discuss(news, *, comments: int, people: list) -> None:
    """`comments` comments (one in four a reply), and four reactions per comment."""
    page_type = ContentType.objects.get_for_model(news)
    now = timezone.now()
    threads = Comment.objects.bulk_create(
        Comment(
            target_type=page_type,
            target_id=news.pk,
            author=people[n % len(people)],
            body=f"Commentaire {n} sur @marie.dupont",
            body_html=f"<p>Commentaire {n}</p>",
            created_at=now,
        )
        for n in range(comments - comments // 4)
    )
    replies = Comment.objects.bulk_create(
        Comment(
            target_type=page_type,
            target_id=news.pk,
            parent=threads[n % len(threads)],
            author=people[(n + 1) % len(people)],
            body=f"Réponse {n}",
            body_html=f"<p>Réponse {n}</p>",
            created_at=now,
        )
        for n in range(comments // 4)
    )
    comment_type = ContentType.objects.get_for_model(Comment)
    Reaction.objects.bulk_create(
        Reaction(
            user=people[n % len(people)],
            target_type=comment_type,
            target_id=comment.pk,
            kind=KINDS[n % 4],
        )
        for comment in threads + replies
        for n in range(4)
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_news_page_queries_the_same_at_10_and_500_comments(login, news_index, agent, settings):
    from tests.factories import make_news

    services = [ServiceFactory() for _ in range(5)]
    people = [UserFactory(service=services[n % 5]) for n in range(20)]
    small = make_news(news_index, title="Petite discussion")
    big = make_news(news_index, title="Grande discussion")
    discuss(small, comments=10, people=people)
    discuss(big, comments=500, people=people)
    assert Reaction.objects.count() == 2040
    client = login(agent)
    client.get(small.url), client.get(big.url)  # warm the per-user caches alike
    few, many = queries_for(client, small.url), queries_for(client, big.url)
    assert few == many
    assert many <= 30
    # The second page of threads, as htmx loads it, is bounded too.
    with CaptureQueriesContext(connection) as more:
        client.get(f"/commentaires/page/{big.pk}/?commentaires=2", HTTP_HX_REQUEST="true")
    assert len(more) <= 20

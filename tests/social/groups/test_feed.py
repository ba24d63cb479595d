"""« Mon fil » and the homepage's « activité de mes groupes »: what they hold, in what order,
page after page, and in a bounded number of queries whatever the volume."""

import re
from datetime import timedelta

from django.utils import timezone

import pytest

from social.groups.models import Post, Visibility
from social.groups.selectors import FEED_PAGE_SIZE, my_feed
from tests.factories import make_news

from .conftest import make_group

pytestmark = pytest.mark.django_db


def add_posts(group, author, count, *, start=None, prefix="Publication"):
    start = start or timezone.now()
    Post.objects.bulk_create(
        Post(
            group=group,
            author=author,
            body=f"{prefix} {index}",
            body_html=f"<p>{prefix} {index}</p>",
            created_at=start - timedelta(minutes=index),
        )
        for index in range(count)
    )


def make_post(group, author, text, **fields):
    return Post.objects.create(
        group=group, author=author, body=text, body_html=f"<p>{text}</p>", **fields
    )


def test_feed_mixes_my_groups_posts_and_my_news_newest_first(
    home, news_index, login, owner, member, outsider
):
    now = timezone.now()
    mine = make_group(owner, Visibility.CLOSED, "Référents", members=[member])
    other = make_group(owner, Visibility.OPEN, "Chorale", members=[outsider])
    make_post(mine, owner, "Post récent", created_at=now)
    make_post(other, outsider, "Post étranger", created_at=now)
    make_news(news_index, title="Actualité d'hier", date=now - timedelta(days=1))
    make_news(news_index, title="Réservé aux élus", audience="elus", date=now)
    make_post(mine, owner, "Post ancien", created_at=now - timedelta(days=2))
    page = login(member).get("/mon-fil/").content.decode()
    assert "Post étranger" not in page and "Réservé aux élus" not in page
    assert (
        page.index("Post récent") < page.index("Actualité d&#x27;hier") < page.index("Post ancien")
    )
    assert 'href="/groupes/referents/"' in page  # each post names its group


def test_feed_pages_follow_each_other_without_gap_or_repeat(home, news_index, login, owner, member):
    now = timezone.now()
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    add_posts(group, owner, 45, start=now)
    for index in range(15):
        # some news at exactly the same time as a post: ties are ordered, not lost
        make_news(news_index, title=f"Actu {index}", date=now - timedelta(minutes=3 * index))
    seen, cursor, pages = [], None, 0
    while True:
        items, cursor = my_feed(user=member, before=cursor)
        seen += [(entry.when, entry.kind == "news", entry.item.pk) for entry in items]
        pages += 1
        if cursor is None:
            break
    assert pages == -(-60 // FEED_PAGE_SIZE)
    assert len(seen) == 60 == len({(news, pk) for _when, news, pk in seen})
    order = [(when, not news, pk) for when, news, pk in seen]
    assert [when for when, *_rest in order] == sorted((w for w, *_r in order), reverse=True)


def test_feed_infinite_scroll_fragment_and_no_javascript_link(home, login, owner, member):
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    add_posts(group, owner, FEED_PAGE_SIZE + 5)
    client = login(member)
    page = client.get("/mon-fil/").content.decode()
    assert 'hx-trigger="revealed, click"' in page
    last, first_next = FEED_PAGE_SIZE - 1, FEED_PAGE_SIZE
    assert f"Publication {last}</p>" in page and f"Publication {first_next}</p>" not in page
    href = re.search(r'href="(/mon-fil/\?avant=[^"]+)"', page).group(1).replace("&amp;", "&")
    fragment = client.get(href, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and f"Publication {first_next}</p>" in fragment
    assert f"Publication {last}</p>" not in fragment
    full = client.get(href).content.decode()  # without JavaScript: the next page, whole
    assert "<html" in full and f"Publication {first_next + 4}</p>" in full


def test_homepage_shows_my_groups_activity_only(home, login, owner, member, outsider):
    mine = make_group(owner, Visibility.SECRET, "Cellule de crise", members=[member])
    make_post(mine, owner, "Point de situation")
    page = login(member).get("/").content.decode()
    assert "Activité de mes groupes" in page and "Point de situation" in page
    other = login(outsider).get("/").content.decode()
    assert "Point de situation" not in other and "Cellule de crise" not in other


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the caches (access keys, memberships)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_feed_makes_the_same_queries_at_10_and_1000_posts_per_group(
    home, news_index, login, owner, member
):
    groups = [
        make_group(owner, Visibility.CLOSED, f"Groupe {index}", members=[member])
        for index in range(3)
    ]
    for index in range(5):
        make_news(news_index, title=f"Actu {index}")
    for group in groups:
        add_posts(group, owner, 10)
    client = login(member)
    small = count_queries(client, "/mon-fil/")
    for group in groups:
        add_posts(group, owner, 990, start=timezone.now() - timedelta(days=1))
    assert count_queries(client, "/mon-fil/") == small
    assert small <= 25, small


def test_group_page_makes_the_same_queries_at_10_and_1000_posts(home, login, owner, member):
    group = make_group(owner, Visibility.CLOSED, "Groupe", members=[member])
    add_posts(group, owner, 10)
    client = login(member)
    small = count_queries(client, group.get_absolute_url())
    add_posts(group, owner, 990, start=timezone.now() - timedelta(days=1))
    assert count_queries(client, group.get_absolute_url()) == small
    assert small <= 30


def test_feed_news_are_shared_by_audience_but_never_across_audiences(
    home, news_index, login, elu, agent
):
    make_news(news_index, title="Réservé aux élus", audience="elus")
    make_news(news_index, title="Pour tous")
    assert "Réservé aux élus" in login(elu).get("/mon-fil/").content.decode()  # cached for élus
    page = login(agent).get("/mon-fil/").content.decode()
    assert "Pour tous" in page and "Réservé aux élus" not in page


def test_feed_shows_news_published_after_it_was_cached(home, news_index, login, agent):
    client = login(agent)
    make_news(news_index, title="Première nouvelle")
    assert "Première nouvelle" in client.get("/mon-fil/").content.decode()
    make_news(news_index, title="Nouvelle toute fraîche")
    assert "Nouvelle toute fraîche" in client.get("/mon-fil/").content.decode()


def test_feed_pages_past_the_cached_news_come_from_the_database(
    home, news_index, owner, member, monkeypatch
):
    from social.groups import selectors

    monkeypatch.setattr(selectors, "FEED_NEWS_CACHED", 4)
    now = timezone.now()
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    add_posts(group, owner, 7, start=now)
    for index in range(12):
        make_news(news_index, title=f"Actu {index}", date=now - timedelta(minutes=2 * index + 1))
    seen, cursor = [], None
    while True:
        items, cursor = my_feed(user=member, before=cursor)
        seen += [(entry.kind, entry.item.pk, entry.when) for entry in items]
        if cursor is None:
            break
    assert sum(kind == "news" for kind, _pk, _when in seen) == 12
    assert len(seen) == 19 == len({(kind, pk) for kind, pk, _when in seen})
    whens = [when for _kind, _pk, when in seen]
    assert whens == sorted(whens, reverse=True)


@pytest.mark.parametrize(
    "cursor",
    ["2026-01-01T00:00:00~0~5", "n'importe quoi", "2026-13-45T99:00~0~1", "2026-01-01~9~1", "~~"],
)
def test_a_crafted_cursor_gives_a_page_not_an_error(home, login, owner, member, cursor):
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    add_posts(group, owner, 3)
    client = login(member)
    assert client.get("/mon-fil/", {"avant": cursor}).status_code == 200
    assert client.get(group.get_absolute_url(), {"avant": cursor}).status_code == 200


def test_a_cached_post_shows_its_edit_at_once(home, login, owner, member):
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    client = login(member)
    client.post(f"/groupes/{group.slug}/publier/", {"body": "Version d'origine"})
    post = Post.objects.get()
    assert "Version d'origine" in login(owner).get("/groupes/pause-cafe/").content.decode()
    client.post(f"/groupes/{group.slug}/publications/{post.pk}/modifier/", {"body": "Corrigé"})
    for reader in (owner, member):
        page = login(reader).get("/groupes/pause-cafe/").content.decode()
        assert "Corrigé" in page and "Version d" not in page

"""Deleting a busy group: everything hanging on its posts goes (search rows and their index
entries, comments, reactions, polls, images) in a number of queries that does not grow with
its posts, nothing of another group is touched, and a deletion that fails keeps every file."""

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

import pytest

from knowledge.models import SearchItem
from social.comments.models import Comment
from social.groups.models import Group, Post, PostImage, Visibility
from social.groups.services import group_delete
from social.polls.models import Poll
from social.reactions.models import Reaction

from .conftest import make_group, png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media_root(media_root):
    return media_root


def busy_group(name, owner, member, login, posts, capture):
    """A group whose member posted an image and a poll through the page, then `posts` more,
    each commented twice (a reply among them) and liked."""
    group = make_group(owner, Visibility.OPEN, name, members=[member])
    with capture(execute=True):
        response = login(member).post(
            f"/groupes/{group.slug}/publier/",
            {
                "body": "Photos du chantier",
                "image-0": png(),
                "alt-0": "Le chantier",
                "poll_question": "Quelle date ?",
                "poll_choices": "Lundi\nMardi",
            },
        )
        assert response.status_code == 302, response.content.decode()
        for number in range(posts):
            Post.objects.create(
                group=group,
                author=owner,
                body=f"Point {number}",
                body_html=f"<p>Point {number}</p>",
            )
    post_type = ContentType.objects.get_for_model(Post)
    for post in group.posts.all():
        first = Comment.objects.create(
            target_type=post_type, target_id=post.pk, author=member, body="Vu", body_html="Vu"
        )
        Comment.objects.create(
            target_type=post_type,
            target_id=post.pk,
            parent=first,
            author=owner,
            body="Merci",
            body_html="Merci",
        )
        Reaction.objects.create(target_type=post_type, target_id=post.pk, user=member, kind="like")
        Reaction.objects.create(
            target_type=ContentType.objects.get_for_model(Comment),
            target_id=first.pk,
            user=owner,
            kind="thanks",
        )
    return group


def left_of(post_ids):
    from wagtail.search.models import IndexEntry

    post_type = ContentType.objects.get_for_model(Post)
    items = SearchItem.objects.filter(content_type=post_type, source_id__in=post_ids)
    return {
        "search rows": items.count(),
        "index entries": IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(SearchItem),
            object_id__in=[str(pk) for pk in items.values_list("pk", flat=True)],
        ).count(),
        "comments": Comment.objects.filter(target_type=post_type, target_id__in=post_ids).count(),
        "reactions": Reaction.objects.filter(target_type=post_type, target_id__in=post_ids).count(),
    }


def deletion_queries(group, owner, capture) -> int:
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        group_delete(group=group, user=owner, confirmation=group.name)
    return len(queries)


def test_a_busy_group_goes_whole_in_queries_that_do_not_grow_with_its_posts(
    home, owner, member, login, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    capture = django_capture_on_commit_callbacks
    other = busy_group("Voisins", owner, member, login, 2, capture)
    other_posts = list(other.posts.values_list("pk", flat=True))
    small = busy_group("Petit groupe", owner, member, login, 3, capture)
    large = busy_group("Grand groupe", owner, member, login, 40, capture)
    large_posts = list(large.posts.values_list("pk", flat=True))
    image = PostImage.objects.get(post__group=large)
    storage, image_name = image.file.storage, image.file.name
    assert left_of(large_posts) == {
        "search rows": 41,
        "index entries": 41,
        "comments": 82,
        "reactions": 41,
    }
    comment_reactions = Reaction.objects.filter(
        target_type=ContentType.objects.get_for_model(Comment)
    ).count()

    few = deletion_queries(small, owner, capture)
    # One post at a time took about fifteen queries a post (75,000 for 5,000 posts).
    with django_assert_max_num_queries(few + 3):
        deletion_queries(large, owner, capture)
    assert left_of(large_posts) == dict.fromkeys(left_of(large_posts), 0)
    assert not storage.exists(image_name)
    assert not Poll.everywhere.exclude(group_post__group=other).exists()
    # Reactions to the deleted comments went with them; the other group's stayed.
    assert (
        Reaction.objects.filter(target_type=ContentType.objects.get_for_model(Comment)).count()
        == comment_reactions - 4 - 41
    )
    assert left_of(other_posts) == {
        "search rows": 3,
        "index entries": 3,
        "comments": 6,
        "reactions": 3,
    }
    assert Poll.everywhere.filter(group_post__group=other).count() == 1


def test_a_deletion_that_fails_keeps_the_group_its_rows_and_its_files(
    home, owner, member, login, django_capture_on_commit_callbacks, monkeypatch
):
    group = busy_group("Chantier", owner, member, login, 2, django_capture_on_commit_callbacks)
    group_id, post_ids = group.pk, list(group.posts.values_list("pk", flat=True))
    image = PostImage.objects.get(post__group=group)
    before = left_of(post_ids)

    def disk_full(*args, **kwargs):
        raise DatabaseError("could not extend file: No space left on device")

    monkeypatch.setattr(Poll.everywhere, "filter", disk_full)
    with pytest.raises(DatabaseError), django_capture_on_commit_callbacks(execute=True):
        group_delete(group=group, user=owner, confirmation=group.name)

    assert Group.objects.filter(pk=group_id).exists()
    assert left_of(post_ids) == before
    assert image.file.storage.exists(image.file.name)

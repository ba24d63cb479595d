import pytest

from social.groups.models import Membership, Post, Visibility
from social.groups.permissions import can_read_group, can_see_group
from social.groups.services import (
    GroupError,
    group_join,
    group_leave,
    group_request_decide,
    post_create,
)
from social.notifications.models import Notification
from social.people.models import User

from .conftest import make_group, pdf, png

pytestmark = pytest.mark.django_db


def test_creator_is_the_first_administrator_and_the_drive_exists(groups, owner):
    group = groups["closed"]
    membership = Membership.objects.get(group=group, user=owner)
    assert membership.is_admin
    assert group.folder is not None and group.folder.name == group.name
    assert group.readers_group.user_set.filter(pk=owner.pk).exists()


def test_closed_group_request_then_approval_lets_in_and_tells_requester(
    groups, owner, requester, committed
):
    group = groups["closed"]
    assert not can_read_group(requester, group)
    membership = Membership.objects.get(group=group, user=requester)
    with committed():
        group_request_decide(group=group, admin=owner, membership_id=membership.pk, approve=True)
    assert can_read_group(User.objects.get(pk=requester.pk), group)
    notice = Notification.objects.get(recipient=requester, kind=Notification.Kind.GROUP_MEMBERSHIP)
    assert notice.detail == "approved"


def test_secret_group_cannot_be_joined_without_invitation(groups, outsider):
    from django.http import Http404

    with pytest.raises(Http404):
        group_join(group=groups["secret"], user=outsider)
    assert not can_see_group(outsider, groups["secret"])


def test_last_administrator_cannot_leave(groups, owner):
    with pytest.raises(GroupError):
        group_leave(group=groups["open"], user=owner)


def test_post_with_image_and_document_stores_document_in_group_drive(groups, member):
    group = groups["closed"]
    post = post_create(
        group=group,
        author=member,
        body="Voici le compte rendu",
        images=[(png(), "Photo de l'équipe")],
        documents=[pdf()],
    )
    assert post.images.get().alt == "Photo de l'équipe"
    document = post.attachments.get().document
    assert document.collection_id == group.folder_id


def test_image_without_alternative_text_is_refused_and_nothing_is_stored(groups, member):
    with pytest.raises(GroupError):
        post_create(group=groups["open"], author=member, body="x", images=[(png(), "")])
    assert not Post.objects.exists()


def test_open_group_join(home, owner, outsider):
    group = make_group(owner, Visibility.OPEN, "Chorale")
    group_join(group=group, user=outsider)
    assert Membership.objects.get(group=group, user=outsider).is_active


def test_group_posts_have_their_own_limit_apart_from_comments(groups, member, settings):
    from social.comments.services import CommentError, comment_post

    settings.RATE_LIMITS = {"comment": "1/60", "group_post": "2/60"}
    group = groups["open"]
    first = post_create(group=group, author=member, body="Premier message")
    post_create(group=group, author=member, body="Deuxième message")
    with pytest.raises(GroupError) as refused:
        post_create(group=group, author=member, body="Troisième message")
    assert refused.value.status == 429
    assert Post.objects.filter(group=group, author=member).count() == 2
    # Two posts spent nothing of the comments' allowance: one comment passes, not two.
    comment_post(author=member, target=first, body="Une précision")
    with pytest.raises(CommentError):
        comment_post(author=member, target=first, body="Une autre précision")

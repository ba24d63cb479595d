"""A group's picture and a post's images leave the disk only once the change that drops them
commits: when something fails before (the database, a full disk), the rows roll back and still
find their files."""

from django.db import DatabaseError

import pytest

from social.groups.models import Group, Post, PostImage, Visibility
from social.groups.services import group_update, post_create, post_delete

from .conftest import make_group, png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media_root(media_root):
    return media_root


def disk_full(*args, **kwargs):
    raise DatabaseError("could not extend file: No space left on device")


@pytest.fixture
def pictured(home, owner, django_capture_on_commit_callbacks):
    group = make_group(owner, Visibility.OPEN, "Chantiers")
    with django_capture_on_commit_callbacks(execute=True):
        group_update(group=group, user=owner, image=png(color="blue"))
    group.refresh_from_db()
    return group


def exists(field_file) -> bool:
    return field_file.storage.exists(field_file.name)


def test_a_post_deleted_takes_its_images_off_the_disk(
    pictured, owner, django_capture_on_commit_callbacks
):
    post = post_create(group=pictured, author=owner, body="Visite", images=[(png(), "Le site")])
    image = post.images.get().file
    with django_capture_on_commit_callbacks(execute=True):
        post_delete(post=post, user=owner)
    assert not exists(image) and not PostImage.objects.exists()


def test_a_post_deletion_that_fails_keeps_its_images(
    pictured, owner, django_capture_on_commit_callbacks, monkeypatch
):
    post = post_create(group=pictured, author=owner, body="Visite", images=[(png(), "Le site")])
    image = post.images.get().file
    monkeypatch.setattr(Post, "save", disk_full)
    with pytest.raises(DatabaseError), django_capture_on_commit_callbacks(execute=True):
        post_delete(post=post, user=owner)
    assert PostImage.objects.get().file.name == image.name
    assert exists(image)


def test_a_new_group_picture_replaces_the_old_file(
    pictured, owner, django_capture_on_commit_callbacks
):
    storage, old = pictured.image.storage, pictured.image.name
    with django_capture_on_commit_callbacks(execute=True):
        group_update(group=pictured, user=owner, image=png(color="green"))
    pictured.refresh_from_db()
    assert pictured.image.name != old
    assert exists(pictured.image) and not storage.exists(old)


@pytest.mark.parametrize("change", [{"image": "new"}, {"remove_image": True}])
def test_a_picture_change_that_fails_keeps_the_old_picture(
    pictured, owner, django_capture_on_commit_callbacks, monkeypatch, change
):
    old = pictured.image.name
    if change.get("image"):
        change = {"image": png(color="green")}
    monkeypatch.setattr("social.groups.services.group_rights_sync_all", disk_full)
    with pytest.raises(DatabaseError), django_capture_on_commit_callbacks(execute=True):
        group_update(group=Group.objects.get(pk=pictured.pk), user=owner, **change)
    kept = Group.objects.get(pk=pictured.pk).image
    assert kept.name == old
    assert exists(kept)


def test_removing_the_group_picture_deletes_its_file(
    pictured, owner, django_capture_on_commit_callbacks
):
    storage, old = pictured.image.storage, pictured.image.name
    with django_capture_on_commit_callbacks(execute=True):
        group_update(group=pictured, user=owner, remove_image=True)
    pictured.refresh_from_db()
    assert not pictured.image and not storage.exists(old)

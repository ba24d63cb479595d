"""Groups of every visibility, and people in every relation to them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from social.groups.models import GroupKind, Membership, Visibility
from social.groups.services import group_create, group_invite, group_join
from tests.factories import UserFactory


def png(width: int = 40, height: int = 30, color: str = "red") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def pdf(name: str = "compte-rendu.pdf") -> SimpleUploadedFile:
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def owner(finances):
    return UserFactory(
        email="claire.admin@exemple.fr", first_name="Claire", last_name="Admin", service=finances
    )


@pytest.fixture
def member(finances):
    return UserFactory(
        email="paul.membre@exemple.fr", first_name="Paul", last_name="Membre", service=finances
    )


@pytest.fixture
def outsider(finances):
    return UserFactory(
        email="nina.dehors@exemple.fr", first_name="Nina", last_name="Dehors", service=finances
    )


@pytest.fixture
def requester(finances):
    return UserFactory(
        email="remi.demande@exemple.fr", first_name="Rémi", last_name="Demande", service=finances
    )


def make_group(owner, visibility, name, *, members=(), requesters=(), invited=()):
    group = group_create(
        user=owner,
        name=name,
        kind=GroupKind.TRANSVERSE,
        visibility=visibility,
        description=f"Description de {name}",
    )
    for person in members:
        if visibility == Visibility.OPEN:
            group_join(group=group, user=person)
        else:
            group_invite(group=group, admin=owner, user=person)
            group_join(group=group, user=person)
    for person in requesters:
        Membership.objects.create(group=group, user=person, state=Membership.State.REQUESTED)
    for person in invited:
        group_invite(group=group, admin=owner, user=person)
    return group


@pytest.fixture
def groups(home, owner, member, requester):
    """One group per visibility; `member` belongs to each, `requester` asked to join the
    closed one."""
    return {
        "open": make_group(owner, Visibility.OPEN, "Pause café", members=[member]),
        "closed": make_group(
            owner,
            Visibility.CLOSED,
            "Référents numériques",
            members=[member],
            requesters=[requester],
        ),
        "secret": make_group(owner, Visibility.SECRET, "Cellule de crise", members=[member]),
    }

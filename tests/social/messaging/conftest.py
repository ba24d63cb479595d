"""People in every relation to conversations: two colleagues talking directly, a small
discussion, a secret group's channel, and those who must not read any of it."""

import pytest

from social.groups.models import Visibility
from social.messaging.services import (
    conversation_channel_open,
    conversation_direct_open,
    conversation_group_create,
    message_post,
)
from tests.factories import UserFactory
from tests.social.groups.conftest import make_group


def person(first: str, last: str, service, **fields):
    return UserFactory(
        email=f"{first.lower()}.{last.lower()}@exemple.fr",
        first_name=first,
        last_name=last,
        service=service,
        **fields,
    )


@pytest.fixture
def alice(finances):
    return person("Alice", "Martin", finances)


@pytest.fixture
def bruno(finances):
    return person("Bruno", "Petit", finances)


@pytest.fixture
def chloe(finances):
    return person("Chloe", "Roux", finances)


@pytest.fixture
def outsider(finances):
    return person("Nina", "Dehors", finances)


@pytest.fixture
def superuser(finances):
    return person("Sam", "Admin", finances, is_superuser=True, is_staff=True)


@pytest.fixture
def direct(alice, bruno):
    conversation = conversation_direct_open(user=alice, other=bruno)
    message_post(user=alice, conversation=conversation, body="Bonjour Bruno, le budget ?")
    return conversation


@pytest.fixture
def discussion(alice, bruno, chloe):
    conversation = conversation_group_create(
        user=alice, name="Préparation du conseil", people=[bruno, chloe]
    )
    message_post(user=bruno, conversation=conversation, body="Ordre du jour en pièce jointe")
    return conversation


@pytest.fixture
def secret_group(alice, bruno):
    return make_group(alice, Visibility.SECRET, "Cellule de crise", members=[bruno])


@pytest.fixture
def channel(alice, secret_group):
    conversation = conversation_channel_open(user=alice, group=secret_group)
    message_post(user=alice, conversation=conversation, body="Point de situation à 14 h")
    return conversation

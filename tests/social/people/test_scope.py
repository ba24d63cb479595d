"""The reader scope: each capability declares its part in its app's ready(); a scope key is the
same for two readers exactly when the parts it names are the same."""

from django.contrib.auth.models import Group

import pytest

from social.people.scope import reader_scope, scope_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_capability_declares_its_part(agent):
    assert {"audience", "restricted", "folders", "groups"} <= set(reader_scope(agent))


def test_colleagues_who_see_the_same_things_share_a_key(finances):
    first = UserFactory(email="a@exemple.fr", service=finances)
    second = UserFactory(email="b@exemple.fr", service=finances)

    assert scope_key(first) == scope_key(second)


def test_a_different_audience_changes_the_key(finances, elu):
    agent = UserFactory(email="a@exemple.fr", service=finances)

    assert scope_key(agent, "audience") != scope_key(elu, "audience")


def test_a_group_of_a_restricted_section_changes_the_key(kb_restricted_section, finances):
    inside = UserFactory(email="a@exemple.fr", service=finances)
    inside.groups.add(kb_restricted_section)
    outside = UserFactory(email="b@exemple.fr", service=finances)

    assert scope_key(inside, "restricted") != scope_key(outside, "restricted")
    assert scope_key(inside, "audience") == scope_key(outside, "audience")


@pytest.fixture
def kb_restricted_section(home):
    from wagtail.models import PageViewRestriction

    group = Group.objects.create(name="Comité de direction")
    restriction = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return group

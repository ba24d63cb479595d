"""A closed group with a project, and people in every relation to them (the groups' own)."""

import pytest

from social.groups.models import Visibility
from social.projects import services
from social.projects.models import Column
from tests.factories import UserFactory
from tests.social.groups.conftest import make_group, member, outsider, owner, requester

__all__ = ["member", "outsider", "owner", "requester"]  # the groups' people, shared


@pytest.fixture
def other_member(finances):
    return UserFactory(
        email="lea.membre@exemple.fr", first_name="Léa", last_name="Collègue", service=finances
    )


@pytest.fixture
def team(home, owner, member, other_member):
    """A closed group whose administrator is `owner`, with two plain members."""
    return make_group(
        owner, Visibility.CLOSED, "Services techniques", members=[member, other_member]
    )


@pytest.fixture
def project(team, owner):
    return services.project_create(group=team, user=owner, name="Déménagement des ateliers")


def column(project, name: str) -> Column:
    return project.columns.get(name=name)


def add_task(project, user, title, *, column_name="À faire", **fields):
    return services.task_create(
        project=project,
        user=user,
        title=title,
        column=column(project, column_name),
        rate_limited=False,
        **fields,
    )


def titles(column_obj) -> list[str]:
    return list(column_obj.tasks.current().order_by("position").values_list("title", flat=True))

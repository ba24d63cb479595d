"""Boards open in two browsers: a change made in one is announced at once on the live stream
(the real ASGI server and Redis) to the group's members, whose open board then asks for itself;
nobody outside the group hears of it."""

import pytest

from social.groups.models import Visibility
from social.projects import services
from tests.factories import UserFactory
from tests.social.groups.conftest import make_group
from tests.social.messaging.test_live_stream import Stream, asgi_server, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["asgi_server"]  # the fixture, shared with the messaging stream's tests


def board_events(events, project) -> list[dict]:
    return [
        event
        for event in events
        if event["event"] == "board" and f'"project":{project.pk}' in event["data"]
    ]


def test_a_move_reaches_the_other_members_open_boards_and_no_one_else(client, asgi_server):
    aline = UserFactory(email="aline.roux@exemple.fr", first_name="Aline")
    marie = UserFactory(email="marie.dupont@exemple.fr", first_name="Marie")
    nina = UserFactory(email="nina.dehors@exemple.fr", first_name="Nina")
    group = make_group(aline, Visibility.OPEN, "Ateliers", members=[marie])
    project = services.project_create(group=group, user=aline, name="Déménagement")
    task = services.task_create(project=project, user=aline, title="Camion", rate_limited=False)
    marie_stream = Stream(asgi_server, session_cookie(client, marie))
    nina_stream = Stream(asgi_server, session_cookie(client, nina))
    for stream in (marie_stream, nina_stream):
        assert stream.status == 200
        stream.read(seconds=0.5)
    version = type(project).objects.get(pk=project.pk).board_version
    services.task_move(task=task, user=aline, column=project.columns.get(name="Fait"))
    events = marie_stream.read(until=lambda found: board_events(found, project), seconds=5)
    [event] = board_events(events, project)
    assert f'"version":{version + 1}' in event["data"]
    assert "Camion" not in event["data"]  # a hint only: the board is asked for through the view
    assert board_events(nina_stream.read(seconds=1.5), project) == []  # open group, not a member
    for stream in (marie_stream, nina_stream):
        stream.close()

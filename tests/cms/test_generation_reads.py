"""Generation counters cost one query per request: what the request, the reader's per-user
values and their own counters (memberships) ask for is read together (cms/core/generations.py)."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

import pytest

from cms.core import generations
from social.groups.permissions import membership_generation

pytestmark = pytest.mark.django_db


def test_the_request_and_its_reader_share_one_read(agent):
    generations.current(generations.SHARED)  # the counters exist
    for name_for in generations._personal:  # every personal counter of every capability
        generations.value(name_for(agent.pk))
    request = RequestFactory().get("/")
    request.user = agent
    with CaptureQueriesContext(connection) as queries:
        generations.value(generations.CONTENT, request)
        generations.current((generations.ACCESS, generations.LIBRARY), agent)
        generations.value(membership_generation(agent.pk), agent)
    assert len(queries) == 1


def test_a_bump_during_the_request_is_seen_once_the_reader_values_are_dropped(agent):
    request = RequestFactory().get("/")
    request.user = agent
    before = generations.value(generations.CONTENT, request)
    generations.bump(generations.CONTENT)
    assert generations.value(generations.CONTENT, request) == before  # one request, one view
    agent.__dict__.pop("_per_user_cache")  # what a change of rights in the request does
    assert generations.value(generations.CONTENT, request) == before + 1

"""What would grow for ever is cleared by beat: expired sessions every night."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

import pytest

from cms.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def test_expired_sessions_are_cleared_and_live_ones_kept(settings):
    now = timezone.now()
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=now - timedelta(1))
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=now + timedelta(1))
    clear_expired_sessions.run()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    assert settings.CELERY_BEAT_SCHEDULE["clear-expired-sessions"]["task"] == (
        "cms.tasks.clear_expired_sessions"
    )

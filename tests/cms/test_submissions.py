"""The send-once keys (cms/core/submissions.py) are forgotten after a day; each form's behaviour is
tested with its app (tests/social/test_sent_once.py, tests/knowledge/library/test_sent_once.py)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

import pytest

from cms.core.submissions import new_key, submissions_purge
from cms.models import Submission

pytestmark = pytest.mark.django_db


def test_keys_are_forgotten_after_a_day(agent):
    old = Submission.objects.create(user=agent, key=new_key())
    recent = Submission.objects.create(user=agent, key=new_key())
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    with transaction.atomic():
        assert submissions_purge() == 1
    assert list(Submission.objects.values_list("pk", flat=True)) == [recent.pk]

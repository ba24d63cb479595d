"""Retention: each declared kind older than its policy is gone after the nightly task, younger
records remain; administrators change a policy and the page people read says the same."""

from dataclasses import replace
from datetime import timedelta

from django.db import DatabaseError
from django.utils import timezone

import pytest

from cms.core.privacy import registry
from knowledge.models import SearchTermDay
from social.accounts.models import SignInEvent
from social.notifications.models import Notification
from social.people.models import ProfileChange, User
from social.privacy.models import RetentionPolicy, RetentionRun
from social.privacy.retention import retention_apply, retention_days
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def aged(model, days: int, date_field: str, **fields):
    row = model.objects.create(**fields)
    model.objects.filter(pk=row.pk).update(**{date_field: timezone.now() - timedelta(days=days)})
    return row


@pytest.fixture
def history(agent):
    def note(days):
        return aged(
            Notification, days, "updated_at", recipient=agent, kind="reply", title="t", url="/"
        )

    def sign_in(days):
        return aged(SignInEvent, days, "created_at", user=agent, kind="success")

    return {
        "old_notification": note(400),
        "young_notification": note(300),
        "old_sign_in": sign_in(200),
        "young_sign_in": sign_in(100),
    }


def test_records_older_than_their_policy_go_younger_ones_remain(history):
    run = retention_apply()
    assert not Notification.objects.filter(pk=history["old_notification"].pk).exists()
    assert Notification.objects.filter(pk=history["young_notification"].pk).exists()
    assert not SignInEvent.objects.filter(pk=history["old_sign_in"].pk).exists()
    assert SignInEvent.objects.filter(pk=history["young_sign_in"].pk).exists()
    assert run.removed["notifications"] == 1 and run.removed["sign_in_log"] == 1
    assert run.finished_at is not None and run.errors == {}


def test_a_policy_set_by_administrators_replaces_the_default(history):
    RetentionPolicy.objects.create(kind="notifications", days=200)
    assert retention_days("notifications") == 200
    retention_apply()
    assert not Notification.objects.filter(pk=history["young_notification"].pk).exists()


def test_an_empty_policy_keeps_without_limit(history):
    RetentionPolicy.objects.create(kind="notifications", days=None)
    retention_apply()
    assert Notification.objects.filter(pk=history["old_notification"].pk).exists()


def test_a_failing_kind_is_said_and_the_others_still_run(history, monkeypatch):
    def broken(cutoff):
        raise DatabaseError("table locked")

    kinds = dict(registry.kinds)
    kinds["notifications"] = replace(kinds["notifications"], purge=broken)
    monkeypatch.setattr(registry, "kinds", kinds)
    run = retention_apply()
    assert "table locked" in run.errors["notifications"]
    assert not SignInEvent.objects.filter(pk=history["old_sign_in"].pk).exists()


def test_search_statistics_and_profile_changes_are_purged_too(agent):
    today = timezone.localdate()
    SearchTermDay.objects.create(term="congés", day=today - timedelta(days=800), searches=3)
    SearchTermDay.objects.create(term="congés", day=today - timedelta(days=10), searches=2)
    aged(ProfileChange, 400, "changed_at", person=agent, field="phone")
    retention_apply()
    assert list(SearchTermDay.objects.values_list("searches", flat=True)) == [2]
    assert not ProfileChange.objects.exists()


def test_people_who_left_long_ago_are_anonymised(finances):
    gone = UserFactory(first_name="Paul", last_name="Ancien", service=finances, is_active=False)
    recent = UserFactory(first_name="Rita", last_name="Récente", service=finances, is_active=False)
    User.objects.filter(pk=gone.pk).update(departed_at=timezone.now() - timedelta(days=400))
    User.objects.filter(pk=recent.pk).update(departed_at=timezone.now() - timedelta(days=30))
    run = retention_apply()
    assert run.removed["departed_accounts"] == 1
    assert User.objects.get(pk=gone.pk).anonymised_at is not None
    assert User.objects.get(pk=recent.pk).last_name == "Récente"


def test_the_admin_sets_a_policy_and_every_agent_reads_it(superuser, agent, login):
    admin = login(superuser)
    form = admin.get("/admin/conservation/")
    assert form.status_code == 200
    data = {key: field.initial or "" for key, field in form.context["form"].fields.items()}
    data["notifications"] = 90
    assert admin.post("/admin/conservation/", data).status_code == 302
    assert RetentionPolicy.objects.get(kind="notifications").days == 90
    page = login(agent).get("/donnees-personnelles/").content.decode()
    assert "90 jours, puis supprimées automatiquement" in page
    assert login(agent).get("/admin/conservation/").status_code in (302, 403)


def test_a_policy_below_its_minimum_is_refused_with_a_message(superuser, login):
    admin = login(superuser)
    form = admin.get("/admin/conservation/").context["form"]
    data = {key: field.initial or "" for key, field in form.fields.items()}
    data["audit_log"] = 10
    response = admin.post("/admin/conservation/", data)
    assert response.status_code == 200
    assert "180" in response.content.decode()
    assert not RetentionPolicy.objects.filter(kind="audit_log").exists()


def test_the_nightly_task_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "social.privacy.tasks.apply_retention" in tasks
    assert RetentionRun.objects.count() == 0

"""Departures and anonymisation.

A departure (`person_deactivate`, from the admin, the HR import or the directory sync) closes
the account and what hangs on it — sessions, feed and calendar tokens, group memberships, the
directory — and keeps what the person published, shown under their name or as « ancien
agent » (DEPARTED_AUTHOR_NAMES). An anonymisation (`person_anonymise`, on request or
ANONYMISE_AFTER_DAYS after the departure, by the retention task) replaces identity, photo and
free-text profile, deletes what is only personal (reactions, votes, notifications, sessions,
sign-in log, e-mails…: each app's anonymiser) and keeps what belongs to the collectivité
(news, articles, documents, comments and posts in their threads). Each is one transaction: a
failure leaves the person exactly as before."""

from __future__ import annotations

import logging
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import ModelLogEntry

from cms.core.audit import audit_maintenance, audit_record
from cms.core.media import file_delete_on_commit
from cms.core.privacy import people_depart, registry
from social.people.models import ProfileChange, User

logger = logging.getLogger(__name__)


class AlreadyAnonymised(Exception):
    pass


def person_deactivate(*, person: User, by: User | None, reason: str = "") -> User:
    """The person leaves: account closed and everything that hangs on it (see the module)."""
    if not person.is_active and person.departed_at:
        return person
    now = timezone.now()
    with transaction.atomic():
        User.objects.filter(pk=person.pk).update(is_active=False, departed_at=now)
        ProfileChange.objects.create(
            person=person,
            changed_by=by,
            changed_at=now,
            field="is_active",
            old_value="True",
            new_value="False",
            source=reason[:100],
        )
        people_depart([person.pk])
        audit_record(person, "parvis.privacy.deactivate", user=by, person=person, detail=reason)
    person.refresh_from_db()
    return person


def people_departed(person_ids: list[int], *, now: datetime | None = None) -> None:
    """For bulk deactivations (HR import, directory sync) that set is_active themselves, in
    their transaction: the date noted, every app's departure step run."""
    if person_ids:
        User.objects.filter(pk__in=person_ids, departed_at=None).update(
            departed_at=now or timezone.now()
        )
        people_depart(person_ids)


def replacement_for(person: User) -> dict:
    """What stands for an anonymised person: « Ancien agent n°123 »."""
    label = _("Ancien agent n°%(number)s") % {"number": person.pk}
    return {
        "first_name": "",
        "last_name": label,
        "slug": slugify(label) or f"ancien-agent-{person.pk}",
    }


def person_anonymise(*, person: User, by: User | None) -> User:
    """Identity, photo and free-text profile replaced; what is only personal deleted by every
    app's anonymiser; the person's name kept nowhere (mentions of them rewritten, audit
    entries about them relabelled). One transaction."""
    if person.anonymised_at is not None:
        raise AlreadyAnonymised
    old = {
        "name": person.get_full_name(),
        # How colleagues @mention them: their address before the @ (social/markup.py).
        "handle": (person.email or "").split("@")[0].lower(),
        "email": person.email or "",
        "url": person.get_absolute_url() if person.slug else "",
    }
    photo = person.photo
    new = replacement_for(person)
    new["url"] = reverse("people:person", args=[new["slug"]])
    with transaction.atomic():
        if person.is_active:
            person_deactivate(person=person, by=by, reason=_("anonymisation"))
            person.refresh_from_db()
        for anonymiser in registry.anonymisers:
            anonymiser(person, new)
        _mentions_rewrite(old, new)
        person.skills.clear()
        ProfileChange.objects.filter(person=person).delete()
        now = timezone.now()
        User.objects.filter(pk=person.pk).update(
            first_name=new["first_name"],
            last_name=new["last_name"],
            slug=new["slug"],
            email=None,
            employee_number=None,
            job_title="",
            phone="",
            mobile="",
            office="",
            site=None,
            manager=None,
            service=None,
            arrival_date=None,
            bio="",
            languages="",
            absence_note="",
            absence_until=None,
            photo="",
            visibility={},
            synced_from="",
            synced_fields=[],
            directory_text="",
            password=make_password(None),
            is_active=False,
            is_staff=False,
            is_superuser=False,
            anonymised_at=now,
            departed_at=person.departed_at or now,
        )
        person.groups.clear()
        person.user_permissions.clear()
        file_delete_on_commit(photo)
        with audit_maintenance():
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
            ).update(label=new["last_name"])
        person.refresh_from_db()  # the entry is labelled with the replacement name
        audit_record(person, "parvis.privacy.anonymise", user=by, person=person)
    return person


def _mentions_rewrite(old: dict, new: dict) -> None:
    """Others' texts that @mention the person: the handle and the rendered name replaced (the
    texts themselves are theirs and stay)."""
    new_handle = "@" + new["slug"].replace("-", ".")
    for model, source, rendered in registry.mention_texts:
        pairs = [(source, "@" + old["handle"], new_handle)] if old["handle"] else []
        if rendered and old["name"]:
            pairs.append((rendered, old["name"], new["last_name"]))
        if rendered and old["url"]:
            pairs.append((rendered, old["url"], new["url"]))
        for field, before, after in pairs:
            model._default_manager.filter(**{f"{field}__contains": before}).update(
                **{field: Replace(field, Value(before), Value(after))}
            )


def departed_anonymise(cutoff: datetime) -> int:
    """People who left before `cutoff` and are not anonymised yet (the « departed accounts »
    retention): anonymised one by one, each in its own transaction."""
    count = 0
    for person in User.objects.filter(
        is_active=False, departed_at__lt=cutoff, anonymised_at=None
    ).iterator():
        try:
            person_anonymise(person=person, by=None)
        except Exception:
            logger.exception("anonymisation of %s failed", person.pk)
            continue
        count += 1
    return count

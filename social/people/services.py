"""Changes to people's profiles: by the person (their own fields), by those who manage people
(logged, field by field), and their photos; and services moved in the organisation chart."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from cms.core.audit import audit_record
from cms.core.images import square_portrait
from cms.core.media import file_delete_on_commit

from .directory import service_subtree_ids
from .models import VISIBILITY_DEFAULTS, FieldVisibility, ProfileChange, Service, User
from .permissions import can_move_services, editable_fields

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(sorted(str(item) for item in value))
    return str(value)


def profile_changes_log(
    *, person: User, changed_by: User | None, source: str, changes: dict[str, tuple]
) -> None:
    """Record what someone else changed on `person`'s profile (`changes`: field → (before,
    after)); a person's changes to their own profile are theirs and not logged."""
    if changed_by is not None and changed_by.pk == person.pk:
        return
    now = timezone.now()
    rows = ProfileChange.objects.bulk_create(
        ProfileChange(
            person=person,
            changed_by=changed_by,
            source=source,
            changed_at=now,
            field=name,
            old_value=_shown(before),
            new_value=_shown(after),
        )
        for name, (before, after) in changes.items()
        if _shown(before) != _shown(after)
    )
    if rows:  # the values stay in ProfileChange; the audit log names the fields only
        audit_record(
            person,
            "parvis.profile.change",
            user=changed_by,
            person=person,
            detail=", ".join(row.field for row in rows),
        )


@transaction.atomic
def profile_update(
    *,
    person: User,
    editor: User,
    values: dict,
    skills: Iterable[str] | None = None,
    visibility: dict[str, str] | None = None,
) -> User:
    """Change the fields of `person` that `editor` may change; asking for any other field is
    refused whole (nothing is changed)."""
    allowed = editable_fields(editor, person)
    asked = set(values) | ({"skills"} if skills is not None else set())
    if asked - allowed or (visibility is not None and editor.pk != person.pk):
        raise PermissionDenied
    changes = {}
    for name, value in values.items():
        before = getattr(person, name)
        if before != value:
            changes[name] = (before, value)
            setattr(person, name, value)
    if visibility is not None:
        cleaned = {
            name: level
            for name, level in visibility.items()
            if name in VISIBILITY_DEFAULTS and level in FieldVisibility.values
        }
        if cleaned != person.visibility:
            changes["visibility"] = (person.visibility, cleaned)
            person.visibility = cleaned
    if changes:
        person.save(update_fields=[name for name in changes if name != "skills"])
    if skills is not None:
        names = sorted({name.strip()[:100] for name in skills if name.strip()})
        before = sorted(person.skills.names())
        if names != before:
            person.skills.set(names)
            changes["skills"] = (before, names)
    profile_changes_log(person=person, changed_by=editor, source="Parvis", changes=changes)
    return person


@transaction.atomic
def person_photo_set(*, person: User, editor: User, uploaded: UploadedFile | None) -> User:
    """A new photo (re-encoded, square, without metadata), or none (`uploaded` None). A picture
    refused (cms/core/images.PictureRejected) leaves the old one in place."""
    if "photo" not in editable_fields(editor, person):
        raise PermissionDenied
    cleaned = square_portrait(uploaded) if uploaded is not None else None
    file_delete_on_commit(person.photo)
    if cleaned is None:
        person.photo = ""
        person.save(update_fields=["photo"])
    else:
        person.photo.save(f"{uuid4().hex}.jpg", cleaned, save=False)
        person.save(update_fields=["photo"])
    return person


def service_move(*, service: Service, parent: Service | None, by: User) -> Service:
    """Put `service`, and every service under it, under `parent` (at the top when None).
    Refused, with a reason people read, for someone who may not change services or a parent
    inside the service's own sub-tree. The move is in the service's admin history."""
    if not can_move_services(by):
        raise PermissionDenied
    if parent is not None and parent.pk in service_subtree_ids(service):
        raise ValidationError(
            _("« %(service)s » ne peut pas être placé sous « %(parent)s », qui en dépend.")
            % {"service": service, "parent": parent}
        )
    if service.parent_id == (parent.pk if parent else None):
        return service
    with transaction.atomic():
        service.parent = parent
        service.save(update_fields=["parent"])
        log(instance=service, action="wagtail.edit", user=by)
    return service

"""An HR import from the admin, done by a worker: the file is read (what would change, or the
errors by line), shown, then written once an administrator confirms (imports.py does both).
A file of 50,000 lines takes longer than a request may, and the administrator can leave the
page and come back. Writing is one transaction: a worker killed midway leaves the directory as
it was, and Celery gives the task again (acks late) to the next worker."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .imports import STEPS, ImportRefused, Plan, people_import_apply, people_import_plan
from .models import PeopleImport, User

logger = logging.getLogger(__name__)

SHOWN = 200  # lines of each list kept for the preview
STORED = "imports/people-{token}.csv"
ABANDONED_AFTER = timedelta(days=1)  # a file read and never confirmed
STALLED_AFTER = timedelta(hours=2)  # longer than the broker's redelivery (1 h)
PROGRESS_KEY = "people-import-step:{token}"
Status = PeopleImport.Status


def people_import_start(*, data: bytes, file_name: str, full: bool, by: User) -> PeopleImport:
    """Keep the file, for a worker to read (tasks.py `people_import_check_schedule`)."""
    token = uuid.uuid4()
    stored_as = default_storage.save(STORED.format(token=token.hex), ContentFile(data))
    job = PeopleImport.objects.create(
        token=token, created_by=by, file_name=file_name[:255], stored_as=stored_as, full=full
    )
    return job


def people_import_confirm(job: PeopleImport, *, by: User) -> bool:
    """Mark a file read without errors as confirmed, for a worker to write (tasks.py
    `people_import_run_schedule`); False when it is no longer waiting (confirmed twice,
    abandoned meanwhile)."""
    taken = PeopleImport.objects.filter(pk=job.pk, status=Status.CHECKED).update(
        status=Status.APPLYING, applied_by=by, updated_at=timezone.now()
    )
    return bool(taken)


def people_import_abandon(job: PeopleImport) -> bool:
    if not PeopleImport.objects.filter(pk=job.pk, status=Status.CHECKED).update(
        status=Status.ABANDONED, updated_at=timezone.now()
    ):
        return False
    _forget_file(job)
    return True


def people_import_check(job_id: int) -> str:
    """The worker's reading of a dropped file (idempotent: a file already read is left)."""
    job = PeopleImport.objects.filter(pk=job_id, status=Status.CHECKING).first()
    if job is None:
        return "skipped"
    try:
        plan = people_import_plan(_data(job), full=job.full)
    except ImportRefused as refused:
        return _refuse(job, str(refused))
    job.preview = plan_preview(plan)
    if not plan.is_valid:
        return _refuse(job, "")
    job.status = Status.CHECKED
    job.save(update_fields=["preview", "status", "updated_at"])
    return job.status


def people_import_run(job_id: int) -> str:
    """The worker's writing of a confirmed file. Read again first: the directory may have
    changed since the preview. Given again after a crash, it runs again (nothing was kept)."""
    job = PeopleImport.objects.filter(pk=job_id, status=Status.APPLYING).first()
    if job is None:
        return "skipped"
    key = PROGRESS_KEY.format(token=job.token.hex)
    try:
        plan = people_import_plan(_data(job), full=job.full)
        if not plan.is_valid:
            job.preview = plan_preview(plan)
            return _refuse(job, _("L'annuaire ou le fichier a changé depuis la vérification."))
        counts = people_import_apply(
            plan, by=job.applied_by, progress=lambda step: cache.set(key, step, 3600)
        )
    except ImportRefused as refused:
        return _refuse(job, str(refused))
    except Exception:
        logger.exception("People import %s failed: nothing was written", job.pk)
        job.status = Status.FAILED
        job.message = _(
            "L'import s'est interrompu sur une erreur : rien n'a été modifié. "
            "Réessayez ; si l'erreur revient, prévenez l'équipe informatique."
        )
        job.save(update_fields=["status", "message", "updated_at"])
        return job.status
    finally:
        cache.delete(key)
    job.status, job.counts = Status.DONE, counts
    job.save(update_fields=["status", "counts", "updated_at"])
    _forget_file(job)
    return job.status


def people_import_step(job: PeopleImport) -> tuple[int, int, str] | None:
    """(step number from 1, number of steps, its name) while a worker writes `job`."""
    if job.status != Status.APPLYING:
        return None
    step = cache.get(PROGRESS_KEY.format(token=job.token.hex))
    if step is None:
        return None
    return step + 1, len(STEPS), str(STEPS[step])


def people_imports_sweep(now=None) -> int:
    """Hourly: files read but never confirmed are deleted after a day; an import a worker
    never finished (its process and the broker's redelivery both gone) is said to have
    failed, which is true: its transaction was rolled back. How many were closed."""
    now = now or timezone.now()
    closed = 0
    for job in PeopleImport.objects.filter(
        status=Status.CHECKED, updated_at__lt=now - ABANDONED_AFTER
    ):
        closed += people_import_abandon(job)
    stalled = PeopleImport.objects.filter(
        status__in=[Status.CHECKING, Status.APPLYING], updated_at__lt=now - STALLED_AFTER
    )
    for job in stalled:
        job.status = Status.FAILED
        job.message = _(
            "L'import a été interrompu : rien n'a été modifié. Déposez le fichier à nouveau."
        )
        job.save(update_fields=["status", "message", "updated_at"])
        _forget_file(job)
        closed += 1
    return closed


def plan_preview(plan: Plan) -> dict:
    """What the preview page shows of `plan`, kept as JSON until the import is confirmed."""
    labels = {field.name: str(field.verbose_name) for field in User._meta.get_fields()
              if hasattr(field, "verbose_name")}  # fmt: skip
    return {
        "counts": {
            "created": len(plan.creations),
            "changed": len(plan.changes),
            "unchanged": plan.unchanged,
            "deactivated": len(plan.deactivations),
        },
        "error_count": len(plan.errors),
        "errors": plan.errors[:SHOWN],
        "creations": [
            [
                row.values["employee_number"],
                f"{row.values['last_name']} {row.values['first_name']}",
                row.values.get("job_title", ""),
                row.values.get("service", ""),
            ]
            for row in plan.creations[:SHOWN]
        ],
        "changes": [
            [
                f"{person.employee_number} — {person}",
                [
                    [labels.get(name, name), _shown(before), _shown(after)]
                    for name, (before, after) in changes.items()
                ],
            ]
            for person, _row, changes in plan.changes[:SHOWN]
        ],
        "deactivations": [
            f"{person.employee_number} — {person}" for person in plan.deactivations[:SHOWN]
        ],
    }


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    return str(value)


def _data(job: PeopleImport) -> bytes:
    if not job.stored_as or not default_storage.exists(job.stored_as):
        raise ImportRefused(_("Le fichier n'est plus disponible : déposez-le à nouveau."))
    with default_storage.open(job.stored_as, "rb") as stored:
        return stored.read()


def _refuse(job: PeopleImport, message: str) -> str:
    job.status, job.message = Status.REFUSED, message
    job.save(update_fields=["status", "message", "preview", "updated_at"])
    _forget_file(job)
    return job.status


def _forget_file(job: PeopleImport) -> None:
    if job.stored_as:
        transaction.on_commit(lambda name=job.stored_as: default_storage.delete(name))
        PeopleImport.objects.filter(pk=job.pk).update(stored_as="")
        job.stored_as = ""

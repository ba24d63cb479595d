"""Projects (cms/core/privacy.py): the tasks a person created or was given, in their export;
tasks stay with their project after a departure (they are the service's work)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.core.privacy import (
    Activity,
    DataKind,
    ExportPart,
    register_activity,
    register_data_kind,
    register_export_part,
    register_mention_text,
)

from .models import Task


def task_rows(person):
    tasks = (
        Task.objects.filter(Q(assignees=person) | Q(created_by=person))
        .distinct()
        .select_related("project__group", "column")
        .order_by("pk")
    )
    for task in tasks.iterator(chunk_size=500):
        yield {
            "title": task.title,
            "description": task.description,
            "project": task.project.name,
            "group": task.project.group.name,
            "column": task.column.name,
            "due": task.due_date,
            "created": task.created_at,
            "created_by_me": task.created_by_id == person.pk,
            "checklist": f"{task.checklist_done}/{task.checklist_total}",
        }


def register() -> None:
    register_activity(
        Activity(
            key="projets",
            name=_("Projets et tâches"),
            purpose=_("Organiser et suivre les projets des groupes et des services."),
            legal_basis=_("Mission d'intérêt public (article 6.1.e du RGPD)."),
            data=_(
                "Tâches, personnes assignées, échéances, listes de vérification, historique "
                "des changements."
            ),
            recipients=_("Les membres du groupe qui porte le projet."),
            order=90,
        )
    )
    register_data_kind(
        DataKind(
            key="tasks",
            activity="projets",
            label=_("Tâches et leur historique"),
            days=None,
            kept_for=_("Aussi longtemps que le projet."),
        )
    )
    register_export_part(
        ExportPart(
            name="taches.json",
            description=_("Les tâches qui vous sont assignées ou que vous avez créées."),
            rows=task_rows,
            order=90,
        )
    )
    register_mention_text(Task, "description", "description_html")

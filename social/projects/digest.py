"""What projects give the e-mail digest: the reader's overdue tasks, in projects they may still
see at sending time."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from social.mail.compose import absolute
from social.mail.digest import DigestItem, DigestSection

from .selectors import my_open_tasks

if TYPE_CHECKING:
    from social.people.models import User

TASKS_IN_DIGEST = 8


def overdue_tasks(user: User, since: datetime, now: datetime) -> list[DigestItem]:
    today = timezone.localdate(now)
    tasks = (
        my_open_tasks(user)
        .filter(due_date__lt=today)
        .select_related("project")
        .only("pk", "title", "due_date", "project__name")
        .order_by("due_date", "pk")[:TASKS_IN_DIGEST]
    )
    return [
        DigestItem(
            title=task.title,
            url=absolute(task.get_absolute_url()),
            meta=_("%(project)s, à rendre le %(date)s")
            % {"project": task.project.name, "date": formats.date_format(task.due_date, "j F")},
            highlight=True,
        )
        for task in tasks
    ]


TASKS_SECTION = DigestSection(
    name="tasks",
    title=lambda: _("Vos tâches en retard"),
    order=30,
    collect=overdue_tasks,
    more="projects:mine",
)

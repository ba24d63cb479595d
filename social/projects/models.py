"""Projects and tasks, owned by groups: who may see and change them follows the group's
membership (permissions.py), as its feed and drive do.

A project's board is its columns in order; a task sits in one column at a `position`, a
number with gaps between neighbours (a move takes the middle of the gap, and the column is
renumbered only when a gap runs out). Positions are unique per column, enforced by the
database, so two people moving cards at once can never produce two cards at one place.
A task carries a `version`: a save names the version it was made from, and a save made from an
older one is refused instead of overwriting (services.task_update).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from social import markup
from social.targets import CommentsMode

POSITION_GAP = 1 << 16  # room for sixteen moves between two neighbours before renumbering


class Project(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("En cours")
        PAUSED = "paused", _("En pause")
        DONE = "done", _("Terminé")
        ARCHIVED = "archived", _("Archivé")

    group = models.ForeignKey(
        "groups.Group", verbose_name=_("groupe"), on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField(_("nom"), max_length=120)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_projects",
    )
    # Members chosen to manage it beside the group's administrators and its owner.
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-responsables"),
        blank=True,
        related_name="managed_projects",
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    target_date = models.DateField(_("échéance visée"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Bumped by every change a board shows (services._board_changed): names the cached board,
    # and tells a browser whether the board it shows is still the one on the server.
    board_version = models.PositiveBigIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="projects_name_per_group"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(target_date__isnull=True)
                | Q(target_date__gte=F("start_date")),
                name="projects_target_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:board", args=[self.pk])

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED


class Column(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField(_("nom"), max_length=60)
    position = models.IntegerField(default=0)
    # Tasks placed here are done: they leave « Mes tâches » and are ticked.
    is_done = models.BooleanField(_("tâches terminées"), default=False)

    class Meta:
        verbose_name = _("colonne")
        verbose_name_plural = _("colonnes")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="projects_column_place"),
            models.UniqueConstraint(fields=["project", "name"], name="projects_column_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Label(models.Model):
    class Colour(models.TextChoices):
        # Each is drawn with dark text on a light tint (contrast AA).
        BLUE = "blue", _("Bleu")
        GREEN = "green", _("Vert")
        YELLOW = "yellow", _("Jaune")
        ORANGE = "orange", _("Orange")
        RED = "red", _("Rouge")
        PURPLE = "purple", _("Violet")
        GREY = "grey", _("Gris")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(_("nom"), max_length=40)
    colour = models.CharField(_("couleur"), max_length=8, choices=Colour.choices, default="blue")

    class Meta:
        verbose_name = _("étiquette")
        verbose_name_plural = _("étiquettes")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="projects_label_name")
        ]

    def __str__(self) -> str:
        return self.name


class TaskQuerySet(models.QuerySet):
    def current(self):
        """Tasks on the board (not archived)."""
        return self.filter(archived_at__isnull=True)

    def open(self):
        """Tasks still to do: not archived, not in a « done » column (`completed_at` is set
        exactly while a task is in one: services keep it so, and it spares a join)."""
        return self.current().filter(completed_at__isnull=True)


class Task(models.Model):
    class Priority(models.TextChoices):
        LOW = "low", _("Basse")
        NORMAL = "normal", _("Normale")
        HIGH = "high", _("Haute")
        URGENT = "urgent", _("Urgente")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    column = models.ForeignKey(Column, on_delete=models.PROTECT, related_name="tasks")
    position = models.BigIntegerField()
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    description_html = models.TextField(blank=True, editable=False)
    priority = models.CharField(
        _("priorité"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignée à"),
        blank=True,
        related_name="assigned_tasks",
    )
    labels = models.ManyToManyField(Label, verbose_name=_("étiquettes"), blank=True)
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_tasks"
    )
    blocked_by = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="blocks", verbose_name=_("après")
    )
    # The checklist's progress, kept with the task so that a board reads no checklist.
    checklist_total = models.PositiveSmallIntegerField(default=0, editable=False)
    checklist_done = models.PositiveSmallIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")
        # By place in its column; no join by default (ordered by column where a view needs it).
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["column", "position"], name="projects_task_place"),
        ]
        indexes = [
            models.Index(
                fields=["column", "position"],
                condition=Q(archived_at__isnull=True),
                name="projects_task_board",
            ),
            models.Index(
                fields=["due_date"],
                condition=Q(archived_at__isnull=True, due_date__isnull=False),
                name="projects_task_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:task", args=[self.pk])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def description_safe(self) -> str:
        return markup.sanitise(self.description_html)

    # --- Discussion protocol (social/targets.py) ----------------------------------------
    discussion_kind = "tache"

    @property
    def discussion_mode(self) -> str:
        return CommentsMode.CLOSED if self.project.is_archived else CommentsMode.OPEN

    @property
    def discussion_title(self) -> str:
        return f"{self.project.name} — {self.title}"

    @property
    def discussion_owner_id(self) -> int | None:
        return self.created_by_id

    def discussion_url(self) -> str:
        return self.get_absolute_url()

    @property
    def discussion_group(self):
        """Notifications about this task follow the group's rules."""
        return self.project.group

    def discussion_visible_to(self, user) -> bool:
        from .permissions import can_view_task

        return can_view_task(user, self)

    def discussion_viewers(self):
        from .permissions import project_readers

        return project_readers(self.project)

    def discussion_can_moderate(self, user) -> bool:
        from .permissions import can_manage_project

        return can_manage_project(user, self.project)


class ChecklistItem(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("élément"), max_length=300)
    done = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class TaskAttachment(models.Model):
    """A document of the group's drive joined to a task (the library serves it, with its own
    rights: the drive's, which are the group's)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "knowledge.LibraryDocument", on_delete=models.CASCADE, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "document"], name="projects_attach_once")
        ]

    def __str__(self) -> str:
        return str(self.document)


class TaskLink(models.Model):
    """A page of the intranet named by a task; shown only to readers who may see the page."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="links")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["task", "page"], name="projects_link_once")]

    def __str__(self) -> str:
        return str(self.page_id)


class TaskChange(models.Model):
    """One line of a task's history, self-contained (names copied when it happened)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("a créé la tâche")
        MOVED = "moved", _("a déplacé la tâche")
        TITLE = "title", _("a renommé la tâche")
        DESCRIPTION = "description", _("a modifié la description")
        DUE_DATE = "due_date", _("a changé l'échéance")
        PRIORITY = "priority", _("a changé la priorité")
        ASSIGNEES = "assignees", _("a changé les personnes assignées")
        LABELS = "labels", _("a changé les étiquettes")
        ARCHIVED = "archived", _("a archivé la tâche")
        RESTORED = "restored", _("a restauré la tâche")
        CHECKLIST = "checklist", _("a modifié la liste de contrôle")
        ATTACHMENT = "attachment", _("a joint un document")
        DEPENDENCY = "dependency", _("a changé les dépendances")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    before = models.CharField(max_length=300, blank=True)
    after = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["task", "-created_at"], name="projects_task_history")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind}"

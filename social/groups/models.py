"""Groups: communities by service, by theme, across services or for the social life of the
organisation, each with its members, its feed of posts and its drive (a library folder).

Who may see what is decided in permissions.py, from the group's visibility and the reader's
membership; nothing here re-implements it but the discussion protocol of posts, which asks it.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from social import markup
from social.targets import CommentsMode


class GroupKind(models.TextChoices):
    SERVICE = "service", _("Service")
    THEME = "theme", _("Thématique")
    TRANSVERSE = "transverse", _("Transverse")
    SOCIAL = "social", _("Vie sociale")


class Visibility(models.TextChoices):
    OPEN = "open", _("Ouvert : tout le monde le voit et peut le rejoindre")
    CLOSED = (
        "closed",
        _("Fermé : visible de tous, contenu réservé aux membres, adhésion sur demande"),
    )
    SECRET = "secret", _("Secret : invisible pour les non-membres, adhésion sur invitation")


def _upload_path(folder: str, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"groupes/{folder}/{uuid.uuid4().hex}{suffix}"


def group_image_path(instance, filename: str) -> str:
    return _upload_path("logos", filename)


def post_image_path(instance, filename: str) -> str:
    return _upload_path("images", filename)


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The groups `user` may know of (permissions.visible_group_filter)."""
        from .permissions import visible_group_filter

        return self.filter(visible_group_filter(user))


class Group(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    image = models.ImageField(
        _("image"),
        upload_to=group_image_path,
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    kind = models.CharField(_("type"), max_length=12, choices=GroupKind.choices)
    visibility = models.CharField(
        _("visibilité"), max_length=8, choices=Visibility.choices, default=Visibility.OPEN
    )
    service = models.ForeignKey(
        "people.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communities",
    )
    theme = models.ForeignKey(
        "knowledge.Theme",
        verbose_name=_("thème"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communities",
    )
    members_can_post = models.BooleanField(
        _("les membres publient"),
        default=True,
        help_text=_("Sinon, seuls les administrateurs du groupe publient."),
    )
    members_can_upload = models.BooleanField(
        _("les membres déposent des documents"),
        default=True,
        help_text=_("Sinon, seuls les administrateurs du groupe déposent dans son espace."),
    )
    members_can_create_tasks = models.BooleanField(
        _("les membres créent des tâches"),
        default=True,
        help_text=_(
            "Sinon, seuls les responsables de chaque projet du groupe y créent des tâches ; "
            "les membres déplacent et complètent celles qui existent."
        ),
    )
    folder = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community",
        editable=False,
    )
    # Django groups holding the members (who see the drive) and those who may add to it.
    readers_group = models.OneToOneField(
        "auth.Group", null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaders_group = models.OneToOneField(
        "auth.Group", null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    managers_group = models.OneToOneField(
        "auth.Group", null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.slug])

    @property
    def is_open(self) -> bool:
        return self.visibility == Visibility.OPEN

    @property
    def is_secret(self) -> bool:
        return self.visibility == Visibility.SECRET


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrateur")
        MEMBER = "member", _("Membre")

    class State(models.TextChoices):
        ACTIVE = "active", _("Membre")
        REQUESTED = "requested", _("Demande en attente")
        INVITED = "invited", _("Invitation en attente")

    class Level(models.TextChoices):
        ALL = "all", _("Toutes les publications")
        MENTIONS = "mentions", _("Seulement quand on me mentionne")
        NONE = "none", _("Aucune")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(_("rôle"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(_("état"), max_length=10, choices=State.choices)
    notifications = models.CharField(
        _("notifications"), max_length=8, choices=Level.choices, default=Level.ALL
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="groups_one_membership"),
            models.CheckConstraint(
                condition=Q(state="active") | Q(role="member"), name="groups_admins_are_members"
            ),
        ]
        indexes = [models.Index(fields=["user", "state"], name="groups_membership_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.group} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == self.Role.ADMIN


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Post.Status.PUBLISHED)


class Post(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("Publication")
        QUESTION = "question", _("Question")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Publiée")
        HIDDEN = "hidden", _("Masquée par un administrateur")
        DELETED = "deleted", _("Supprimée")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="group_posts"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.POST)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    link_url = models.CharField(_("lien"), max_length=500, blank=True)
    # The preview of an intranet link (its Open Graph data when posted), shown only to readers
    # who may see the page or document it names (selectors.prepare_posts).
    link_title = models.CharField(max_length=255, blank=True)
    link_description = models.CharField(max_length=300, blank=True)
    link_image = models.CharField(max_length=500, blank=True)
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_document = models.ForeignKey(
        "knowledge.LibraryDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    poll = models.OneToOneField(
        "polls.Poll", null=True, blank=True, on_delete=models.SET_NULL, related_name="group_post"
    )
    answer = models.ForeignKey(
        "comments.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How many images and documents it carries, so that a page of posts without any skips
    # their queries (set when the post is made, emptied when it is deleted).
    image_count = models.PositiveSmallIntegerField(default=0, editable=False)
    document_count = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    pinned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["group", "-created_at", "-id"],
                condition=Q(status="published"),
                name="groups_post_feed",
            ),
            models.Index(
                fields=["group", "-pinned_at"],
                condition=Q(status="published", pinned_at__isnull=False),
                name="groups_post_pinned",
            ),
        ]

    def __str__(self) -> str:

        return markup.to_text(self.body)[:60] or str(_("Publication"))

    def get_absolute_url(self) -> str:
        if "_url" not in self.__dict__:  # a card asks for it several times
            self._url = reverse("groups:post", args=[self.group.slug, self.pk])
        return self._url

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def excerpt(self) -> str:

        return markup.to_text(self.body)[:300]

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @property
    def body_safe(self) -> str:

        return markup.sanitise(self.body_html)

    # --- Discussion protocol (social/targets.py) ----------------------------------------
    discussion_kind = "publication"

    @property
    def discussion_mode(self) -> str:
        return CommentsMode.OPEN if self.is_published else CommentsMode.CLOSED

    @property
    def discussion_title(self) -> str:

        excerpt = markup.to_text(self.body)[:60]
        return f"{self.group.name} — {excerpt}" if excerpt else self.group.name

    @property
    def discussion_owner_id(self) -> int | None:
        return self.author_id

    def discussion_url(self) -> str:
        return self.get_absolute_url()

    def discussion_visible_to(self, user) -> bool:
        from .permissions import can_read_group

        return self.is_published and can_read_group(user, self.group)

    def discussion_viewers(self):
        from .permissions import group_readers

        return group_readers(self.group) if self.is_published else group_readers(None)

    def discussion_can_moderate(self, user) -> bool:
        from .permissions import can_admin_group

        return can_admin_group(user, self.group)

    @property
    def discussion_group(self) -> Group:
        """Notifications about this post follow the group's rules (notifications.notify)."""
        return self.group


class PostImage(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    file = models.ImageField(upload_to=post_image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(null=True)
    height = models.PositiveIntegerField(null=True)
    alt = models.CharField(_("texte alternatif"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt or self.file.name

    def get_absolute_url(self) -> str:
        return reverse("groups:image", args=[self.pk])


class PostAttachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "knowledge.LibraryDocument", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "document"], name="groups_attach_once")
        ]

    def __str__(self) -> str:
        return str(self.document)

"""The people of the collectivité and its organisation (services), as data."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Service(models.Model):
    """A service (direction, service, mission) of the collectivité's organisation chart."""

    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("identifiant"), max_length=150, unique=True)
    acronym = models.CharField(_("sigle"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("service parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        "people.User",
        verbose_name=_("responsable"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_services",
    )
    email = models.EmailField(_("adresse de contact"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        """This service's id and those of every service above it, nearest first."""
        ids: list[int] = []
        service: Service | None = self
        while service is not None and service.pk not in ids:
            ids.append(service.pk)
            service = service.parent
        return ids

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        parent = self.parent
        while parent is not None:
            if parent.pk == self.pk:
                raise ValidationError({"parent": _("Un service ne peut pas dépendre de lui-même.")})
            parent = parent.parent


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: an agent or an elected official (élu)."""

    class Role(models.TextChoices):
        AGENT = "agent", _("Agent")
        ELU = "elu", _("Élu")

    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    office = models.CharField(_("bureau"), max_length=100, blank=True)
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.AGENT)
    is_staff = models.BooleanField(
        _("accès à l'administration"),
        default=False,
        help_text=_("Peut se connecter à l'interface d'administration."),
    )
    is_active = models.BooleanField(
        _("actif"),
        default=True,
        help_text=_("Décochez plutôt que supprimer le compte d'une personne qui part."),
    )
    date_joined = models.DateTimeField(_("date d'arrivée"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="people_user_email_ci_unique"),
        ]
        permissions = [
            ("view_all_audiences", _("Voir tous les contenus, quel que soit leur public")),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def initials(self) -> str:
        """« MD » for Marie Dupont (avatars)."""
        parts = [self.first_name, self.last_name] if self.first_name else [self.email]
        return "".join(part[:1] for part in parts if part).upper()

    @property
    def is_elu(self) -> bool:
        return self.role == self.Role.ELU

    @cached_property
    def service_ids(self) -> list[int]:
        """The user's service and every service above it: news for a direction reach its teams."""
        if self.service_id is None:
            return []
        return self.service.ancestor_ids()

    def get_absolute_url(self) -> str:
        return reverse("people:profile")

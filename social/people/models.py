"""The people of the collectivité and its organisation (services), as data."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase


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
    deputy = models.ForeignKey(
        "people.User",
        verbose_name=_("adjoint ou adjointe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputised_services",
    )
    email = models.EmailField(_("adresse de contact"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)  # the receivers of post_save have asked names_changed
        self._loaded_names = (self.name, self.acronym)

    @classmethod
    def from_db(cls, db, field_names, values):
        service = super().from_db(db, field_names, values)
        service._loaded_names = (service.__dict__.get("name"), service.__dict__.get("acronym"))
        return service

    @property
    def names_changed(self) -> bool:
        """Whether the name or acronym (which people and content are found by) differ from
        those read or last saved; true of a service not read from the database. The save
        signals' receivers ask it (people's directory texts, search's entries)."""
        return getattr(self, "_loaded_names", None) != (self.name, self.acronym)

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


class Site(models.Model):
    """A site of the collectivité (town hall, technical centre, library…) where people work."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(TagBase):
    """A skill or area of expertise (« marchés publics », « premiers secours »)."""

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["name"]


class PersonSkill(ItemBase):
    tag = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="people_items")
    content_object = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_items"
    )

    class Meta:
        verbose_name = _("compétence d'une personne")
        verbose_name_plural = _("compétences des personnes")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="people_skill_once")
        ]


class FieldVisibility(models.TextChoices):
    """Who sees one field of a profile (besides the person and those who manage people)."""

    EVERYONE = "all", _("Tout le monde")
    AGENTS = "agents", _("Les agents seulement")
    SERVICE = "service", _("Mon service")
    NOBODY = "nobody", _("Personne")


# The fields of a profile whose visibility is chosen, and their default. Name, job title and
# service are always shown: they are what a directory is for.
VISIBILITY_DEFAULTS: dict[str, str] = {
    "email": FieldVisibility.EVERYONE,
    "phone": FieldVisibility.EVERYONE,
    "mobile": FieldVisibility.AGENTS,
    "site": FieldVisibility.EVERYONE,
    "office": FieldVisibility.EVERYONE,
    "manager": FieldVisibility.EVERYONE,
    "photo": FieldVisibility.EVERYONE,
    "skills": FieldVisibility.EVERYONE,
    "languages": FieldVisibility.EVERYONE,
    "bio": FieldVisibility.EVERYONE,
    "arrival_date": FieldVisibility.EVERYONE,
    "absence": FieldVisibility.EVERYONE,
    "groups": FieldVisibility.EVERYONE,  # the groups shown on the profile (each by its own rule)
}

# What each person edits on their own profile; identity, job, service, manager and arrival are
# edited by those who manage people (the admin), and synchronised fields by nobody in Parvis.
SELF_EDITABLE_FIELDS = (
    "photo",
    "bio",
    "skills",
    "languages",
    "mobile",
    "office",
    "absence_note",
    "absence_until",
)
MANAGED_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "employee_number",
    "job_title",
    "service",
    "manager",
    "site",
    "phone",
    "arrival_date",
    "role",
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str | None, password: str | None, **extra_fields):
        # People without a work e-mail (field agents) exist too: their address is empty.
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, **extra_fields)
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

    email = models.EmailField(_("adresse électronique"), unique=True, null=True, blank=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=160, unique=True, null=True, blank=True)
    employee_number = models.CharField(
        _("matricule"), max_length=30, unique=True, null=True, blank=True
    )
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    phone = models.CharField(_("téléphone fixe"), max_length=30, blank=True)
    mobile = models.CharField(_("téléphone mobile"), max_length=30, blank=True)
    office = models.CharField(_("bureau"), max_length=100, blank=True)
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("responsable hiérarchique"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    arrival_date = models.DateField(_("date d'arrivée dans la collectivité"), null=True, blank=True)
    bio = models.TextField(_("présentation"), max_length=1000, blank=True)
    languages = models.CharField(_("langues parlées"), max_length=200, blank=True)
    absence_note = models.CharField(_("message d'absence"), max_length=200, blank=True)
    absence_until = models.DateField(_("absent jusqu'au"), null=True, blank=True)
    photo = models.FileField(_("photo"), upload_to="people/photos/", blank=True, max_length=200)
    visibility = models.JSONField(_("visibilité des champs"), default=dict, blank=True)
    synced_from = models.CharField(
        _("synchronisé depuis"),
        max_length=100,
        blank=True,
        help_text=_("L'annuaire ou l'import RH d'où viennent certains champs de ce profil."),
    )
    synced_fields = models.JSONField(_("champs synchronisés"), default=list, blank=True)
    # Name, job, service, skills… folded (lower case, no accents): what the directory searches.
    directory_text = models.TextField(default="", blank=True, editable=False)
    skills = TaggableManager(
        verbose_name=_("compétences"),
        through=PersonSkill,
        blank=True,
        help_text=_("Séparées par des virgules : marchés publics, premiers secours…"),
    )
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
    # Departure (deactivation) and anonymisation, when they happened (social/privacy/).
    departed_at = models.DateTimeField(_("parti le"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True, editable=False)

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
        indexes = [models.Index(fields=["is_active", "last_name"], name="people_active_name")]
        permissions = [
            ("view_all_audiences", _("Voir tous les contenus, quel que soit leur public")),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower() or None

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = self._free_slug()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def _free_slug(self) -> str:
        others = type(self).objects.exclude(pk=self.pk)
        base = slugify(self.get_full_name())[:150] or "personne"
        taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
        return self._free_slug_among(taken)

    def _free_slug_among(self, taken: set[str]) -> str:
        """« camille-duval », or « camille-duval-2 » if that one is in `taken`…"""
        base = slugify(self.get_full_name())[:150] or "personne"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email or self.last_name

    def visibility_of(self, field: str) -> str:
        return self.visibility.get(field) or VISIBILITY_DEFAULTS[field]

    @property
    def is_absent(self) -> bool:
        if not self.absence_note:
            return False
        return self.absence_until is None or self.absence_until >= timezone.localdate()

    @property
    def initials(self) -> str:
        """« MD » for Marie Dupont (avatars)."""
        parts = (
            [self.first_name, self.last_name]
            if self.first_name
            else [self.last_name or self.email or "?"]
        )
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
        return (
            reverse("people:person", args=[self.slug]) if self.slug else reverse("people:profile")
        )


class ProfileChange(models.Model):
    """One change made to a person's profile by someone else (the admin, an import): who,
    when, what, before and after."""

    person = models.ForeignKey(
        User, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="profile_changes"
    )
    changed_by = models.ForeignKey(
        User,
        verbose_name=_("modifié par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("origine"), max_length=100, blank=True)
    changed_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    field = models.CharField(_("champ"), max_length=100)
    old_value = models.TextField(_("avant"), blank=True)
    new_value = models.TextField(_("après"), blank=True)

    class Meta:
        verbose_name = _("modification de profil")
        verbose_name_plural = _("modifications de profils")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} · {self.field}"


class PeopleImport(models.Model):
    """An HR export dropped in the admin, read and then written by a worker (a file of 50,000
    lines takes longer than a request may): what it would change, then what it changed. The
    file waits in private storage until it is imported or abandoned."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Lecture du fichier")
        CHECKED = "checked", _("Prêt à importer")
        REFUSED = "refused", _("Fichier refusé")
        APPLYING = "applying", _("Import en cours")
        DONE = "done", _("Importé")
        FAILED = "failed", _("Échec, rien n'a été modifié")
        ABANDONED = "abandoned", _("Abandonné")

    token = models.UUIDField(_("identifiant"), unique=True, editable=False)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("déposé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("déposé le"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    file_name = models.CharField(_("fichier"), max_length=255)
    stored_as = models.CharField(max_length=255, blank=True)  # in default_storage; "" once gone
    full = models.BooleanField(_("import complet"), default=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    # What the reading found: counts, the first lines of each list, the errors
    preview = models.JSONField(default=dict, blank=True)
    # What the import wrote: {"created": n, "changed": n, "unchanged": n, "deactivated": n}
    counts = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    applied_by = models.ForeignKey(
        User,
        verbose_name=_("confirmé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import de personnes")
        verbose_name_plural = _("imports de personnes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def working(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)

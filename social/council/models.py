"""Élus' mandates and delegations; the conseil municipal and commissions with their members
(élus) and referents (agents); meetings with agenda, convocation and minutes; deliberations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from social.people.models import Service


class Mandate(models.Model):
    class Kind(models.TextChoices):
        MAYOR = "maire", _("Maire")
        DEPUTY = "adjoint", _("Adjoint au maire")
        DELEGATE = "delegue", _("Conseiller municipal délégué")
        COUNCILLOR = "conseiller", _("Conseiller municipal")
        COMMUNITY = "communautaire", _("Conseiller communautaire")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("élu"),
        on_delete=models.CASCADE,
        related_name="mandates",
        limit_choices_to={"role": "elu"},
    )
    kind = models.CharField(_("mandat"), max_length=20, choices=Kind.choices)
    title = models.CharField(
        _("intitulé"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « Adjointe déléguée à l'éducation »."),
    )
    delegation = models.CharField(_("délégation"), max_length=300, blank=True)
    services = models.ManyToManyField(
        Service,
        verbose_name=_("services concernés par la délégation"),
        blank=True,
        related_name="delegated_mandates",
    )
    started_on = models.DateField(_("début"))
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre du tableau"), default=100)

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["order", "started_on"]

    def __str__(self) -> str:
        return f"{self.person} — {self.label}"

    @property
    def label(self) -> str:
        return self.title or str(self.get_kind_display())

    @property
    def is_current(self) -> bool:
        return self.ended_on is None or self.ended_on >= timezone.localdate()


class Commission(ClusterableModel):
    class Kind(models.TextChoices):
        COUNCIL = "conseil", _("Conseil municipal")
        COMMISSION = "commission", _("Commission")

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=150, unique=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.COMMISSION)
    description = models.TextField(_("description"), blank=True)
    publishes_to_agents = models.BooleanField(
        _("publier aux agents"),
        default=True,
        help_text=_(
            "Les agents voient la composition, les séances publiées et leurs documents publics."
        ),
    )
    folder = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("dossier des membres"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    public_folder = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("dossier public"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("council:commission", args=[self.slug])


class CommissionMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "president", _("Président")
        VICE_CHAIR = "vice", _("Vice-président")
        MEMBER = "membre", _("Membre")
        REFERENT = "referent", _("Référent des services")

    commission = ParentalKey(Commission, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="commission_memberships",
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    panels = [FieldPanel("person"), FieldPanel("role")]

    class Meta:
        verbose_name = _("membre de commission")
        verbose_name_plural = _("membres de commissions")
        ordering = ["role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "person"], name="council_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Meeting(ClusterableModel):
    commission = models.ForeignKey(
        Commission, verbose_name=_("commission"), on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("date et heure"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    convocation = models.ForeignKey(
        "knowledge.LibraryDocument",
        verbose_name=_("convocation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes = models.ForeignKey(
        "knowledge.LibraryDocument",
        verbose_name=_("compte rendu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published = models.BooleanField(
        _("publiée aux agents"),
        default=False,
        help_text=_("Si la commission publie aux agents : la séance et son ordre du jour."),
    )

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.commission} — {timezone.localtime(self.starts_at):%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("council:meeting", args=[self.pk])


class Deliberation(models.Model):
    class Result(models.TextChoices):
        ADOPTED = "adoptee", _("Adoptée")
        UNANIMOUS = "unanimite", _("Adoptée à l'unanimité")
        REJECTED = "rejetee", _("Rejetée")
        WITHDRAWN = "retiree", _("Retirée")

    meeting = ParentalKey(
        Meeting, verbose_name=_("séance"), on_delete=models.CASCADE, related_name="deliberations"
    )
    number = models.CharField(_("numéro"), max_length=30)
    title = models.CharField(_("objet"), max_length=300)
    summary = models.TextField(_("résumé"), blank=True)
    adopted_on = models.DateField(_("date"))
    votes_for = models.PositiveSmallIntegerField(_("pour"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("contre"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    result = models.CharField(_("résultat"), max_length=10, choices=Result.choices)
    document = models.ForeignKey(
        "knowledge.LibraryDocument",
        verbose_name=_("délibération (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published = models.BooleanField(_("publiée"), default=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("adopted_on"),
        FieldPanel("votes_for"),
        FieldPanel("votes_against"),
        FieldPanel("abstentions"),
        FieldPanel("result"),
        FieldPanel("document"),
        FieldPanel("published"),
    ]

    class Meta:
        verbose_name = _("délibération")
        verbose_name_plural = _("délibérations")
        ordering = ["-adopted_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="council_deliberation_number_once"),
            models.CheckConstraint(condition=~Q(number=""), name="council_deliberation_numbered"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("council:meeting", args=[self.meeting_id]) + f"#deliberation-{self.pk}"

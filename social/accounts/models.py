from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class SignInEvent(models.Model):
    """One line of the sign-in log: who, how, from where, and what happened."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Connexion")
        FAILED = "failed", _("Échec de connexion")
        LOCKED_OUT = "locked_out", _("Connexion bloquée après trop d'échecs")
        SIGNED_OUT = "signed_out", _("Déconnexion")
        SECOND_FACTOR_PASSED = "mfa_passed", _("Second facteur validé")
        SECOND_FACTOR_FAILED = "mfa_failed", _("Second facteur refusé")
        SECOND_FACTOR_ADDED = "mfa_added", _("Second facteur ajouté")
        SECOND_FACTOR_REMOVED = "mfa_removed", _("Second facteur retiré")
        RECOVERY_CODES = "recovery_codes", _("Nouveaux codes de secours")
        SESSION_REVOKED = "session_revoked", _("Session fermée à distance")
        ACTIVATION_CODE_ISSUED = "code_issued", _("Code d'activation remis")
        ACCOUNT_ACTIVATED = "activated", _("Compte activé")
        ACCOUNT_LOCKED = "account_locked", _("Compte bloqué (code personnel)")

    class Method(models.TextChoices):
        PASSWORD = "password", _("Mot de passe")
        TOTP = "totp", _("Application d'authentification")
        RECOVERY_CODE = "recovery", _("Code de secours")
        SECURITY_KEY = "security_key", _("Clé de sécurité")
        SESSION = "session", _("Session")
        SINGLE_SIGN_ON = "sso", _("Authentification unique (SSO)")
        DIRECTORY = "ldap", _("Annuaire LDAP")
        PIN = "pin", _("Code personnel (PIN)")
        ACTIVATION_CODE = "activation", _("Code d'activation")
        QR_CODE = "qr", _("Code QR à usage unique")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_in_events",
        verbose_name=_("personne"),
    )
    identifier = models.CharField(_("identifiant saisi"), max_length=254, blank=True)
    kind = models.CharField(_("événement"), max_length=20, choices=Kind.choices)
    method = models.CharField(_("moyen"), max_length=20, choices=Method.choices, blank=True)
    address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=300, blank=True)
    detail = models.CharField(_("détail"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("événement de connexion")
        verbose_name_plural = _("journal des connexions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="signin_user_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.identifier or self.user_id}"


class UserSession(models.Model):
    """A signed-in browser, as its owner sees it in « Mon compte › Sécurité » and may close it.

    The session itself lives in Django's session store under `session_key`; this row says
    where it was opened and when it was last used."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user_id} — {self.last_seen_at:%Y-%m-%d %H:%M}"


class ExternalIdentity(models.Model):
    """A person as a single sign-on provider knows them: its stable subject (`sub`), never the
    e-mail alone, finds them again at each sign-in."""

    provider = models.CharField(max_length=40)
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="one_person_per_subject")
        ]

    def __str__(self):
        return f"{self.provider}:{self.subject}"


class FieldAccount(models.Model):
    """How a field agent without a work mailbox signs in: a login identifier (prénom.nom or
    matricule), a PIN or a password chosen with an activation code, and a strict lockout."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="field_account"
    )
    login = models.CharField(_("identifiant"), max_length=80, unique=True)
    pin = models.CharField(max_length=128, blank=True)  # hashed, as passwords are
    failures = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.login


class ActivationCode(models.Model):
    """A single-use code printed by HR or the person's manager: it lets the person choose their
    PIN or password (first sign-in, forgotten PIN, lockout). Only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation_codes"
    )
    code_hash = models.CharField(max_length=128)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user_id} — {self.created_at:%Y-%m-%d}"


class KioskDevice(models.Model):
    """A shared tablet (a depot, a school, a canteen), registered by an administrator: whoever
    signs in there is signed out after a few idle minutes or when the next person signs in, the
    browser keeps no session, and the administration, settings and reserved files stay closed."""

    name = models.CharField(_("nom"), max_length=100)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    idle_minutes = models.PositiveSmallIntegerField(
        _("déconnexion après (minutes d'inactivité)"), default=5
    )
    active = models.BooleanField(_("active"), default=True)
    key = models.CharField(max_length=64, editable=False, blank=True)
    enrolment_key = models.CharField(max_length=64, editable=False, blank=True)
    enrolled_at = models.DateTimeField(_("installée le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("borne partagée")
        verbose_name_plural = _("bornes partagées")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.place})" if self.place else self.name

    def installation(self):
        """The administration's link to the page that installs this device on a tablet."""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("parvis_kiosk_install_link", args=[self.pk]),
            _("Lien d'installation"),
        )

    installation.short_description = _("installation")


class QrSignIn(models.Model):
    """A one-time sign-in shown as a QR code on a supervisor's screen, for a field agent to scan
    with the device they will use: valid two minutes, once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qr_sign_ins"
    )
    nonce = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user_id} — {self.created_at:%Y-%m-%d %H:%M}"

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .audience import Audience
from .models import VISIBILITY_DEFAULTS, FieldVisibility, Service, Site, User
from .validators import validate_phone

VISIBILITY_LABELS = {
    "email": _("Qui voit mon adresse électronique"),
    "phone": _("Qui voit mon téléphone fixe"),
    "mobile": _("Qui voit mon téléphone mobile"),
    "site": _("Qui voit mon site"),
    "office": _("Qui voit mon bureau"),
    "manager": _("Qui voit mon responsable"),
    "photo": _("Qui voit ma photo"),
    "skills": _("Qui voit mes compétences"),
    "languages": _("Qui voit mes langues"),
    "bio": _("Qui voit ma présentation"),
    "arrival_date": _("Qui voit ma date d'arrivée"),
    "absence": _("Qui voit mon message d'absence"),
    "groups": _("Qui voit mes groupes sur mon profil"),
}


class AudiencePageForm(WagtailAdminPageForm):
    """Page form for anything with an audience: an audience of services must name one."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("audience") == Audience.SERVICES and not cleaned_data.get(
            "audience_services"
        ):
            self.add_error("audience_services", _("Choisissez au moins un service destinataire."))
        return cleaned_data


class LoginForm(AuthenticationForm):
    """Email (or a field agent's identifier) and password or PIN. Failed attempts are limited
    at `authenticate()` (social/people/lockout.py), for this form and every other login."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Identifiant ou mot de passe incorrect. Vérifiez-les et réessayez."),
        "inactive": _("Ce compte est désactivé. Adressez-vous au service informatique."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Field agents without a mailbox sign in with an identifier (prénom.nom, matricule).
        self.fields["username"].label = _("Adresse électronique ou identifiant")
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "off"}
        )
        self.fields["password"].label = _("Mot de passe")


class ProfileForm(forms.Form):
    """What a person edits on their own profile, and who sees each field."""

    photo = forms.FileField(
        label=_("Nouvelle photo"),
        required=False,
        help_text=_("JPEG, PNG ou WebP, 10 Mo au plus. Elle est recadrée en carré."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_remove = forms.BooleanField(label=_("Retirer ma photo"), required=False)
    bio = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    skills = forms.CharField(
        label=_("Compétences"),
        required=False,
        max_length=1000,
        help_text=_("Séparées par des virgules : marchés publics, premiers secours…"),
    )
    languages = forms.CharField(label=_("Langues parlées"), required=False, max_length=200)
    mobile = forms.CharField(
        label=_("Téléphone mobile professionnel"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    office = forms.CharField(label=_("Bureau"), required=False, max_length=100)
    absence_note = forms.CharField(
        label=_("Message d'absence"),
        required=False,
        max_length=200,
        help_text=_("Par exemple : « En congé, contactez Marc Petit pour la paie »."),
    )
    absence_until = forms.DateField(
        label=_("Absent jusqu'au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        for name in VISIBILITY_DEFAULTS:
            self.fields[f"visibility_{name}"] = forms.ChoiceField(
                label=VISIBILITY_LABELS[name],
                choices=FieldVisibility.choices,
                initial=person.visibility_of(name),
                required=False,  # not sent: kept as it is
            )
        if not self.is_bound:
            for name in ("bio", "languages", "mobile", "office", "absence_note", "absence_until"):
                self.fields[name].initial = getattr(person, name)
            self.fields["skills"].initial = ", ".join(sorted(person.skills.names()))

    def clean_mobile(self):
        return validate_phone(self.cleaned_data["mobile"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("absence_until") and not cleaned.get("absence_note"):
            self.add_error("absence_note", _("Écrivez le message que vos collègues verront."))
        return cleaned

    def visibility(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(f"visibility_{name}") or self.person.visibility_of(name)
            for name in VISIBILITY_DEFAULTS
        }

    def skill_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["skills"].split(",") if name.strip()]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nom, fonction, service, compétence ou numéro"), required=False, max_length=100
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Tous les services"),
    )
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.all(),
        required=False,
        empty_label=_("Tous les sites"),
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        required=False,
        choices=[("", _("Agents et élus")), *User.Role.choices],
    )
    competence = forms.SlugField(required=False, widget=forms.HiddenInput)
    lettre = forms.CharField(required=False, max_length=1, widget=forms.HiddenInput)

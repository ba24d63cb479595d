from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"),
        max_length=20,
        help_text=_("Les 6 chiffres affichés par votre application, ou un code de secours."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code à 6 chiffres affiché par l'application"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ActivationForm(forms.Form):
    login = forms.CharField(
        label=_("Identifiant"),
        max_length=80,
        help_text=_("Il figure sur la feuille remise par votre responsable ou les RH."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "off"}),
    )
    code = forms.CharField(
        label=_("Code d'activation"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


# Runs of digits, up or down: too easy to guess as a PIN.
SEQUENCES = "0123456789876543210"


class ChooseSecretForm(forms.Form):
    """A six-digit PIN (simple on a shared tablet), or a password."""

    kind = forms.ChoiceField(
        label=_("Je choisis"),
        choices=[("pin", _("un code personnel à 6 chiffres")), ("password", _("un mot de passe"))],
        widget=forms.RadioSelect,
        initial="pin",
    )
    secret = forms.CharField(
        label=_("Code personnel ou mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    again = forms.CharField(
        label=_("Confirmation"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        secret, again = data.get("secret", ""), data.get("again", "")
        if secret and again and secret != again:
            self.add_error("again", _("Les deux saisies ne sont pas identiques."))
        elif secret and data.get("kind") == "pin":
            if not (secret.isdigit() and len(secret) == 6):
                self.add_error("secret", _("Le code personnel compte exactement 6 chiffres."))
            elif len(set(secret)) == 1 or secret in SEQUENCES:
                self.add_error(
                    "secret", _("Ce code est trop facile à deviner : choisissez-en un autre.")
                )
        elif secret:
            try:
                password_validation.validate_password(secret, self.user)
            except ValidationError as error:
                self.add_error("secret", error)
        return data

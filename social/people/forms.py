from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .audience import Audience


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
    """Email and password. Failed attempts are limited at `authenticate()`
    (social/people/lockout.py), for this form and every other login."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Vérifiez-les et réessayez."
        ),
        "inactive": _("Ce compte est désactivé. Adressez-vous au service informatique."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Adresse électronique")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "inputmode": "email"}
        )
        self.fields["password"].label = _("Mot de passe")

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .audience import Audience
from .throttle import LoginThrottle


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
    """Email and password, with failed attempts limited per account and per address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Vérifiez-les et réessayez."
        ),
        "inactive": _("Ce compte est désactivé. Adressez-vous au service informatique."),
        "throttled": _(
            "Trop de tentatives de connexion infructueuses. Réessayez dans %(minutes)s minutes."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Adresse électronique")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "inputmode": "email"}
        )
        self.fields["password"].label = _("Mot de passe")

    def clean(self):
        throttle = LoginThrottle(self.request, self.data.get("username", ""))
        if throttle.is_blocked():
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW // 60)},
            )
        try:
            cleaned_data = super().clean()
        except forms.ValidationError:
            throttle.record_failure()
            raise
        throttle.reset()
        return cleaned_data

from django import forms
from django.utils.translation import gettext_lazy as _


class ArticleFeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        label=_("Cette page vous a-t-elle été utile ?"),
        choices=[("oui", _("Oui")), ("non", _("Non"))],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": _("Répondez par oui ou par non.")},
    )
    comment = forms.CharField(
        label=_("Un commentaire pour les rédacteurs (facultatif)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("1 000 caractères au plus.")},
    )

"""Wagtail admin forms for people: the fields Parvis adds to the user (service, role, job
title, manager, site, phones…). Those synchronised from a directory or an HR import are shown
but cannot be changed here (their source says where to change them)."""

from django.utils.translation import gettext_lazy as _

from wagtail.users.forms import UserCreationForm, UserEditForm

PARVIS_FIELDS = {
    "service",
    "role",
    "job_title",
    "phone",
    "mobile",
    "office",
    "site",
    "manager",
    "arrival_date",
    "employee_number",
}


class PersonFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Field agents may have no work e-mail: they are in the directory all the same.
        if "email" in self.fields:
            self.fields["email"].required = False
        synced = set(self.instance.synced_fields or []) if self.instance.pk else set()
        for name in synced & set(self.fields):
            self.fields[name].disabled = True
            self.fields[name].help_text = _(
                "Synchronisé depuis %(source)s : modifiable là-bas."
            ) % {"source": self.instance.synced_from or _("l'annuaire")}

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        return email or None


class PersonCreationForm(PersonFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | PARVIS_FIELDS


class PersonEditForm(PersonFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | PARVIS_FIELDS

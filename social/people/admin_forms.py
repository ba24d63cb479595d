"""Wagtail admin forms for people: the fields Parvis adds to the user (service, role...)."""

from wagtail.users.forms import UserCreationForm, UserEditForm

PARVIS_FIELDS = {"service", "role", "job_title", "phone", "office"}


class PersonCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | PARVIS_FIELDS


class PersonEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | PARVIS_FIELDS

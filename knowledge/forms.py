from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm

from .library import filetypes


class ArticleFeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        label=_("Cette page vous a-t-elle été utile ?"),
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


class LibraryDocumentAdminForm(BaseDocumentForm):
    """Wagtail's document form, with the library's rules: a file is judged by its content,
    stored under a clean name, and the file it replaces is kept as an earlier version."""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        if "themes" in self.fields:
            self.fields["themes"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["themes"].choices
            )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not isinstance(uploaded, UploadedFile):  # no new file: the stored one stays
            return uploaded
        try:
            kind = filetypes.inspect(uploaded, uploaded.name)
        except filetypes.Rejected as rejected:
            raise forms.ValidationError(rejected.message) from None
        uploaded.name = filetypes.sanitise_filename(uploaded.name, kind.extension)
        return uploaded

    def save(self, commit=True):
        # Wagtail deletes the replaced file here; Parvis keeps it as the previous version.
        self.original_file = None
        if "file" in self.changed_data and self.user is not None:
            self.instance.file_updated_by = self.user
        return super().save(commit=commit)

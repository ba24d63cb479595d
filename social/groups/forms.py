from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge.models import Theme
from social.people.models import Service

from .models import Group, GroupKind, Visibility
from .services import MAX_DOCUMENTS, MAX_IMAGES

IMAGE_ACCEPT = "image/png,image/jpeg,image/webp"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class GroupForm(forms.ModelForm):
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("PNG, JPEG ou WebP. Facultative."),
    )

    class Meta:
        model = Group
        fields = [
            "name",
            "description",
            "kind",
            "visibility",
            "service",
            "theme",
            "members_can_post",
            "members_can_upload",
            "members_can_create_tasks",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "kind": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = GroupKind.choices
        self.fields["visibility"].choices = Visibility.choices
        self.fields["service"].queryset = Service.objects.order_by("name")
        self.fields["theme"].queryset = Theme.objects.order_by("name")
        self.fields["service"].help_text = _("Pour un groupe de service.")
        self.fields["theme"].help_text = _("Pour un groupe thématique.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == GroupKind.SERVICE and not cleaned.get("service"):
            self.add_error("service", _("Choisissez le service de ce groupe."))
        if cleaned.get("kind") == GroupKind.THEME and not cleaned.get("theme"):
            self.add_error("theme", _("Choisissez le thème de ce groupe."))
        return cleaned

    def validate_unique(self):
        """Names are checked by the service (case-insensitively), with a clearer message."""


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
        help_text=_("**gras**, *italique*, listes, liens ; @prenom.nom pour mentionner un membre."),
    )
    question = forms.BooleanField(
        label=_("C'est une question (vous choisirez la meilleure réponse)"), required=False
    )
    link_url = forms.CharField(
        label=_("Lien"),
        required=False,
        max_length=500,
        help_text=_("Une page de l'intranet s'affiche avec son aperçu."),
    )
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("Rangés dans l'espace documentaire du groupe. %(max)d au plus.")
        % {"max": MAX_DOCUMENTS},
    )
    poll_question = forms.CharField(label=_("Question du sondage"), required=False, max_length=300)
    poll_choices = forms.CharField(
        label=_("Réponses proposées, une par ligne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    poll_multiple = forms.BooleanField(label=_("Plusieurs réponses possibles"), required=False)

    image_slots = range(MAX_IMAGES)

    def poll(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("poll_question") and not data.get("poll_choices"):
            return None
        return {
            "question": data.get("poll_question", ""),
            "choices": (data.get("poll_choices") or "").splitlines(),
            "multiple": data.get("poll_multiple", False),
        }


def posted_images(request) -> list[tuple]:
    """(file, alt) pairs from the image slots of the post form (image-0, alt-0 …)."""
    pairs = []
    for slot in range(MAX_IMAGES + 2):  # a crafted form with more slots is refused, not cut
        uploaded = request.FILES.get(f"image-{slot}")
        if uploaded is not None:
            pairs.append((uploaded, request.POST.get(f"alt-{slot}", "")))
    return pairs

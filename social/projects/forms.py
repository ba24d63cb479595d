"""The forms of projects and tasks: they parse and describe fields; every rule of who may do
what, and every check that needs the database, is in services.py."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Label, Project, Task
from .permissions import assignable_people, assignable_people_of_group


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    status = forms.ChoiceField(
        label=_("État"),
        choices=[c for c in Project.Status.choices if c[0] != Project.Status.ARCHIVED],
        required=False,
    )
    start_date = forms.DateField(
        label=_("Début"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    target_date = forms.DateField(
        label=_("Échéance visée"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    managers = PersonChoiceField(
        label=_("Co-responsables"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Avec vous et les administrateurs du groupe, ils gèrent les colonnes, les "
            "étiquettes et l'archivage."
        ),
    )

    def __init__(self, *args, group, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["managers"].queryset = assignable_people_of_group(group).order_by(
            "first_name", "last_name"
        )
        if not editing:
            del self.fields["status"]

    def clean(self):
        cleaned = super().clean()
        start, target = cleaned.get("start_date"), cleaned.get("target_date")
        if start and target and target < start:
            self.add_error("target_date", _("L'échéance visée ne peut précéder le début."))
        return cleaned

    @classmethod
    def initial_for(cls, project: Project) -> dict:
        return {
            "name": project.name,
            "description": project.description,
            "status": project.status,
            "start_date": project.start_date,
            "target_date": project.target_date,
            "managers": list(project.managers.all()),
        }


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("**gras**, *italique*, [lien](https://…), @identifiant pour mentionner."),
    )
    column = forms.ModelChoiceField(label=_("Colonne"), queryset=None, empty_label=None)
    assignees = PersonChoiceField(
        label=_("Assignée à"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les membres du groupe seulement."),
    )
    due_date = forms.DateField(
        label=_("Échéance"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    priority = forms.ChoiceField(
        label=_("Priorité"),
        choices=Task.Priority.choices,
        initial=Task.Priority.NORMAL,
        required=False,
    )
    labels = forms.ModelMultipleChoiceField(
        label=_("Étiquettes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, project: Project, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = project.columns.order_by("position")
        self.fields["assignees"].queryset = assignable_people(project).order_by(
            "first_name", "last_name"
        )
        self.fields["labels"].queryset = project.labels.order_by("name")
        self.fields["description"].widget.attrs["data-mention-url"] = (
            f"{reverse('comments:mentions')}?cible=projet-{project.pk}"
        )
        if editing:
            del self.fields["column"]  # a task moves on the board, not in its form

    @classmethod
    def initial_for(cls, task: Task) -> dict:
        return {
            "title": task.title,
            "description": task.description,
            "assignees": list(task.assignees.all()),
            "due_date": task.due_date,
            "priority": task.priority,
            "labels": list(task.labels.all()),
            "version": task.version,
        }


class LabelForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=40)
    colour = forms.ChoiceField(label=_("Couleur"), choices=Label.Colour.choices)


class ColumnForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=60)
    is_done = forms.BooleanField(label=_("Les tâches placées ici sont terminées"), required=False)

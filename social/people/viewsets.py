from django.shortcuts import redirect

from wagtail.users.views.groups import DeleteView as WagtailGroupDeleteView
from wagtail.users.views.groups import GroupViewSet as WagtailGroupViewSet
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from cms.core.deletion import deletion_refused

from .admin_forms import PersonCreationForm, PersonEditForm
from .services import profile_changes_log


class PersonEditView(WagtailUserEditView):
    """Wagtail's edit view; each field changed on someone else's profile is logged."""

    def save_instance(self):
        before = {
            name: self.form.initial.get(name)
            for name in self.form.changed_data
            if name in self.form.fields
        }
        instance = super().save_instance()
        changes = {
            name: (_display(self.form, name, before[name]), getattr(instance, name))
            for name in before
            if not name.startswith("password") and name not in ("groups",)
        }
        profile_changes_log(
            person=instance, changed_by=self.request.user, source="administration", changes=changes
        )
        return instance


def _display(form, name, value):
    """A field's earlier value as people read it (a service's name, not its id)."""
    field = form.fields[name]
    queryset = getattr(field, "queryset", None)
    if queryset is not None and value:
        return queryset.filter(pk=value).first()
    return value


class UserViewSet(WagtailUserViewSet):
    """Wagtail's people admin, with the service and role that decide what each person sees."""

    edit_view_class = PersonEditView

    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm


class GroupDeleteView(WagtailGroupDeleteView):
    """A group that a service's library folder needs (its members) is kept, and the
    administrator told why, before any confirmation (cms/core/deletion.py)."""

    def run_before_hook(self):
        # Runs once permission is checked, before the confirmation page and the deletion alike.
        if deletion_refused(self.request, [self.object]):
            return redirect(self.get_success_url())
        return super().run_before_hook()


class GroupViewSet(WagtailGroupViewSet):
    delete_view_class = GroupDeleteView

from django.shortcuts import redirect

from wagtail.users.views.groups import DeleteView as WagtailGroupDeleteView
from wagtail.users.views.groups import GroupViewSet as WagtailGroupViewSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from cms.core.deletion import deletion_refused

from .admin_forms import PersonCreationForm, PersonEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's people admin, with the service and role that decide what each person sees."""

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

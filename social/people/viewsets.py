from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .admin_forms import PersonCreationForm, PersonEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's people admin, with the service and role that decide what each person sees."""

    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm

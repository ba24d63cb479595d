from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "social.groups"
    label = "groups"
    verbose_name = _("Groupes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from knowledge.search_index import register_search_source
        from social.people.scope import register_scope_part
        from social.targets import register_discussion_target

        from . import signals
        from .models import Group, Post
        from .permissions import memberships_of

        signals.connect()
        register_discussion_target(
            Post.discussion_kind,
            lambda pk: Post.objects.select_related("group").filter(pk=pk).first(),
        )
        register_scope_part(
            "groups",
            lambda user: (
                f"group:{group_id}:{state}:{role}"
                for group_id, (state, role) in memberships_of(user).items()
            ),
        )
        register_search_source(Group)
        register_search_source(Post)

from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "social.groups"
    label = "groups"
    verbose_name = _("Groupes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import privacy

        privacy.register()
        from cms.core.generations import register_personal
        from knowledge.search.sources import (
            register_search_keys,
            register_search_kind,
            register_search_source,
        )
        from social.notifications.services import register_subject_rule
        from social.people.scope import register_scope_part
        from social.people.sections import register_profile_section
        from social.polls.models import register_poll_place
        from social.targets import register_discussion_target, register_mention_place

        from . import signals
        from .models import Post
        from .notifications import GROUP_SUBJECT_RULE
        from .permissions import (
            group_writers_readers,
            membership_generation,
            memberships_of,
            readable_polls_filter,
        )
        from .profile import PROFILE_SECTIONS
        from .search import GROUP_KINDS, GROUP_SOURCE, POST_SOURCE, group_search_keys

        signals.connect()
        register_discussion_target(
            Post.discussion_kind,
            lambda pk: Post.objects.select_related("group").filter(pk=pk).first(),
        )
        register_mention_place("groupe", group_writers_readers)
        register_poll_place(Q(group_post__isnull=False), readable_polls_filter)
        register_scope_part(
            "groups",
            lambda user: (
                f"group:{group_id}:{state}:{role}"
                for group_id, (state, role) in memberships_of(user).items()
            ),
        )
        register_search_source(GROUP_SOURCE)
        register_search_source(POST_SOURCE)
        for kind in GROUP_KINDS:
            register_search_kind(kind)
        register_search_keys("groups", group_search_keys)
        register_subject_rule(GROUP_SUBJECT_RULE)
        for section in PROFILE_SECTIONS:
            register_profile_section(section)
        # Each reader's memberships counter is read with the shared ones (one query).
        register_personal(membership_generation)

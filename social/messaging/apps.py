from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "social.messaging"
    label = "messaging"
    verbose_name = _("Messagerie")
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
        from social.mail.digest import register_digest_section
        from social.notifications.services import register_subject_rule
        from social.people.scope import register_scope_part
        from social.targets import register_discussion_target, register_mention_place

        from . import signals
        from .digest import MESSAGES_SECTION
        from .models import Message
        from .notifications import CONVERSATION_SUBJECT_RULE
        from .permissions import (
            conversation_writers_readers,
            joined_conversation_ids,
            places_generation,
        )
        from .search import MESSAGE_KIND, MESSAGE_SOURCE, message_search_keys

        signals.connect()
        register_discussion_target(
            Message.discussion_kind,
            lambda pk: (
                Message.objects.select_related("conversation", "conversation__group")
                .filter(pk=pk)
                .first()
            ),
        )
        register_mention_place("conversation", conversation_writers_readers)
        register_scope_part(
            "conversations",
            lambda user: (f"conversation:{pk}" for pk in joined_conversation_ids(user)),
        )
        register_subject_rule(CONVERSATION_SUBJECT_RULE)
        register_digest_section(MESSAGES_SECTION)
        register_search_source(MESSAGE_SOURCE)
        register_search_kind(MESSAGE_KIND)
        register_search_keys("conversations", message_search_keys)
        # Each reader's conversations counter is read with the shared ones (one query).
        register_personal(places_generation)

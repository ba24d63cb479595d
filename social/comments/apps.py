from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "social.comments"
    label = "comments"
    verbose_name = _("Commentaires")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from social.targets import register_discussion_target

        from . import privacy, signals
        from .models import Comment

        signals.connect()
        privacy.register()
        # People react to a comment (they do not comment under it: discussion_commentable).
        register_discussion_target(
            Comment.discussion_kind,
            lambda pk: (
                Comment.objects.select_related("author", "target_type").filter(pk=pk).first()
            ),
        )

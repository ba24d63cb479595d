from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "social.projects"
    label = "projects"
    verbose_name = _("Projets et tâches")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import privacy

        privacy.register()
        from knowledge.search.sources import register_search_kind, register_search_source
        from social.mail.digest import register_digest_section
        from social.targets import register_discussion_target, register_mention_place

        from . import signals
        from .digest import TASKS_SECTION
        from .models import Task
        from .permissions import task_writers_readers
        from .search import TASK_KIND, TASK_SOURCE

        signals.connect()
        register_discussion_target(
            Task.discussion_kind,
            lambda pk: Task.objects.select_related("project__group").filter(pk=pk).first(),
        )
        register_mention_place("projet", task_writers_readers)
        register_search_source(TASK_SOURCE)
        register_search_kind(TASK_KIND)
        register_digest_section(TASKS_SECTION)

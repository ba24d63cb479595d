from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Parvis"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)

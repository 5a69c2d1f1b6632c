from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "mandates"
    verbose_name = _("Mandates")

    def ready(self):
        from mandates import signals  # noqa: F401  (a meeting's new dates re-date its decisions)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplansConfig(AppConfig):
    name = "workplans"
    verbose_name = _("Work plans")

    def ready(self):
        # Puts this app's boxes on the home page (see emg.home).
        from workplans import panels  # noqa: F401

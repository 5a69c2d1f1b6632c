from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progress reporting")

    def ready(self):
        # Puts this app's boxes on the home page (see emg.home).
        from progress import panels  # noqa: F401

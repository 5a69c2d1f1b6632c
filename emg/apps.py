from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmgConfig(AppConfig):
    name = "emg"
    verbose_name = _("The Group")

    def ready(self):
        # Puts this app's boxes on the home page (see emg.home).
        from emg import panels  # noqa: F401

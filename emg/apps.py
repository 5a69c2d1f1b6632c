from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmgConfig(AppConfig):
    name = "emg"
    verbose_name = _("The Group")

    def ready(self):
        # Registers the deployment checks; connects the receivers.
        from emg import checks, signals  # noqa: F401

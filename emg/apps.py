from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmgConfig(AppConfig):
    name = "emg"
    verbose_name = _("The Group")

    def ready(self):
        # Registers the deployment checks; connects the receivers.
        from emg import checks, signals  # noqa: F401
        from emg.search import index

        # Every app's search sources are registered by now (their models are loaded): their
        # rows are indexed again after each commit that changes them.
        index.connect()

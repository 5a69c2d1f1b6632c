from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "mandates"
    verbose_name = _("Mandates")

    def ready(self):
        # Puts this app's boxes on the home page (see emg.home).
        from mandates import panels  # noqa: F401

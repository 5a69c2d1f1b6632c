from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmgConfig(AppConfig):
    name = "emg"
    verbose_name = _("The Group")

    def ready(self):
        from emg import signals  # noqa: F401  (connects the receivers)

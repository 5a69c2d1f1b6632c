"""Send today's reminders to focal points by hand: what the daily beat task does."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from progress.tasks import send_reminders


class Command(BaseCommand):
    help = _(
        "E-mail focal points with unsubmitted tasks in open rounds, as the daily task does; "
        "reminders already sent are not sent again."
    )

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(_("%(count)s reminder(s) sent.") % {"count": count})

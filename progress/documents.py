"""How a reporting round's progress report prints (see emg/documents.py): accepted updates only,
as the compiled report shows them."""

from django.utils.translation import gettext as _

from emg.documents import register_renderer
from progress.compile import report_context
from progress.models import ReportingRound


def progress_report(document, report_round):
    context = report_context(report_round)
    # The head is that of the document being printed, whichever of the round's documents it is.
    context.update(
        document=document,
        title=document.title,
        symbol=document.symbol or "",
        distribution=document.distribution,
        date=document.date or context["date"],
        author_line=document.author_line or _("Note by the Secretariat"),
    )
    return "documents/progress_report.html", context


register_renderer(ReportingRound, progress_report)

"""Issuing a document the workspace generates from its own rows (a round's compiled progress
report, a meeting's annotated agenda or list of participants) as a document of its meeting, in
every app: the form of its particulars, opened on the document issued before if there is one,
and saving it (emg.services.document_issue). Its text is its source's; the meeting's page
lists it with its page, PDF and Word file."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emg import selectors, services
from emg.forms import IssueForm
from emg.models import Document, Meeting
from emg.views.editing import cleaned, form_answer, posted

FIELDS = (
    "version",
    "symbol",
    "title",
    "date",
    "distribution",
    "author_line",
    "agenda_item",
    "status",
)


def issue_answer(
    request,
    *,
    source,
    kind: str,
    meeting: Meeting,
    title: str,
    author_line: str,
    back: str,
    crumbs: list[tuple[str, str]],
):
    """The page of the form issuing ``source`` as the document of ``kind`` of ``meeting`` (its
    ``title`` and ``author_line`` proposed for a first issue), or, posted and saved, a redirect
    to the document on the meeting's page."""
    issued = selectors.generated_document(source=source, kind=kind)
    initial = {}
    if issued is None:
        issued = Document(kind=kind, meeting=meeting)
        initial = {
            "symbol": selectors.next_document_symbol(meeting),
            "title": title,
            "date": timezone.localdate(),
            "distribution": _("EMG Members"),
            "author_line": author_line,
        }
    form = IssueForm(posted(request), instance=issued, initial=initial, meeting=meeting)

    def save():
        return services.document_issue(
            source=source,
            kind=kind,
            meeting=meeting,
            **cleaned(form, *FIELDS),
        )

    page_title = (
        _("Issue as a document of %(meeting)s") % {"meeting": meeting}
        if issued.pk is None
        else _("Update the document of %(meeting)s") % {"meeting": meeting}
    )
    return form_answer(
        request,
        form,
        save,
        done=lambda document: (
            _("%(document)s is issued: its page, PDF and Word file follow.")
            % {"document": document}
        ),
        then=lambda document: (
            reverse("meetings:detail", kwargs={"number": meeting.number})
            + f"#document-{document.pk}"
        ),
        title=page_title,
        back=back,
        submit=_("Issue the document") if issued.pk is None else _("Save the document"),
        crumbs=crumbs,
        lead=title,
        note=_(
            "Its text is generated from the workspace and always shows the data as it is now; "
            "here you set what its head says and where it goes on the agenda."
        ),
    )

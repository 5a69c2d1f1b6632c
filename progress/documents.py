"""How a reporting round's progress report prints (see emg/documents.py): accepted updates only,
as the compiled report shows them; and how it is written as a Word file from the same context
(see emg/docx.py). Likewise the status of implementation of a SOM's action points, whose source
is that SOM."""

from django.utils.translation import gettext as _
from docx.shared import Cm, Pt

from emg.documents import register_agenda_annotation, register_renderer
from emg.docx import long_date, register_docx_builder
from emg.models import Document, Meeting
from progress.models import ReportingRound, Status
from progress.selectors.action_points import followed_action_points
from progress.selectors.report import report_context


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


def progress_report_docx(docx, context):
    """The report's own head (templates/progress/report/document.html), then per section
    ("I.") and body ("a)") the table Tasks | Progress | Next steps, each progress item led by its
    status words."""
    docx.head_top()
    session, meeting = context["session"], context["meeting"]
    if session:
        meeting_line = _("%(segment)s of the %(meeting)s") % {
            "segment": session.get_segment_display(),
            "meeting": meeting.ordinal_title,
        }
    else:
        meeting_line = meeting.ordinal_title
    docx.paragraph(meeting_line, space_after=Pt(1))
    if context["date"]:
        docx.paragraph(long_date(context["date"]), space_after=Pt(1))
    if session and session.place:
        docx.paragraph(session.place, space_after=Pt(1))
    if context["symbol"]:
        docx.paragraph(context["symbol"], bold=True, space_after=Pt(1))
    if context["distribution"]:
        docx.paragraph(f"{_('Distribution:')} {context['distribution']}", space_after=Pt(1))
    document = context.get("document")
    if document is not None and document.agenda_item:
        docx.paragraph(
            _("Item %(order)s of the provisional agenda: %(title)s")
            % {"order": document.agenda_item.order, "title": document.agenda_item.title},
            space_after=Pt(1),
        )
    docx.heading(context["title"], level=1)
    docx.paragraph(context["author_line"], italic=True, space_after=Pt(12))

    size = 10
    for part in context["parts"]:
        docx.heading(part.title, level=2, label=part.label)
        for body in part.bodies:
            docx.heading(body.mandate.name, level=3, label=body.label)
            table = docx.table(
                [_("Tasks"), _("Progress"), _("Next steps")], [Cm(5.5), Cm(6.5), Cm(5)]
            )
            for row in body.rows:
                line = table.add_row()
                docx.keep_row_whole(line)
                task, progress, next_steps = line.cells
                docx.text_block(row.task.text, container=task, size=size, space_after=Pt(3))
                for item in row.items:
                    paragraph = docx.paragraph(
                        container=progress, space_after=Pt(3), direction_of=item.text
                    )
                    docx.lines(paragraph, Status(item.status).lead, bold=True, size=size)
                    if item.text:
                        docx.lines(paragraph, f" {item.text}", size=size)
                    if item.postponement:
                        docx.lines(paragraph, f" {item.postponement}.", size=size)
                if row.update is not None and row.update.next_steps:
                    docx.text_block(
                        row.update.next_steps, container=next_steps, size=size, space_after=Pt(3)
                    )
            docx.widths(table, [Cm(5.5), Cm(6.5), Cm(5)])
    if not context["parts"]:
        docx.paragraph(_("No update has been accepted for this report yet."), italic=True)


register_docx_builder(ReportingRound, progress_report_docx, head=False)


# The status of implementation of a SOM's action points


def status_of_implementation(document, meeting):
    """One table per decision section of ``meeting``: its action points, who acts, their status
    and the accepted progress it comes from."""
    sections: dict[int, dict] = {}
    for point in followed_action_points([meeting]):
        section = sections.setdefault(
            point.section.pk,
            {"number": point.section_number, "title": point.section.title, "points": []},
        )
        section["points"].append(point)
    return "documents/status_of_implementation.html", {
        "reported_on": meeting,
        "sections": list(sections.values()),
    }


register_renderer(Meeting, status_of_implementation, kind=Document.Kind.STATUS_OF_IMPLEMENTATION)


def status_of_implementation_docx(docx, context):
    widths = [Cm(6.5), Cm(2.5), Cm(2.5), Cm(5.5)]
    size = 10
    for section in context["sections"]:
        docx.heading(section["title"], level=2, label=section["number"])
        table = docx.table([_("Action point"), _("Who"), _("Status"), _("Progress")], widths)
        for point in section["points"]:
            line = table.add_row()
            docx.keep_row_whole(line)
            text, who, status, progress = line.cells
            label = f"{point.label} " if point.label else ""
            docx.text_block(label + point.decision.text, container=text, size=size)
            docx.text_block(point.actor, container=who, size=size)
            docx.text_block(str(point.status.label), container=status, size=size)
            for item in point.progress:
                paragraph = docx.paragraph(
                    container=progress, space_after=Pt(3), direction_of=item.text
                )
                docx.lines(paragraph, Status(item.status).lead, bold=True, size=size)
                if item.text:
                    docx.lines(paragraph, f" {item.text}", size=size)
        docx.widths(table, widths)
    if not context["sections"]:
        docx.paragraph(
            _("The %(meeting)s asked nobody to act.")
            % {"meeting": context["reported_on"].ordinal_title},
            italic=True,
        )


register_docx_builder(
    Meeting, status_of_implementation_docx, kind=Document.Kind.STATUS_OF_IMPLEMENTATION
)


# Under the item of the next meeting's provisional annotated agenda that presents the status of
# implementation: the previous SOM's action points still open (emg.documents).


def open_action_points_under_their_item(*, meeting: Meeting, items) -> dict[int, list[str]]:
    presented = (
        Document.objects.filter(
            meeting=meeting,
            kind=Document.Kind.STATUS_OF_IMPLEMENTATION,
            agenda_item__in=[item.pk for item in items],
        )
        .order_by("pk")
        .first()
    )
    if presented is None:
        return {}
    reported_on = Meeting.objects.filter(pk=presented.source_id).first()
    if reported_on is None:
        return {}
    still_open = [
        point
        for point in followed_action_points([reported_on.pk])
        if point.status != Status.COMPLETED
    ]
    if not still_open:
        lines = [
            _("Every action point of the %(meeting)s is completed.")
            % {"meeting": reported_on.ordinal_title}
        ]
    else:
        lines = [
            _("Action points of the %(meeting)s still open:")
            % {"meeting": reported_on.ordinal_title},
            *(
                f"{point.section_number} {point.label} {point.decision.text} "
                f"({point.actor}: {point.status.label})"
                for point in still_open
            ),
        ]
    return {presented.agenda_item_id: lines}


register_agenda_annotation(open_action_points_under_their_item)

"""The progress report reader of ``import_documents`` (see emg.importing): a legacy report read
by progress/importing/ and saved as a closed reporting round of its meeting and session, with its
sections, tasks and accepted updates, and the meeting document that published it."""

from __future__ import annotations

from difflib import SequenceMatcher

from django.urls import reverse

from emg.importers import save_document, save_meeting
from emg.importing import ImportProblem, Reader, Source, Summary, register
from emg.importing.header import Header, parse_header
from emg.models import Document, Meeting, Session
from mandates.services import mandate_resolve
from progress.importing import reading
from progress.importing.reading import Row, Section, read_report, round_title
from progress.models import ReportingRound, ReportSection, Task, Update, UpdateItem


@register
class ProgressReportReader(Reader):
    kind = "progress report"
    looks_for = "tables with the columns Tasks, Progress and Next steps"

    def score(self, source: Source) -> int:
        return reading.score(source)

    def load(self, source: Source, summary: Summary) -> None:
        header = parse_header(source)
        sections = read_report(source, header.end_line)
        meeting = save_meeting(header, summary)
        if meeting is None:
            raise ImportProblem(
                "the report does not say which Senior Officials Meeting it is for",
                line=header.title_line or 1,
            )
        report_round = _save_round(header, meeting, summary)
        _save_sections(report_round, sections, summary)
        save_document(
            header,
            kind=Document.Kind.PROGRESS_REPORT,
            meeting=meeting,
            source=report_round,
            summary=summary,
        )

    def url_for(self, row) -> str | None:
        if isinstance(row, ReportingRound):
            return reverse("progress:round", args=[row.pk])
        return None


def _save_round(header: Header, meeting: Meeting, summary: Summary) -> ReportingRound:
    # One round per meeting and session: the mid-term report and the report to the SOM itself
    # are different rounds of the same meeting.
    session = None
    if header.sessions:
        session = Session.objects.get(meeting=meeting, segment=header.sessions[0].segment)
    return summary.upsert(
        ReportingRound,
        {"meeting": meeting, "session": session},
        {"title": round_title(header), "state": ReportingRound.State.CLOSED},
        defaults={"opens_on": None, "deadline": None},
    )


def _save_sections(report_round: ReportingRound, sections: list[Section], summary: Summary):
    kept_sections, rows = [], []
    for section_order, section in enumerate(sections, start=1):
        report_section = summary.upsert(
            ReportSection,
            {"round": report_round, "order": section_order},
            {"title": section.title},
            line=section.line,
        )
        kept_sections.append(report_section)
        for body in section.bodies:
            mandate = mandate_resolve(name=body.name, summary=summary)
            if mandate is None:
                raise ImportProblem(
                    f"“{body.name}” does not name a kind of body (Issue Management Group, "
                    "Task Team, Consultative Process, Coalition …)",
                    line=body.line,
                )
            rows.extend((report_section, mandate, row) for row in body.rows)
    matched = _match_tasks(list(report_round.tasks.all()), [row for _, _, row in rows])
    summary.prune(report_round.tasks.all(), [task for task in matched if task])
    # Orders are unique in a round: the tasks that move step aside first, so none collides with
    # another's old place while they are saved in the document's order.
    moving = [
        task.pk for order, task in enumerate(matched, start=1) if task and task.order != order
    ]
    if moving:
        aside = len(rows) + max(task.order for task in report_round.tasks.all())
        for offset, pk in enumerate(moving, start=1):
            Task.objects.filter(pk=pk).update(order=aside + offset)
    for order, ((report_section, mandate, row), task) in enumerate(
        zip(rows, matched, strict=True), start=1
    ):
        values = {"order": order, "section": report_section, "mandate": mandate, "text": row.text}
        lookup = {"pk": task.pk} if task else {"round": report_round, "order": order}
        task = summary.upsert(Task, lookup, values, line=row.line)
        _save_update(task, row, summary)
    summary.prune(report_round.sections.all(), kept_sections)


SIMILAR = 0.75  # how alike two wordings of a task must be to be the same task


def _match_tasks(tasks: list[Task], rows: list[Row]) -> list[Task | None]:
    """The task already saved that each row is, or None for a new task: the same text first,
    then the most alike wording, so a task inserted in the middle is one new task and the
    others keep their updates, wherever they now stand."""
    matched: list[Task | None] = [None] * len(rows)
    free = list(tasks)
    for index, row in enumerate(rows):
        same = next((task for task in free if task.text == row.text), None)
        if same:
            matched[index] = same
            free.remove(same)
    pairs = sorted(
        (
            (SequenceMatcher(None, task.text, row.text).ratio(), index, task.pk, task)
            for index, row in enumerate(rows)
            if matched[index] is None
            for task in free
        ),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    for ratio, index, _, task in pairs:
        if ratio < SIMILAR:
            break
        if matched[index] is None and task in free:
            matched[index] = task
            free.remove(task)
    return matched


def _save_update(task: Task, row: Row, summary: Summary) -> None:
    # What the report says was reviewed and published: imported updates are accepted, with no
    # author in this application.
    update = summary.upsert(
        Update,
        {"task": task},
        {"state": Update.State.ACCEPTED, "next_steps": "\n\n".join(row.next_steps)},
        line=row.line,
    )
    kept = [
        summary.upsert(
            UpdateItem,
            {"update": update, "order": order},
            {"status": item.status, "text": item.text},
            line=row.line,
        )
        for order, item in enumerate(row.items, start=1)
    ]
    summary.prune(update.items.all(), kept)

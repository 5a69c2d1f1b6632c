"""The progress report reader of ``import_documents`` (see emg.importing): a legacy report read
by progress/importing/ and saved as a closed reporting round of its meeting and session, with its
sections, tasks and accepted updates, and the meeting document that published it."""

from __future__ import annotations

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
    kept_sections, kept_tasks = [], []
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
            for row in body.rows:
                task = summary.upsert(
                    Task,
                    {"round": report_round, "order": len(kept_tasks) + 1},
                    {"section": report_section, "mandate": mandate, "text": row.text},
                    line=row.line,
                )
                kept_tasks.append(task)
                _save_update(task, row, summary)
    summary.prune(report_round.tasks.all(), kept_tasks)
    summary.prune(report_round.sections.all(), kept_sections)


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

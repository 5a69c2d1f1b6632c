"""Progress's part of the demo's story (emg.demo): an open reporting round for the upcoming SOM,
with tasks for the demo focal point's mandate and an update in every state, and the round's
progress report issued as a document of the meeting."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emg import demo, selectors
from emg.models import Document
from emg.services import document_issue
from mandates.models import Mandate
from progress.models import Status
from progress.services.rounds import round_create, round_open, task_add
from progress.services.updates import (
    ItemData,
    update_accept,
    update_return,
    update_save_draft,
    update_submit,
)

# The round opened two weeks ago and closes three weeks from now, well before the meeting.
OPENED = datetime.timedelta(weeks=2)
DEADLINE_IN = datetime.timedelta(weeks=3)

ACCEPTED, RETURNED, SUBMITTED, DRAFT, NOT_STARTED = "accepted", "returned", "submitted", "draft", ""

# Task, what the focal point has reported, and where the update stands.
TASKS = (
    (
        gettext_lazy("Compile the 2021 environmental footprint of the member entities."),
        ItemData(Status.COMPLETED, gettext_lazy("Data of 48 entities compiled and published.")),
        ACCEPTED,
    ),
    (
        gettext_lazy("Review the framework for environmental and social sustainability."),
        ItemData(Status.ONGOING, gettext_lazy("Consultations with the focal points started.")),
        RETURNED,
    ),
    (
        gettext_lazy("Hold the annual meeting of the sustainability focal points."),
        ItemData(Status.COMPLETED, gettext_lazy("Held online with 35 participants.")),
        SUBMITTED,
    ),
    (
        gettext_lazy("Update the guidance on environmental management systems."),
        ItemData(Status.ONGOING, gettext_lazy("A first outline is circulating.")),
        DRAFT,
    ),
    (
        gettext_lazy("Report on the progress towards climate neutrality of the UN system."),
        None,
        NOT_STARTED,
    ),
)
RETURN_COMMENT = gettext_lazy(
    "Please say which entities have joined the review so far, and when it is to be completed."
)
NEXT_STEPS = gettext_lazy("Present the results to the Senior Officials.")


@demo.step(30)
def open_round(story: demo.Story) -> None:
    meeting = story.meeting
    mandate = Mandate.objects.filter(focal_points__user=story.focal_point).order_by("pk").first()
    if meeting is None or mandate is None or meeting.rounds.exists():
        return
    report_round = round_create(
        meeting=meeting,
        title=_("Progress report for %(meeting)s") % {"meeting": meeting},
        session=meeting.sessions.order_by("date").first(),
        opens_on=story.today - OPENED,
        deadline=story.today + DEADLINE_IN,
    )
    tasks = [
        task_add(report_round=report_round, mandate=mandate, text=str(text))
        for text, _item, _state in TASKS
    ]
    report_round = round_open(report_round=report_round)
    focal_point, secretariat = story.focal_point, story.secretariat
    for task, (_text, item, state) in zip(tasks, TASKS, strict=True):
        if state == NOT_STARTED:
            continue
        report = {
            "task": task,
            "user": focal_point,
            "items": [ItemData(item.status, str(item.text))],
            "next_steps": str(NEXT_STEPS),
            "version": 0,
        }
        if state == DRAFT:
            update_save_draft(**report)
            continue
        update = update_submit(**report)
        if state == RETURNED:
            update_return(
                update=update, version=update.version, user=secretariat, comment=str(RETURN_COMMENT)
            )
        elif state == ACCEPTED:
            update_accept(update=update, version=update.version, user=secretariat)
    item = meeting.agenda_items.order_by("order")[demo.PROGRESS_ITEM : demo.PROGRESS_ITEM + 1]
    document_issue(
        source=report_round,
        kind=Document.Kind.PROGRESS_REPORT,
        meeting=meeting,
        version=0,
        symbol=selectors.next_document_symbol(meeting),
        title=report_round.title,
        date=story.today,
        distribution=_("EMG Members"),
        author_line=_("Note by the Secretariat"),
        agenda_item=item.first(),
        status=Document.Status.DRAFT,
    )
    story.told.append(
        _("%(round)s: open until %(deadline)s, %(tasks)s tasks for %(mandate)s, report issued.")
        % {
            "round": report_round.title,
            "deadline": report_round.deadline.isoformat(),
            "tasks": len(tasks),
            "mandate": mandate.name,
        }
    )

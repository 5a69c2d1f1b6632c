"""This app's pages in the permission matrix (see emg/tests/matrix.py)."""

ROWS = []


# Updates: "My tasks", a task's page, the review, the compiled reports. A focal point of the
# task's mandate reads and writes it; the focal point of another mandate is told it does not exist
# (404), and so is a senior official while the update is not accepted.

from emg.tests.matrix import EVERYONE_READS, POST_ONLY, Row, expect  # noqa: E402


def _task(world):
    return {"pk": world.task.pk}


def _round(world):
    return {"pk": world.round.pk}


def _meeting(world):
    return {"number": world.meeting.number}


def _update_data(world):
    return {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-status": "ongoing",
        "items-0-text": "The drafting group met twice.",
        "next_steps": "Share the draft",
        "version": world.update.version,
        "save": "",
    }


def _comment_data(world):
    """A return as the review page posts it: the comment and the version of the update read."""
    from progress.models import Update

    return {
        "comment": "Say when the drafting group meets next.",
        "version": Update.objects.get(pk=world.update.pk).version,
    }


TASK_READERS = expect(404, secretariat=200, focal_point=200)
TASK_WRITERS = expect(404, secretariat=403, focal_point=302)
REVIEWERS = expect(404, secretariat=200, focal_point=403)
REVIEWERS_POST = expect(404, secretariat=302, focal_point=403)

ROWS += [
    Row("progress:my_tasks", expect(403, focal_point=200, other_focal_point=200)),
    Row("progress:task", TASK_READERS, _task),
    Row("progress:task", TASK_WRITERS, _task, method="post", data=_update_data),
    Row("progress:task_history", TASK_READERS, _task),
    Row("progress:review", REVIEWERS, _task),
    Row("progress:review", REVIEWERS_POST, _task, method="post", data=_comment_data),
    Row("progress:accept", POST_ONLY, _task),
    Row("progress:accept", REVIEWERS_POST, _task, method="post"),
    Row("progress:reports", EVERYONE_READS),
    Row("progress:report", EVERYONE_READS, _round),
]


# Rounds and the dashboard (progress/views/rounds.py, dashboard.py): the secretariat's alone. A
# task of a round is edited through Task.objects.visible_to, so the focal point of another mandate,
# and a senior official while its update is not accepted, are told it does not exist.

from emg.tests.matrix import SECRETARIAT_ONLY, SECRETARIAT_POSTS  # noqa: E402


def _draft_round(world):
    return {"pk": world.draft_round.pk}


def _bulk_drop(world):
    """Drop a proposal of the round being prepared, as its page lists it."""
    from progress.models import Task

    task, _created = Task.objects.get_or_create(
        round=world.draft_round,
        mandate=world.mandate,
        defaults={"order": 1, "text": "Map the members' work."},
    )
    return {"action": "drop", "task": str(task.pk), "shown": f"{task.pk}:{task.version}"}


def _next_meeting(world):
    """SOM 27, whose status of implementation reports on SOM 26's action points."""
    from emg.models import Meeting

    Meeting.objects.get_or_create(number=world.meeting.number + 1)
    return {"number": world.meeting.number + 1}


def _report_section(world):
    return {"pk": world.round.sections.get().pk}


def _new_round_data(world):
    return {
        "meeting": world.meeting.pk,
        "title": "Progress Report, 26th Senior Officials Meeting (second round)",
        "opens_on": "2020-10-01",
        "deadline": "2020-10-20",
    }


def _round_data(world):
    return {
        "title": "Progress Report, 26th SOM",
        "opens_on": "2020-09-01",
        "deadline": "2020-09-25",
        "version": world.draft_round.version,
    }


def _section_data(world):
    return {"title": "Collaboration on Global Environmental Issues"}


def _section_edit_data(world):
    section = world.round.sections.get()
    return {"title": "Collaboration on Environmental Issues", "version": section.version}


def _task_add_data(world):
    return {"mandate": world.mandate.pk, "section": "", "text": "Publish the approach"}


def _task_edit_data(world):
    return {
        "mandate": world.mandate.pk,
        "section": world.task.section_id,
        "text": "Agree on the common approach",
        "version": world.task.version,
    }


def _issue_data(world):
    return {
        "symbol": "EMG/SOM.26/04",
        "title": "Mid-Term Progress Report, 26th Senior Officials Meeting",
        "agenda_item": world.agenda_item.pk,
        "date": "2020-04-29",
        "distribution": "EMG members",
        "author_line": "Note by the Secretariat",
        "status": "draft",
        "version": "0",
    }


def _up(world):
    return {"direction": "up"}


TASK_EDITORS = expect(404, secretariat=200, focal_point=403)
TASK_EDITORS_POST = expect(404, secretariat=302, focal_point=403)
# A round being prepared is the secretariat's until it opens: nobody else is told it exists.
DRAFT_ROUND_PAGE = expect(404, secretariat=200)
DRAFT_ROUND_POSTS = expect(404, secretariat=302)

ROWS += [
    Row("progress:rounds", SECRETARIAT_ONLY),
    Row("progress:awaiting_review", SECRETARIAT_ONLY),
    Row("progress:round_create", SECRETARIAT_ONLY),
    Row("progress:round_create", SECRETARIAT_POSTS, method="post", data=_new_round_data),
    Row("progress:report", DRAFT_ROUND_PAGE, _draft_round, note="being prepared"),
    Row("progress:round", DRAFT_ROUND_PAGE, _draft_round),
    Row("progress:round_edit", DRAFT_ROUND_PAGE, _draft_round),
    Row("progress:round_edit", DRAFT_ROUND_POSTS, _draft_round, method="post", data=_round_data),
    Row("progress:round_propose", POST_ONLY, _draft_round),
    Row("progress:round_propose", DRAFT_ROUND_POSTS, _draft_round, method="post"),
    Row("progress:status_of_implementation_generate", POST_ONLY, _meeting),
    Row(
        "progress:status_of_implementation_generate",
        SECRETARIAT_POSTS,
        _next_meeting,
        method="post",
    ),
    Row("progress:round_tasks_bulk", POST_ONLY, _draft_round),
    Row(
        "progress:round_tasks_bulk",
        DRAFT_ROUND_POSTS,
        _draft_round,
        method="post",
        data=_bulk_drop,
    ),
    Row("progress:round_open", POST_ONLY, _draft_round),
    Row("progress:round_open", DRAFT_ROUND_POSTS, _draft_round, method="post"),
    Row("progress:round_issue", SECRETARIAT_ONLY, _round),
    Row("progress:round_issue", SECRETARIAT_POSTS, _round, method="post", data=_issue_data),
    Row("progress:round_issue", DRAFT_ROUND_PAGE, _draft_round, note="being prepared"),
    Row("progress:round_close", POST_ONLY, _round),
    Row("progress:round_close", SECRETARIAT_POSTS, _round, method="post"),
    Row("progress:dashboard", SECRETARIAT_ONLY, _round),
    Row(
        "progress:dashboard",
        SECRETARIAT_ONLY,
        _round,
        query="progress=draft&overdue=true",
        note="filtered",
    ),
    Row("progress:round_section_add", DRAFT_ROUND_PAGE, _draft_round),
    Row(
        "progress:round_section_add",
        DRAFT_ROUND_POSTS,
        _draft_round,
        method="post",
        data=_section_data,
    ),
    Row("progress:round_section_edit", SECRETARIAT_ONLY, _report_section),
    Row(
        "progress:round_section_edit",
        SECRETARIAT_POSTS,
        _report_section,
        method="post",
        data=_section_edit_data,
    ),
    Row("progress:round_section_move", POST_ONLY, _report_section),
    Row("progress:round_section_move", SECRETARIAT_POSTS, _report_section, method="post", data=_up),
    Row("progress:round_section_delete", POST_ONLY, _report_section),
    Row("progress:round_section_delete", SECRETARIAT_POSTS, _report_section, method="post"),
    Row("progress:round_task_add", SECRETARIAT_ONLY, _round),
    Row("progress:round_task_add", SECRETARIAT_POSTS, _round, method="post", data=_task_add_data),
    Row("progress:round_task_edit", TASK_EDITORS, _task),
    Row(
        "progress:round_task_edit",
        TASK_EDITORS_POST,
        _task,
        method="post",
        data=_task_edit_data,
    ),
    Row("progress:round_task_move", POST_ONLY, _task),
    Row("progress:round_task_move", TASK_EDITORS_POST, _task, method="post", data=_up),
    Row("progress:round_task_delete", POST_ONLY, _task),
    Row("progress:round_task_delete", TASK_EDITORS_POST, _task, method="post"),
]


# A task of a round still being prepared is the secretariat's alone: focal points, even of its
# mandate, and senior officials are told it does not exist (404), whatever they try on it.


def _draft_task(world):
    from progress.models import Task

    task = Task.objects.filter(round=world.draft_round).first() or Task.objects.create(
        round=world.draft_round, mandate=world.mandate, order=1, text="Propose the approach"
    )
    return {"pk": task.pk}


def _first_update_data(world):
    return {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-status": "ongoing",
        "items-0-text": "Started before the round opened.",
        "next_steps": "",
        "version": "",
        "save": "",
    }


PREPARING = "of a round being prepared"

ROWS += [
    Row("progress:task", expect(404, secretariat=200), _draft_task, note=PREPARING),
    Row(
        "progress:task",
        expect(404, secretariat=403),
        _draft_task,
        method="post",
        data=_first_update_data,
        note=PREPARING,
    ),
    Row("progress:task_history", expect(404, secretariat=200), _draft_task, note=PREPARING),
    Row("progress:review", expect(404, secretariat=200), _draft_task, note=PREPARING),
    Row(
        "progress:review",
        expect(404, secretariat=302),
        _draft_task,
        method="post",
        data=_comment_data,
        note=PREPARING,
    ),
    Row(
        "progress:accept", expect(404, secretariat=302), _draft_task, method="post", note=PREPARING
    ),
    Row("progress:round_task_edit", expect(404, secretariat=200), _draft_task, note=PREPARING),
    Row(
        "progress:round_task_move",
        expect(404, secretariat=302),
        _draft_task,
        method="post",
        data=_up,
        note=PREPARING,
    ),
]


# Once the secretariat accepted an update, senior officials read its task too (and may not review
# it); the focal point of another mandate still does not know it exists.


def _accepted_task(world):
    from progress.models import Task, Update

    task = Task.objects.filter(round=world.round, text="Publish the approach").first()
    if task is None:
        task = Task.objects.create(
            round=world.round, mandate=world.mandate, order=2, text="Publish the approach"
        )
        Update.objects.create(
            task=task, author=world.people["focal_point"], state=Update.State.ACCEPTED
        )
    return {"pk": task.pk}


ACCEPTED = "with an accepted update"
ACCEPTED_READERS = expect(404, secretariat=200, focal_point=200, senior_official=200)

ROWS += [
    Row("progress:task", ACCEPTED_READERS, _accepted_task, note=ACCEPTED),
    Row("progress:task_history", ACCEPTED_READERS, _accepted_task, note=ACCEPTED),
    Row(
        "progress:review",
        expect(404, secretariat=200, focal_point=403, senior_official=403),
        _accepted_task,
        note=ACCEPTED,
    ),
    Row(
        "progress:accept",
        expect(404, secretariat=302, focal_point=403, senior_official=403),
        _accepted_task,
        method="post",
        note=ACCEPTED,
    ),
]


# The read-only API (progress/api.py): rounds as their pages show them (one being prepared is
# the secretariat's); a task and its update as the task's page shows them: the focal point of
# another mandate, and a senior official while the update is a draft, are told neither exists.

from emg.tests.matrix import API_READS, UNAUTHENTICATED  # noqa: E402

API_TASK_READERS = expect(404, anonymous=UNAUTHENTICATED, secretariat=200, focal_point=200)

ROWS += [
    Row("api:round-list", API_READS),
    Row("api:round-detail", API_READS, _round),
    Row(
        "api:round-detail",
        expect(404, anonymous=UNAUTHENTICATED, secretariat=200),
        _draft_round,
        note="being prepared",
    ),
    Row("api:task-list", API_READS),
    Row("api:task-detail", API_TASK_READERS, _task),
    Row("api:update-list", API_READS),
    Row("api:update-detail", API_TASK_READERS, lambda world: {"pk": world.update.pk}),
]

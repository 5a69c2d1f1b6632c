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


def _update_data(world):
    from progress.services import version_of

    return {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-status": "ongoing",
        "items-0-text": "The drafting group met twice.",
        "next_steps": "Share the draft",
        "version": version_of(world.update),
        "save": "",
    }


def _comment_data(world):
    return {"comment": "Say when the drafting group meets next."}


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

"""Permissions on reporting rounds. The secretariat prepares rounds and reviews updates; what
focal points and senior officials may see of tasks and updates is decided with the reporting
pages."""

import rules

from emg.permissions import grant, has_role, is_focal_point, is_secretariat, is_senior_official
from mandates.rules import is_focal_point_of
from progress.models import Update

for model in ("reportinground", "reportsection"):
    grant("progress", model, view=has_role, change=is_secretariat)


# Tasks and their updates. A focal point reports on the tasks of the mandates they are focal point
# of, and knows nothing of other mandates' tasks (Task.objects.visible_to answers 404 for them);
# senior officials read what the secretariat accepted; the secretariat reviews.


@rules.predicate
def reports_on(user, task) -> bool:
    """``user`` is a focal point of the task's mandate."""
    return task is not None and is_focal_point_of(user, task.mandate)


@rules.predicate
def is_accepted(user, task) -> bool:
    update = getattr(task, "update", None) if task is not None else None
    return update is not None and update.state == Update.State.ACCEPTED


@rules.predicate
def update_of_visible_task(user, update) -> bool:
    return update is not None and user.has_perm("progress.view_task", update.task)


grant(
    "progress",
    "task",
    view=is_secretariat | (is_focal_point & reports_on) | (is_senior_official & is_accepted),
    change=is_secretariat,
)


@rules.predicate
def item_of_visible_update(user, item) -> bool:
    return item is not None and user.has_perm("progress.view_update", item.update)


grant("progress", "update", view=update_of_visible_task, change=is_secretariat)
grant("progress", "updateitem", view=item_of_visible_update, change=is_secretariat)
# "My tasks": the page of focal points.
rules.add_perm("progress.file_updates", is_focal_point)
# Saving and submitting a task's update (the update may still be locked: see services).
rules.add_perm("progress.report_on_task", is_focal_point & reports_on)
rules.add_perm("progress.review_task", is_secretariat)
# The compiled report with updates not yet accepted, marked as such.
rules.add_perm("progress.preview_report", is_secretariat)

"""The secretariat's dashboard of a round: where each task stands, in the report's order, and how
many tasks of each section and mandate are in each state."""

from __future__ import annotations

from emg import numbering
from progress.models import Progress, ReportSection, Task
from progress.selectors.tasks import people_load, update_of

# Who took each kind of step, and when, in an update's fields.
STEPS = {
    Progress.SUBMITTED: ("submitted_by", "submitted_at"),
    Progress.RETURNED: ("returned_by", "returned_at"),
    Progress.ACCEPTED: ("accepted_by", "accepted_at"),
}


def section_labels(sections: list[ReportSection]) -> dict[int, str]:
    """The number of each of ``sections`` (the round's, in order): "I.", "II." …"""
    return {
        section.pk: numbering.label(ReportSection.NUMBER_PATTERN, position)
        for position, section in enumerate(sections, start=1)
    }


def dashboard_tasks(tasks, *, sections: list[ReportSection], late: bool) -> list[Task]:
    """``tasks`` (annotated by TaskQuerySet.with_progress) in the report's order: by section,
    mandate name and place in the round, tasks in no section last. Each has its mandate, its
    update, its section's number (``section_label``), where it stands in words
    (``progress_label``), whether it is ``overdue`` (``late``: the round's deadline has passed),
    and who took its last step (``who``, a name or "") and ``when``."""
    labels = section_labels(sections)
    progress_labels = dict(Progress.CHOICES)
    place = {section.pk: index for index, section in enumerate(sections)}
    shown = list(tasks.select_related("mandate", "update"))
    people_load([update_of(task) for task in shown])
    for task in shown:
        task.section_label = labels.get(task.section_id, "")
        task.progress_label = progress_labels[task.progress]
        task.overdue = late and task.progress in Progress.UNSUBMITTED
        who, when = STEPS.get(task.progress, (None, None))
        task.who = str(getattr(update_of(task), who) or "") if who else ""
        task.when = getattr(update_of(task), when) if when else None
    shown.sort(
        key=lambda task: (place.get(task.section_id, len(place)), task.mandate.name, task.order)
    )
    return shown


def dashboard_rows(tasks: list[Task], sections: list[ReportSection]) -> list[dict]:
    """Rows counting ``tasks`` (dashboard_tasks) per section, in the report's order (tasks in
    no section last), and mandate, in the order their first task comes: the section (its
    number and title, or None), the mandate, the counts in the order of Progress.CHOICES, and
    how many are overdue."""
    labels = section_labels(sections)
    titles = {section.pk: (labels[section.pk], section.title) for section in sections}
    rows: dict[tuple, dict] = {}
    for task in sorted(tasks, key=lambda task: task.order):
        key = (task.section_id, task.mandate_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "section_id": task.section_id,
                "section": titles.get(task.section_id),
                "mandate": task.mandate,
                "counts": dict.fromkeys((value for value, _label in Progress.CHOICES), 0),
                "overdue": 0,
            }
        row["counts"][task.progress] += 1
        row["overdue"] += task.overdue
    place = {section.pk: index for index, section in enumerate(sections)}
    ordered = sorted(rows.values(), key=lambda row: place.get(row["section_id"], len(place)))
    for row in ordered:
        row["counts"] = [row["counts"][value] for value, _label in Progress.CHOICES]
    return ordered

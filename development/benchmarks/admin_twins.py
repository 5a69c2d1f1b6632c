"""Which page of Django's admin each page of the permission matrix is timed beside: the admin's
changelist, add, change, delete or history page of the model the page lists, creates, shows,
edits, deletes or tells the history of. A list, detail or edit page is wanted no slower, cold,
than its admin twin (issue 14, item 7). Pages without a model of their own (home, health, diffs,
downloads, the packs' htmx requests) have none."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class Twin:
    model: str  # "app_label.ModelName"
    view: str  # the admin's own name for it: changelist, add, change, delete or history
    # (world, the page's URL arguments) → the primary key of the object the admin page shows.
    shows: Callable[[object, dict], int] | None = None


def _its_own(world, kwargs) -> int:
    """The object the page's own URL names."""
    return kwargs["pk"]


def _the_meeting(world, kwargs) -> int:
    """Meetings are addressed by their SOM number; the admin by primary key."""
    return world.meeting.pk


def _the_meetings_report(world, kwargs) -> int:
    """A meeting's report is addressed by the meeting's number; the admin by its own key."""
    from emg.models import MeetingReport

    return MeetingReport.objects.get(meeting=world.meeting).pk


def listed(model: str) -> Twin:
    return Twin(model, "changelist")


def added(model: str) -> Twin:
    return Twin(model, "add")


def changed(model: str, shows=_its_own) -> Twin:
    return Twin(model, "change", shows)


def deleted(model: str, shows=_its_own) -> Twin:
    return Twin(model, "delete", shows)


def history(model: str, shows=_its_own) -> Twin:
    return Twin(model, "history", shows)


ADMIN_TWINS: dict[str, Twin] = {
    # emg: meetings, their sessions, agenda items and documents; packs
    # People
    "GET people:list": listed("emg.User"),
    "GET people:list filtered and sorted": listed("emg.User"),
    "GET people:detail": changed("emg.User"),
    "GET people:history": history("emg.User"),
    "GET people:edit": changed("emg.User"),
    "GET people_invite": added("emg.User"),
    "GET meetings:list": listed("emg.Meeting"),
    "GET meetings:list filtered and sorted": listed("emg.Meeting"),
    "GET meetings:detail": changed("emg.Meeting", _the_meeting),
    "GET meetings:history": history("emg.Meeting", _the_meeting),
    "GET meetings:create": added("emg.Meeting"),
    "GET meetings:edit": changed("emg.Meeting", _the_meeting),
    "GET meetings:session_add": added("emg.Session"),
    "GET meetings:session_edit": changed("emg.Session"),
    "GET meetings:agenda_item_add": added("emg.AgendaItem"),
    "GET meetings:agenda_item_edit": changed("emg.AgendaItem"),
    "GET meetings:document_add": added("emg.Document"),
    "GET meetings:document_edit": changed("emg.Document"),
    "GET meetings:document_version_add": added("emg.DocumentVersion"),
    "GET meetings:participant_add": added("emg.Participant"),
    "GET meetings:participant_edit": changed("emg.Participant"),
    "GET meetings:report_edit": changed("emg.MeetingReport", _the_meetings_report),
    "GET documents:preview": changed("emg.Document"),
    "GET packs:list": listed("emg.MeetingPack"),
    "GET inbox:list": listed("emg.Notification"),
    # mandates, their terms of reference, members and focal points; decisions
    "GET mandates:list": listed("mandates.Mandate"),
    "GET mandates:list filtered and sorted": listed("mandates.Mandate"),
    "GET mandates:detail": changed("mandates.Mandate"),
    "GET mandates:history": history("mandates.Mandate"),
    "GET mandates:create": added("mandates.Mandate"),
    "GET mandates:edit": changed("mandates.Mandate"),
    "GET mandates:tor_create": added("mandates.TermsOfReference"),
    "GET mandates:tor_edit": changed("mandates.TermsOfReference"),
    "GET mandates:tor_clauses": changed("mandates.TermsOfReference"),
    "GET mandates:clause_add": added("mandates.Clause"),
    "GET mandates:clause_edit": changed("mandates.Clause"),
    "GET mandates:footnote_add": added("mandates.Footnote"),
    "GET mandates:footnote_edit": changed("mandates.Footnote"),
    "GET mandates:membership_add": added("mandates.Membership"),
    "GET mandates:membership_edit": changed("mandates.Membership"),
    "GET mandates:focal_point_add": added("mandates.FocalPoint"),
    "GET mandates:focal_point_replace": changed("mandates.FocalPoint"),
    "GET decisions:section_add": added("mandates.DecisionSection"),
    "GET decisions:section_edit": changed("mandates.DecisionSection"),
    "GET decisions:add": added("mandates.Decision"),
    "GET decisions:edit": changed("mandates.Decision"),
    "GET decisions:history": history("mandates.Decision"),
    # work plans, their revisions, outcomes, activities and milestones
    "GET workplans:list": listed("workplans.WorkPlan"),
    "GET workplans:list filtered and sorted": listed("workplans.WorkPlan"),
    "GET workplans:detail": changed("workplans.WorkPlan"),
    "GET workplans:history": history("workplans.WorkPlan"),
    "GET workplans:approve": changed("workplans.WorkPlan"),
    "GET workplans:edit": changed("workplans.WorkPlan"),
    "GET workplans:revisions": listed("workplans.WorkPlanRevision"),
    "GET workplans:outcome_add": added("workplans.Outcome"),
    "GET workplans:outcome_edit": changed("workplans.Outcome"),
    "GET workplans:outcome_delete": deleted("workplans.Outcome"),
    "GET workplans:outcome_history": history("workplans.Outcome"),
    "GET workplans:activity_add": added("workplans.Activity"),
    "GET workplans:activity_edit": changed("workplans.Activity"),
    "GET workplans:activity_delete": deleted("workplans.Activity"),
    "GET workplans:activity_history": history("workplans.Activity"),
    "GET workplans:milestone_add": added("workplans.Milestone"),
    "GET workplans:milestone_edit": changed("workplans.Milestone"),
    "GET workplans:milestone_delete": deleted("workplans.Milestone"),
    "GET workplans:milestone_history": history("workplans.Milestone"),
    # progress: rounds, their sections and tasks, updates and their review
    "GET progress:rounds": listed("progress.ReportingRound"),
    "GET progress:reports": listed("progress.ReportingRound"),
    "GET progress:round_create": added("progress.ReportingRound"),
    "GET progress:round": changed("progress.ReportingRound"),
    "GET progress:round_edit": changed("progress.ReportingRound"),
    "GET progress:report": changed("progress.ReportingRound"),
    "GET progress:report being prepared": changed("progress.ReportingRound"),
    "GET progress:dashboard": changed("progress.ReportingRound"),
    "GET progress:dashboard filtered": changed("progress.ReportingRound"),
    "GET progress:round_section_add": added("progress.ReportSection"),
    "GET progress:round_section_edit": changed("progress.ReportSection"),
    "GET progress:my_tasks": listed("progress.Task"),
    "GET progress:awaiting_review": listed("progress.Update"),
    "GET progress:round_task_add": added("progress.Task"),
    "GET progress:round_task_edit": changed("progress.Task"),
    "GET progress:round_task_edit of a round being prepared": changed("progress.Task"),
    "GET progress:task": changed("progress.Task"),
    "GET progress:task of a round being prepared": changed("progress.Task"),
    "GET progress:task with an accepted update": changed("progress.Task"),
    "GET progress:review": changed("progress.Task"),
    "GET progress:review of a round being prepared": changed("progress.Task"),
    "GET progress:review with an accepted update": changed("progress.Task"),
    "GET progress:task_history": history("progress.Task"),
    "GET progress:task_history of a round being prepared": history("progress.Task"),
    "GET progress:task_history with an accepted update": history("progress.Task"),
}


def admin_url(row_id: str, world, kwargs: dict) -> str | None:
    """The URL of the admin page timed beside the matrix row ``row_id`` (whose URL was filled
    with ``kwargs`` from ``world``), or None when the page has no model of its own."""
    twin = ADMIN_TWINS.get(row_id)
    if twin is None:
        return None
    meta = apps.get_model(twin.model)._meta
    args = [twin.shows(world, kwargs)] if twin.shows else []
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{twin.view}", args=args)

"""This app's pages in the permission matrix (see emg/tests/matrix.py)."""

from emg.tests.matrix import (
    EVERYONE_READS,
    POST_ONLY,
    SECRETARIAT_ONLY,
    SECRETARIAT_POSTS,
    Row,
    expect,
)


def work_plan(world) -> dict:
    return {"pk": world.work_plan.pk}


ROWS = [
    # Revisions, approval, carrying forward (workplans.views.revisions)
    Row("workplans:revisions", EVERYONE_READS, work_plan),
    Row(
        "workplans:issue_revision",
        SECRETARIAT_POSTS,
        work_plan,
        method="post",
        data=lambda world: {"note": "Schedules updated."},
    ),
    Row("workplans:issue_revision", SECRETARIAT_ONLY, work_plan),
    Row("workplans:diff", EVERYONE_READS, work_plan),
    Row("workplans:diff", EVERYONE_READS, work_plan, query="from=0&to=current", note="0→current"),
    Row("workplans:diff", expect(404), work_plan, query="from=7", note="no such revision"),
    Row("workplans:approve", SECRETARIAT_ONLY, work_plan),
    Row(
        "workplans:approve",
        SECRETARIAT_POSTS,
        work_plan,
        method="post",
        data=lambda world: {"meeting": world.meeting.pk},
    ),
    Row("workplans:carry_forward", SECRETARIAT_POSTS, work_plan, method="post"),
    Row("workplans:carry_forward", POST_ONLY, work_plan),
    Row("workplans:carried_forward", EVERYONE_READS, work_plan),
    # Downloads (workplans.views.exports)
    Row("workplans:export_csv", EVERYONE_READS, work_plan),
    Row("workplans:export_xlsx", EVERYONE_READS, work_plan),
    Row("workplans:export_docx", EVERYONE_READS, work_plan),
    Row("workplans:export_pdf", EVERYONE_READS, work_plan),
    Row("workplans:export_docx", EVERYONE_READS, work_plan, query="revision=0", note="original"),
]


# The list, a plan's page, the history of each item, and the editor (workplans.views.plans and
# workplans.views.editor). Editor endpoints answer 403 to everyone but the secretariat before
# reading anything; a valid POST without htmx redirects to the plan (302).


def plan_data(world) -> dict:
    plan = world.work_plan
    plan.refresh_from_db()
    return {
        "version": plan.version,
        "title": "Work plan, revised",
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "introduction": "",
        "notes": "",
    }


def outcome(world) -> dict:
    return {"pk": world.outcome.pk}


def activity(world) -> dict:
    return {"pk": world.activity.pk}


def milestone(world) -> dict:
    return {"pk": world.milestone.pk}


def outcome_data(world) -> dict:
    return {"version": world.outcome.version, "heading": "Programmatic issues", "statement": ""}


def activity_data(world) -> dict:
    return {
        "version": world.activity.version,
        "outcome": world.outcome.pk,
        "title": "Issue Management Group on Alpha",
        "mandate": world.mandate.pk,
        "start_period": "month-10",
        "start_year": 2021,
        "end_period": "quarter-2",
        "end_year": 2022,
    }


def milestone_data(world) -> dict:
    return {
        "version": world.milestone.version,
        "text": "Draft the common approach",
        "start_period": "quarter-1",
        "start_year": 2022,
    }


def down(world) -> dict:
    return {"direction": "down"}


ROWS += [
    Row("workplans:list", EVERYONE_READS),
    Row(
        "workplans:list",
        EVERYONE_READS,
        query="q=plan&year=2021&status=draft&ordering=-period&page=1",
        note="filtered and sorted",
    ),
    Row("workplans:detail", EVERYONE_READS, work_plan),
    Row("workplans:schedule", EVERYONE_READS, work_plan),
    Row("workplans:history", EVERYONE_READS, work_plan),
    Row("workplans:outcome_history", EVERYONE_READS, outcome),
    Row("workplans:activity_history", EVERYONE_READS, activity),
    Row("workplans:milestone_history", EVERYONE_READS, milestone),
    Row("workplans:mandate_options", SECRETARIAT_ONLY, query="q=alpha"),
    # The plan's head
    Row("workplans:edit", SECRETARIAT_ONLY, work_plan),
    Row("workplans:edit", SECRETARIAT_POSTS, work_plan, method="post", data=plan_data),
    # Outcomes
    Row("workplans:outcome_add", SECRETARIAT_ONLY, work_plan),
    Row(
        "workplans:outcome_add",
        SECRETARIAT_POSTS,
        work_plan,
        method="post",
        data=lambda world: {"heading": "Overall cooperation"},
    ),
    Row(
        "workplans:outcome_order",
        SECRETARIAT_POSTS,
        work_plan,
        method="post",
        data=lambda world: {"item": [world.outcome.pk]},
    ),
    Row("workplans:outcome_order", POST_ONLY, work_plan),
    Row("workplans:outcome_actions", SECRETARIAT_ONLY, outcome),
    Row("workplans:outcome_edit", SECRETARIAT_ONLY, outcome),
    Row("workplans:outcome_edit", SECRETARIAT_POSTS, outcome, method="post", data=outcome_data),
    Row("workplans:outcome_delete", SECRETARIAT_ONLY, outcome),
    Row("workplans:outcome_delete", SECRETARIAT_POSTS, outcome, method="post"),
    Row("workplans:outcome_move", SECRETARIAT_POSTS, outcome, method="post", data=down),
    Row("workplans:outcome_move", POST_ONLY, outcome),
    # Activities
    Row("workplans:activity_add", SECRETARIAT_ONLY, outcome),
    Row(
        "workplans:activity_add",
        SECRETARIAT_POSTS,
        outcome,
        method="post",
        data=lambda world: {**activity_data(world), "title": "Task Team on Omega"},
    ),
    Row(
        "workplans:activity_order",
        SECRETARIAT_POSTS,
        outcome,
        method="post",
        data=lambda world: {"item": [world.activity.pk]},
    ),
    Row("workplans:activity_order", POST_ONLY, outcome),
    Row("workplans:activity_actions", SECRETARIAT_ONLY, activity),
    Row("workplans:activity_edit", SECRETARIAT_ONLY, activity),
    Row("workplans:activity_edit", SECRETARIAT_POSTS, activity, method="post", data=activity_data),
    Row("workplans:activity_delete", SECRETARIAT_ONLY, activity),
    Row("workplans:activity_delete", SECRETARIAT_POSTS, activity, method="post"),
    Row("workplans:activity_move", SECRETARIAT_POSTS, activity, method="post", data=down),
    Row("workplans:activity_move", POST_ONLY, activity),
    # Milestones
    Row("workplans:milestone_add", SECRETARIAT_ONLY, activity),
    Row(
        "workplans:milestone_add",
        SECRETARIAT_POSTS,
        activity,
        method="post",
        data=lambda world: {"text": "Report to SOM 27", "parent": world.milestone.pk},
    ),
    Row(
        "workplans:milestone_order",
        SECRETARIAT_POSTS,
        activity,
        method="post",
        data=lambda world: {"item": [world.milestone.pk], "parent": ""},
    ),
    Row("workplans:milestone_order", POST_ONLY, activity),
    Row("workplans:milestone_actions", SECRETARIAT_ONLY, milestone),
    Row("workplans:milestone_edit", SECRETARIAT_ONLY, milestone),
    Row(
        "workplans:milestone_edit", SECRETARIAT_POSTS, milestone, method="post", data=milestone_data
    ),
    Row("workplans:milestone_delete", SECRETARIAT_ONLY, milestone),
    Row("workplans:milestone_delete", SECRETARIAT_POSTS, milestone, method="post"),
    Row("workplans:milestone_move", SECRETARIAT_POSTS, milestone, method="post", data=down),
    Row("workplans:milestone_move", POST_ONLY, milestone),
]


# The read-only API (workplans/api.py): everyone with a role reads the plans, numbered.

from emg.tests.matrix import API_READS  # noqa: E402

ROWS += [
    Row("api:work_plan-list", API_READS),
    Row("api:work_plan-detail", API_READS, work_plan),
]

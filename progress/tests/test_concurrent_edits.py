"""No lost updates in the edit forms of reporting rounds, their sections and tasks, and in a focal
point's update: of saves opened on the same version exactly one is accepted, the others are
refused with the conflict shown (emg/tests/concurrency.py)."""

from django.urls import reverse

from emg.tests.concurrency import EditForm, edit_form_tests, stored_values, url_of
from progress.models import ReportingRound, ReportSection, Task, Update


def round_typed(world, n):
    return {
        "title": f"Progress Report, 26th SOM, as person {n} heads it",
        "opens_on": "2020-09-01",
        "deadline": f"2020-09-{n + 2:02d}",
    }


def section_url(world):
    return reverse("progress:round_section_edit", kwargs={"pk": world.round.sections.get().pk})


def task_typed(world, n):
    return {
        "mandate": world.mandate.pk,
        "section": world.task.section_id,
        "text": f"Agree on the approach, as person {n} words it",
    }


def update_typed(world, n):
    return {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-status": "ongoing",
        "items-0-text": f"The drafting group met {n} times.",
        "next_steps": f"Share draft {n}",
        "save": "",
    }


def update_stored(world):
    update = Update.objects.get(pk=world.update.pk)
    (item,) = update.items.all()  # one item, not one per save
    return {"items-0-text": item.text, "next_steps": update.next_steps}


FORMS = [
    EditForm(
        "round",
        url_of("progress:round_edit", "draft_round"),
        round_typed,
        stored_values(ReportingRound, "draft_round", "title", "deadline"),
        text="title",
        thing="reporting round",
    ),
    EditForm(
        "report section",
        section_url,
        lambda world, n: {"title": f"Collaboration, as person {n} heads it"},
        lambda world: {"title": ReportSection.objects.get(round=world.round).title},
        text="title",
    ),
    EditForm(
        "round task",
        url_of("progress:round_task_edit", "task"),
        task_typed,
        stored_values(Task, "task", "text"),
        text="text",
        thing="task",
    ),
    EditForm(
        "update",
        url_of("progress:task", "task"),
        update_typed,
        update_stored,
        text="items-0-text",
        user="focal_point",
    ),
]

(
    test_of_twenty_saves_opened_on_one_version_exactly_one_is_accepted,
    test_a_save_after_someone_elses_is_refused_then_replaces_on_purpose,
) = edit_form_tests(FORMS)

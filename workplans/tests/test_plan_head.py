"""The plan's head (title, introduction, period, notes) edited by the secretariat; a change in the
editor confirmed beside the item changed; a revision issued with a note, which the revisions and
the diff show; the diff naming items by number and title, with links to them."""

import pytest
from django.urls import reverse

from workplans.models import Footnote, WorkPlan
from workplans.services import revision_issue, work_plan_update
from workplans.tests.editing import HTMX, words
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db


def head_data(plan, **changes) -> dict:
    return {
        "version": plan.version,
        "title": plan.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "introduction": plan.introduction,
        "notes": "",
        **changes,
    }


def test_the_secretariat_edits_the_plans_title_introduction_period_and_notes(
    editor, plan, secretariat
):
    plan.footnotes.all().delete()
    Footnote.objects.create(work_plan=plan, order=1, anchor="DRAFT", text="Subject to approval.")
    url = reverse("workplans:edit", args=[plan.pk])
    assert "Subject to approval." in editor.get(url).content.decode()  # the notes, to edit

    response = editor.post(
        url,
        head_data(
            plan,
            title="EMG work plan 2021–2023",
            period_end=2023,
            introduction="First paragraph.\r\n\r\nSecond paragraph.",
            notes="Subject to approval.\r\n\r\nUn-costed.",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workplans:detail", args=[plan.pk])
    plan.refresh_from_db()
    assert (plan.title, plan.period, plan.version) == ("EMG work plan 2021–2023", "2021–2023", 2)
    assert [(f.order, f.anchor, f.text) for f in plan.footnotes.all()] == [
        (1, "DRAFT", "Subject to approval."),  # kept, with the words its mark follows
        (2, "", "Un-costed."),
    ]
    assert plan.history.first().history_user == secretariat
    page = words(editor.get(reverse("workplans:detail", args=[plan.pk])))
    assert "Second paragraph." in page and "Un-costed." in page


def test_a_plan_head_saved_over_a_newer_one_shows_the_current_values(editor, plan, secretariat):
    opened = plan.version
    work_plan_update(
        plan=WorkPlan.objects.get(pk=plan.pk),
        version=opened,
        title="Saved first",
        introduction="",
        period_start=2021,
        period_end=2022,
        notes=[],
        user=secretariat,
    )

    response = editor.post(
        reverse("workplans:edit", args=[plan.pk]),
        head_data(plan, version=opened, title="Saved second"),
    )

    assert response.status_code == 409
    assert "Saved first" in words(response)  # the current value, shown
    assert 'value="Saved second"' in response.content.decode()  # what was typed, kept
    assert WorkPlan.objects.get(pk=plan.pk).title == "Saved first"


def test_a_plan_head_refuses_a_period_ending_before_it_starts_or_taken_by_another_plan(
    editor, plan
):
    other = make_plan(period=(2023, 2024), title="EMG work plan 2023–2024")
    url = reverse("workplans:edit", args=[plan.pk])

    backwards = editor.post(url, head_data(plan, period_start=2022, period_end=2021))
    taken = editor.post(url, head_data(plan, period_start=2023, period_end=2024))
    too_long = editor.post(url, head_data(plan, notes="x" * 2001))

    assert backwards.status_code == 422
    assert "The last year cannot come before the first." in words(backwards)
    assert taken.status_code == 422
    assert f"{other.title} already covers 2023–2024." in words(taken)
    assert too_long.status_code == 422
    assert "Note 1 has 2001 characters" in words(too_long)
    assert WorkPlan.objects.get(pk=plan.pk).period == "2021–2022"


def test_readers_may_not_edit_the_plans_head(client_as, plan, senior_official, focal_point):
    for reader in (senior_official, focal_point):
        response = client_as(reader).post(
            reverse("workplans:edit", args=[plan.pk]), head_data(plan, title="Changed")
        )
        assert response.status_code == 403
    assert WorkPlan.objects.get(pk=plan.pk).title != "Changed"


def test_a_change_in_the_editor_is_said_beside_the_item_which_is_highlighted(editor, plan):
    activity = plan.outcomes.get(order=1).activities.get(order=2)

    response = editor.post(
        reverse("workplans:activity_move", args=[activity.pk]), {"direction": "up"}, headers=HTMX
    )

    page = response.content.decode()
    row = page[page.index(f'<li id="activity-{activity.pk}"') :]
    assert row.startswith(f'<li id="activity-{activity.pk}" class="emg-wp-activity emg-wp-changed"')
    confirmation = '<p class="emg-wp-confirmation" aria-hidden="true">Activity moved: it is now'
    assert confirmation in row.split("</li>")[0]
    assert page.count("emg-wp-changed") == 1
    # The page's live region says it too, for screen readers only.
    assert '<div class="visually-hidden" role="status">Activity moved' in page


def test_without_javascript_a_change_goes_back_to_the_item_on_the_plan(editor, plan):
    activity = plan.outcomes.get(order=1).activities.get(order=2)

    response = editor.post(
        reverse("workplans:activity_move", args=[activity.pk]), {"direction": "up"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#activity-{activity.pk}")


def test_issuing_a_revision_asks_for_a_note_and_the_pages_show_it(editor, plan, secretariat):
    url = reverse("workplans:issue_revision", args=[plan.pk])

    missing = editor.post(url, {"note": "  "})
    issued = editor.post(url, {"note": "The draft as sent to the members."})

    assert missing.status_code == 422
    assert "This field is required." in words(missing)
    assert issued.status_code == 302
    assert plan.revisions.get().note == "The draft as sent to the members."
    revisions = words(editor.get(reverse("workplans:revisions", args=[plan.pk])))
    assert "The draft as sent to the members." in revisions
    plan.outcomes.get(order=2).delete()
    editor.post(url, {"note": "Outcome II dropped, as the members asked."})
    diff = words(editor.get(reverse("workplans:diff", args=[plan.pk]) + "?from=0&to=1"))
    assert "Rev.1 Outcome II dropped, as the members asked." in diff
    with pytest.raises(Exception, match="Say in a note"):
        revision_issue(plan=plan, note="", user=secretariat)


def test_the_diff_names_items_by_number_and_title_and_links_to_them(editor, plan, secretariat):
    revision_issue(plan=plan, note="Original.", user=secretariat)
    activity = plan.outcomes.get(order=1).activities.get(order=1)
    removed = plan.outcomes.get(order=2).activities.get(order=2)
    activity.title = "Issue Management Group on Biodiversity"
    activity.save()
    removed.delete()

    page = editor.get(reverse("workplans:diff", args=[plan.pk])).content.decode()

    plan_page = reverse("workplans:detail", args=[plan.pk])
    assert (
        f'<a href="{plan_page}#activity-{activity.pk}">activity 1 — Issue Management Group on '
        "Biodiversity</a>"
    ) in page
    # A removed item is named, with no link: the plan no longer has it.
    assert f"activity 4 — {removed.title}:" in words(
        editor.get(reverse("workplans:diff", args=[plan.pk]))
    )
    assert f"#activity-{removed.pk}" not in page


def test_the_diff_shows_the_notes_of_the_revisions_between_its_two_sides(editor, plan, secretariat):
    revision_issue(plan=plan, note="The draft.", user=secretariat)
    plan.outcomes.get(order=2).delete()
    revision_issue(plan=plan, note="Outcome II dropped.", user=secretariat)
    plan.outcomes.get(order=1).activities.get(order=2).delete()
    revision_issue(plan=plan, note="Activity 2 dropped.", user=secretariat)
    diff = reverse("workplans:diff", args=[plan.pk])

    forwards = words(editor.get(diff + "?from=1&to=current"))
    backwards = words(editor.get(diff + "?from=current&to=0"))

    assert "Rev.2 Activity 2 dropped." in forwards
    assert "Outcome II dropped." not in forwards and "The draft." not in forwards
    assert "Rev.1 Outcome II dropped. Rev.2 Activity 2 dropped." in backwards
    assert "The draft." not in backwards

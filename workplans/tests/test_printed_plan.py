"""The plan as its document prints it: the table without controls, an edit shown at once, its notes,
and its Word file written from the same rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emg.documents import renderer_for
from emg.docx import document_docx
from emg.models import Document
from workplans import services
from workplans.models import Activity
from workplans.tests.pages import page_of
from workplans.tests.plan_builder import make_plan

pytestmark = pytest.mark.django_db


def test_the_printed_plan_is_the_same_page_again_and_shows_an_edit_at_once(client_as, secretariat):
    plan = make_plan(2, outcomes=2)
    document = Document.objects.create(title=plan.title, kind="work_plan", source=plan)
    client = client_as(secretariat)
    url = reverse("documents:preview", kwargs={"pk": document.pk})
    first = page_of(client, url)
    assert "Activity 1.1" in first
    assert page_of(client, url) == first  # printed again, the same

    activity = Activity.objects.get(outcome__work_plan=plan, title="Activity 1.1")
    services.activity_update(
        activity=activity,
        version=activity.version,
        user=secretariat,
        outcome=activity.outcome,
        title="Activity 1.1, printed anew",
        description=activity.description,
        mandate=activity.mandate,
        schedule=activity.schedule,
    )

    again = page_of(client, url)
    assert "Activity 1.1, printed anew" in again
    assert "hx-get" not in again  # printed without the editor's controls


def test_the_plans_word_file_is_written_from_its_printed_context_without_a_query(secretariat):
    # The Word file is written from the rows the page printed, not from rows read again.
    plan = make_plan(2, outcomes=2)
    document = Document.objects.create(title=plan.title, kind="work_plan", source=plan)
    _template, context = renderer_for(document)(document, plan)

    with CaptureQueriesContext(connection) as queries:
        word = document_docx(document, context=context)

    assert len(queries) == 0
    text = "\n".join(p.text for p in word.document.paragraphs)
    assert "Subject to approval by SOM 27." in text  # the plan's note


def test_the_printed_plan_ends_with_the_plans_notes_as_its_page_and_word_file_do(
    client_as, secretariat
):
    plan = make_plan(2, outcomes=2)
    assert plan.footnotes.exists()
    document = Document.objects.create(title=plan.title, kind="work_plan", source=plan)

    printed = page_of(
        client_as(secretariat), reverse("documents:preview", kwargs={"pk": document.pk})
    )

    notes = printed.split('class="un-footnotes"', 1)[1]
    for footnote in plan.footnotes.all():
        assert footnote.text in notes

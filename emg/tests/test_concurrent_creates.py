"""Adds of a value that must be unique (a SOM's number, a document's symbol, a mandate's name),
posted by several people at the same moment: one is saved, the others are told next to the field
that the value is taken — never a server error. Each form checks the value before it saves, and
every check passes before any save commits, so the database's unique constraint decides and the
form is checked again (emg.views.editing.save_edit)."""

import re

import pytest
from django.urls import reverse

from emg.models import Document, Meeting
from emg.tests.concurrency import AT_ONCE, post_at_once, statuses
from emg.views.editing import save_edit
from mandates.models import Mandate

pytestmark = pytest.mark.django_db


def field_error(page: str, name: str) -> str:
    """The error shown next to the field ``name``, as text."""
    found = re.search(rf'<div id="id_{name}_error"[^>]*>\s*<p[^>]*><strong>(.*?)</strong>', page)
    return found.group(1) if found else ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql(reason="SQLite serialises writers: the requests could not overlap")
@pytest.mark.parametrize(
    "url, data, rows, field",
    [
        (
            lambda world: reverse("meetings:create"),
            lambda world, n: {"number": 40, "title": f"Fortieth, as person {n} calls it"},
            lambda world: Meeting.objects.filter(number=40),
            "number",
        ),
        (
            lambda world: reverse("meetings:document_add", kwargs={"number": world.meeting.number}),
            lambda world, n: {
                "symbol": "EMG/SOM.26/INF.9",
                "title": f"Information note {n}",
                "kind": "other",
                "status": "draft",
            },
            lambda world: Document.objects.filter(symbol="EMG/SOM.26/INF.9"),
            "symbol",
        ),
        (
            lambda world: reverse("mandates:create"),
            lambda world, n: {"kind": "img", "name": "Issue Management Group on Oceans"},
            lambda world: Mandate.objects.filter(name="Issue Management Group on Oceans"),
            "name",
        ),
    ],
    ids=["meeting number", "document symbol", "mandate name"],
)
def test_a_unique_value_added_by_many_at_once_is_saved_once(world, url, data, rows, field):
    secretariat = world.people["secretariat"]
    posts = [(url(world), data(world, n)) for n in range(AT_ONCE)]

    answers = post_at_once(secretariat, posts)

    assert sorted(statuses(answers)) == [200] * (AT_ONCE - 1) + [302]
    assert rows(world).count() == 1
    refused = [answer.content.decode() for answer in answers if answer.status_code == 200]
    assert all(field_error(page, field) for page in refused)


def test_a_value_taken_between_the_forms_check_and_its_save_is_said_next_to_its_field(world):
    from emg.forms import MeetingForm

    form = MeetingForm({"number": 41, "title": "Forty-first", "host": world.entity.pk})
    assert form.is_valid()  # checked: nobody has 41 yet
    Meeting.objects.create(number=41, title="Saved by a colleague meanwhile")

    assert save_edit(form, form.save) is None

    assert list(form.errors) == ["number"] and "41" in form.errors["number"][0]
    assert Meeting.objects.filter(number=41).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql(reason="the reference is checked when the transaction commits")
def test_a_row_deleted_between_the_forms_check_and_its_save_is_said_next_to_its_field(world):
    from emg.forms import MeetingForm
    from emg.models import Entity

    host = Entity.objects.create(acronym="UNOPS", name="UN Office for Project Services")
    form = MeetingForm({"number": 42, "title": "Forty-second", "host": host.pk})
    assert form.is_valid()
    host.delete()  # by a colleague, meanwhile

    assert save_edit(form, form.save) is None

    assert list(form.errors) == ["host"] and not Meeting.objects.filter(number=42).exists()

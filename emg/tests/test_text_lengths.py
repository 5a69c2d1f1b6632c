"""Every text typed into the workspace has a sensible maximum length (emg/limits.py), kept on
every way in: each form refuses a longer text with a message next to the field and saves nothing,
the importer refuses the record and names its line (it never cuts the text), and the database
itself refuses what any other write would store."""

import html
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from emg import limits
from emg.importing import Source, import_source
from emg.tests.test_stored_xss import FIELDS, save
from mandates.models import Clause, Decision
from progress.models import Task, UpdateItem
from workplans.models import Footnote as PlanFootnote
from workplans.models import Milestone

APPS = ("emg", "mandates", "workplans", "progress")

# Texts the system writes, not people: a pack's failure, a Word file's conversion's failure and
# the text read from its first page (cut to emg.conversions.FIRST_PAGE_TEXT_MAX), Django's
# session data.
NOT_TYPED = {
    ("emg.MeetingPack", "error"),
    ("emg.ConvertedFile", "error"),
    ("emg.ConvertedFile", "first_page_text"),
    ("emg.UserSession", "session_data"),
    # The search's copy of the records' text (bounded by emg.search, written by its index).
    ("emg.SearchEntry", "headings"),
    ("emg.SearchEntry", "body"),
}


def typed_text_fields():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                typed = (model._meta.label, field.name) not in NOT_TYPED
                if isinstance(field, models.TextField) and typed:
                    yield model, field


TEXT_FIELDS = list(typed_text_fields())


def length_of(constraint: models.CheckConstraint) -> tuple[str, int]:
    """The field and the limit of a check constraint made by limits.length_constraint."""
    length, limit = constraint.condition.lhs, constraint.condition.rhs
    return length.source_expressions[0].name, limit


@pytest.mark.parametrize(
    ("model", "field"), TEXT_FIELDS, ids=lambda v: getattr(v, "name", None) or v.__name__
)
def test_every_typed_text_has_a_maximum_kept_by_forms_validation_and_the_database(model, field):
    limit = field.max_length

    assert limit in (limits.TEXT, limits.NOTE)
    assert any(
        isinstance(v, MaxLengthValidator) and v.limit_value == limit for v in field.validators
    )
    checks = [
        length_of(c)
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint) and c.name.endswith("_max_length")
    ]
    assert (field.name, limit) in checks


def test_every_text_field_is_checked_and_footnotes_fit_a_page():
    names = {(model.__name__, field.name, field.max_length) for model, field in TEXT_FIELDS}

    assert len(TEXT_FIELDS) == 20
    assert ("Footnote", "text", limits.NOTE) in names
    assert ("WorkPlanRevision", "note", limits.NOTE) in names
    assert ("Decision", "text", limits.TEXT) in names


# The database


@pytest.mark.parametrize(
    ("record", "field", "constraint"),
    [
        ("mandate", "description", "mandate_description_max_length"),
        ("clause", "text", "clause_text_max_length"),
        ("footnote", "text", "tor_footnote_text_max_length"),
        ("decision", "text", "decision_text_max_length"),
        ("work_plan", "introduction", "work_plan_introduction_max_length"),
        ("outcome", "statement", "outcome_statement_max_length"),
        ("activity", "description", "activity_description_max_length"),
        ("milestone", "text", "milestone_text_max_length"),
        ("task", "text", "task_text_max_length"),
        ("update", "next_steps", "update_next_steps_max_length"),
        ("update", "reviewer_comment", "update_reviewer_comment_max_length"),
        ("agenda_item", "annotation", "agenda_item_annotation_max_length"),
        ("agenda_item", "suggested_action", "agenda_item_suggested_action_max_length"),
    ],
)
def test_the_database_refuses_a_text_longer_than_its_field(
    record, field, constraint, world, violates
):
    row = getattr(world, record)
    limit = type(row)._meta.get_field(field).max_length
    rows = type(row).objects.filter(pk=row.pk)
    rows.update(**{field: "x" * limit})

    with violates(constraint):
        rows.update(**{field: "x" * (limit + 1)})


def test_the_database_refuses_a_progress_item_longer_than_its_field(world, violates):
    items = UpdateItem.objects.filter(update=world.update)
    items.update(text="x" * limits.TEXT)

    with violates("update_item_text_max_length"):
        items.update(text="x" * (limits.TEXT + 1))


def test_the_database_refuses_a_work_plan_footnote_longer_than_a_third_of_a_page(world, violates):
    PlanFootnote.objects.create(work_plan=world.work_plan, order=1, text="x" * limits.NOTE)

    with violates("work_plan_footnote_text_max_length"):
        PlanFootnote.objects.create(
            work_plan=world.work_plan, order=2, text="x" * (limits.NOTE + 1)
        )


# The forms


def errors_next_to(page: str, name: str) -> list[str]:
    """The messages crispy-forms shows under the form field ``name`` (its id prefixed or not:
    "id_title", "id_items-0-text", the work plan editor's "o1-heading")."""
    found = re.findall(rf'<(?:p|span) id="error_\d+_[\w-]*[_-]{name}"><strong>(.*?)</strong>', page)
    return [html.unescape(message) for message in found]


def max_length_of(spec) -> int:
    module, name = spec.form.rsplit(".", 1)
    return getattr(import_module(module), name).base_fields[spec.name].max_length


# A work plan's notes are typed in one box, a paragraph each, and each note is held to its own
# maximum (workplans/tests/test_plan_head.py); every other field has one maximum.
LIMITED = [spec for spec in FIELDS if max_length_of(spec) is not None]


@pytest.mark.parametrize("spec", LIMITED, ids=lambda spec: spec.id)
def test_a_text_too_long_is_refused_next_to_its_field_and_nothing_is_saved(spec, world, client_as):
    limit = max_length_of(spec)
    before = spec.stored(world)

    response = save(spec, world, client_as, "x" * limit + "yz")

    # The form again, with what was typed (the work plan's editor answers 422, which htmx swaps
    # in as well).
    assert response.status_code in (200, 422)
    errors = errors_next_to(response.content.decode(), spec.name)
    assert errors == [f"Ensure this value has at most {limit} characters (it has {limit + 2})."]
    assert spec.stored(world) == before


# The editor's forms answer in place; the plan's head and a revision's note are pages of their own.
OWN_PAGES = {"workplans:edit", "workplans:issue_revision"}
WORK_PLAN_EDITOR = [
    spec for spec in LIMITED if spec.url.startswith("workplans:") and spec.url not in OWN_PAGES
]


@pytest.mark.parametrize("spec", WORK_PLAN_EDITOR, ids=lambda spec: spec.id)
def test_the_work_plan_editor_refuses_a_text_too_long_in_place(spec, world, client_as):
    limit = max_length_of(spec)
    before = spec.stored(world)
    client = client_as(world.people[spec.user])
    client.defaults["HTTP_HX_REQUEST"] = "true"

    response = save(spec, world, client_as, "x" * limit + "yz")

    assert response.status_code == 422
    assert "<html" not in response.content.decode()
    errors = errors_next_to(response.content.decode(), spec.name)
    assert errors == [f"Ensure this value has at most {limit} characters (it has {limit + 2})."]
    assert spec.stored(world) == before


# The importer


def seed(name: str) -> str:
    return (settings.BASE_DIR / "sample_data" / name).read_text(encoding="utf-8")


def lengthened(text: str, words: str, length: int) -> tuple[str, int]:
    """``text`` with ``words`` (on one line of it) run on to ``length`` characters; the line."""
    assert words in text, f"the seed no longer contains {words!r}"
    at = text.index(words) + len(words)
    more = " and so on" * (length // 10)
    return text[:at] + more + text[at:], text[:at].count("\n") + 1


@pytest.mark.parametrize(
    ("name", "words", "what"),
    [
        ("action-points-som26.txt", "Consider and endorse the EMG report", "decision's text"),
        (
            "tor-img-sustainability-management.txt",
            "sustainable management in the United Nations system is",
            "clause's text",
        ),
        (
            "tor-img-sustainability-management.txt",
            "See report of the 15th Senior officials meeting",
            "footnote's text",
        ),
        ("work-plan-2021-2022-draft.txt", "Facilitate the establishment", "milestone's text"),
        ("progress-report-som26-mid-term.txt", "Provide coordinated input", "the task is"),
    ],
)
@pytest.mark.django_db
def test_the_importer_refuses_a_record_too_long_with_its_line_and_saves_nothing(name, words, what):
    text, line = lengthened(seed(name), words, limits.TEXT)

    result = import_source(Source(name, text))

    assert not result.ok
    assert result.problem.line == line
    assert what in result.problem.message
    assert "characters long; at most" in result.problem.message
    assert not Decision.objects.exists() and not Clause.objects.exists()
    assert not Milestone.objects.exists() and not Task.objects.exists()

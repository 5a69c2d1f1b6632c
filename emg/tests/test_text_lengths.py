"""Every text typed into the workspace has a sensible maximum length (emg/limits.py), kept on
every way in: each form refuses a longer text with a message next to the field and saves nothing,
and the database itself refuses what any other write would store."""

import html
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models

from emg import limits
from emg.tests.test_stored_xss import FIELDS, save
from progress.models import UpdateItem
from workplans.models import Footnote as PlanFootnote

APPS = ("emg", "mandates", "workplans", "progress")

# Texts the system writes, not people: a pack's failure, Django's session data.
NOT_TYPED = {("emg.MeetingPack", "error"), ("emg.UserSession", "session_data")}


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

    assert len(TEXT_FIELDS) == 13
    assert ("Footnote", "text", limits.NOTE) in names
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


@pytest.mark.parametrize("spec", FIELDS, ids=lambda spec: spec.id)
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


WORK_PLAN_EDITOR = [spec for spec in FIELDS if spec.url.startswith("workplans:")]


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

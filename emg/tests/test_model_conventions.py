"""Every model of the four apps reads well and keeps its change history."""

import pytest
from django.apps import apps
from django.db import models

# Rows written only by the system: a pack is rendered, a revision is a frozen copy, a reminder
# records a sent e-mail, a session is kept by Django's session machinery.
NOT_EDITED_BY_PEOPLE = {
    "emg.MeetingPack",
    "emg.RenderedPart",
    "emg.UserSession",
    "workplans.WorkPlanRevision",
    "progress.Reminder",
}


def project_models():
    for label in ("emg", "mandates", "workplans", "progress"):
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


@pytest.mark.parametrize("model", list(project_models()), ids=lambda m: m._meta.label)
def test_every_model_has_its_own_readable_name(model):
    assert model.__str__ is not models.Model.__str__


@pytest.mark.parametrize("model", list(project_models()), ids=lambda m: m._meta.label)
def test_every_editable_model_keeps_change_history(model):
    if model._meta.label in NOT_EDITED_BY_PEOPLE:
        assert not hasattr(model, "history")
    else:
        assert hasattr(model, "history"), f"{model._meta.label} has no HistoricalRecords"

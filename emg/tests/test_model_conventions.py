"""Every model of the four apps reads well and keeps its change history."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.base import Model
from django.utils import translation

from emg.models import Document, MeetingPack, Session, User

# Rows written only by the system: a pack is rendered, a Word file converted, a revision is a
# frozen copy, a reminder records a sent e-mail, a session is kept by Django's session machinery,
# an upload to import holds files until they are imported (the records they make keep their own
# history), a calendar feed is only ever made or reset, and its token is no change to read (nor
# is an API token, made and revoked);
# a search entry is a copy the index writes; a notification records what someone was told,
# and its preferences are one person's own choice of e-mails, not the Group's record.
NOT_EDITED_BY_PEOPLE = {
    "emg.ApiToken",
    "emg.CalendarFeed",
    "emg.Notification",
    "emg.NotificationDigest",
    "emg.NotificationPreference",
    "emg.ImportFile",
    "emg.ImportUpload",
    "emg.MeetingPack",
    "emg.RenderedPart",
    "emg.ConvertedFile",
    "emg.SearchEntry",
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


def test_choice_labels_read_as_djangos_own_in_every_language():
    session = Session(segment=Session.Segment.MID_TERM_TECHNICAL)
    document = Document(kind=Document.Kind.ACTION_POINTS, status=Document.Status.FINAL)
    cases = [
        (session, "segment"),
        (Session(segment="retired"), "segment"),
        (document, "kind"),
        (document, "status"),
        (MeetingPack(status=MeetingPack.Status.READY), "status"),
        (User(role=User.Role.FOCAL_POINT), "role"),
        (User(role=""), "role"),
    ]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for instance, name in cases:
                field = instance._meta.get_field(name)
                djangos = Model._get_FIELD_display(instance, field)
                assert getattr(instance, f"get_{name}_display")() == djangos
    assert session.get_segment_display() == "Mid-term technical segment"

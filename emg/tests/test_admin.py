"""Every model of the four apps has a working admin: lists, search, add, change and history."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from emg.models import (
    AgendaItem,
    ApiToken,
    CalendarFeed,
    ConvertedFile,
    Document,
    DocumentVersion,
    ImportFile,
    ImportUpload,
    Invitation,
    ItemSummary,
    Meeting,
    MeetingPack,
    MeetingReport,
    Notification,
    NotificationDigest,
    NotificationPreference,
    Participant,
    RenderedPart,
    ReportComment,
    SearchEntry,
    User,
    UserSession,
)
from emg.tests.factories import EntityFactory, MeetingFactory, SessionFactory, UserFactory
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    Footnote,
    MandateAlias,
    Membership,
    TermsOfReference,
)
from mandates.tests.factories import FocalPointFactory, MandateFactory
from progress.models import Reminder, ReportingRound, ReportSection, Task, Update, UpdateItem
from workplans.models import Activity, Milestone, Outcome, WorkPlan, WorkPlanRevision
from workplans.models import Footnote as WorkPlanFootnote

pytestmark = pytest.mark.django_db

OUR_APPS = ["emg", "mandates", "workplans", "progress"]
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OUR_APPS),
    key=lambda model: model._meta.label,
)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def add_a_few_of_everything(numbers=range(1, 4)):
    """Rows of every model of the four apps, linked the way real data is; one set per number."""
    undp = EntityFactory(acronym="UNDP", name="Test Programme")
    for n in numbers:
        meeting = MeetingFactory(number=n, host=undp, title=f"Test meeting {n}")
        session = SessionFactory(meeting=meeting, date=datetime.date(2020, 10, n), venue="Geneva")
        item = AgendaItem.objects.create(meeting=meeting, order=1, title="Test agenda item")
        Participant.objects.create(
            session=session, name=f"Test participant {n}", entity=undp, entity_name="UNDP"
        )
        report = MeetingReport.objects.create(
            meeting=meeting, opening="Test opening", status=MeetingReport.Status.CIRCULATED
        )
        ItemSummary.objects.create(report=report, agenda_item=item, text="Test summary")
        ReportComment.objects.create(report=report, text="Test comment")
        Document.objects.create(
            symbol=f"EMG/SOM.{n}/03",
            title="Test work plan",
            kind=Document.Kind.WORK_PLAN,
            meeting=meeting,
            agenda_item=item,
        )
        DocumentVersion.objects.create(
            document=meeting.documents.get(), language="fr", file=f"documents/{n}/fr/test.pdf"
        )
        MeetingPack.objects.create(meeting=meeting, status=MeetingPack.Status.READY, progress=100)
        RenderedPart.objects.create(
            content_hash=f"{n:064x}", file=f"parts/test-{n}.pdf", page_count=n
        )
        SearchEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Meeting),
            object_id=meeting.pk,
            kind="meeting",
            title=f"Test meeting {n}",
            url=f"/meetings/{n}/",
            audience=SearchEntry.Audience.EVERYONE,
        )
        ConvertedFile.objects.create(
            content_hash=f"{n:064x}",
            kind="docx",
            status=ConvertedFile.Status.READY,
            file=f"converted/test-{n}.pdf",
            page_count=n,
        )

        mandate = MandateFactory(name=f"Issue Management Group on Test {n}", end_date=None)
        MandateAlias.objects.create(mandate=mandate, name=f"IMG on Test {n}")
        Membership.objects.create(mandate=mandate, entity=undp, role=Membership.Role.LEAD)
        focal_point = FocalPointFactory(mandate=mandate, nominated_by=undp).user
        tor = TermsOfReference.objects.create(
            mandate=mandate, title="Test terms of reference", established_at=meeting
        )
        section = Clause.objects.create(tor=tor, order=1, kind="section", text="Background")
        paragraph = Clause.objects.create(
            tor=tor, parent=section, order=1, kind="paragraph", text="Test paragraph"
        )
        Footnote.objects.create(tor=tor, clause=paragraph, order=1, text="Test footnote")
        decision_section = DecisionSection.objects.create(
            meeting=meeting, order=1, title="Test section", mandate=mandate
        )
        lead_in = Decision.objects.create(
            section=decision_section,
            order=1,
            verb="extend",
            text="Agree to extend",
            mandate=mandate,
        )
        decision = Decision.objects.create(
            section=decision_section, parent=lead_in, order=1, text="Test decision"
        )

        plan = WorkPlan.objects.create(
            title=f"Test work plan {n}", period_start=2000 + 2 * n, period_end=2001 + 2 * n
        )
        WorkPlanRevision.objects.create(work_plan=plan, number=0, snapshot={"outcomes": []})
        WorkPlanFootnote.objects.create(work_plan=plan, order=1, text="Test footnote")
        outcome = Outcome.objects.create(work_plan=plan, order=1, heading="Test outcome")
        activity = Activity.objects.create(
            outcome=outcome,
            order=1,
            mandate=mandate,
            title="Test activity",
            schedule_start=datetime.date(2021, 10, 1),
            schedule_start_precision="month",
            schedule_end=datetime.date(2022, 9, 30),
            schedule_end_precision="month",
        )
        milestone = Milestone.objects.create(activity=activity, order=1, text="Test milestone")

        round = ReportingRound.objects.create(
            meeting=meeting, session=session, title=f"Test round {n}", state="open"
        )
        report_section = ReportSection.objects.create(round=round, order=1, title="Test section")
        task = Task.objects.create(
            round=round,
            section=report_section,
            mandate=mandate,
            order=1,
            text="Test task",
            source_decision=decision,
            source_activity=activity,
            source_milestone=milestone,
        )
        update = Update.objects.create(
            task=task,
            state=Update.State.SUBMITTED,
            author=focal_point,
            submitted_by=focal_point,
            submitted_at=timezone.now(),
        )
        UpdateItem.objects.create(update=update, order=1, status="ongoing", text="Test progress")
        Reminder.objects.create(round=round, user=focal_point, kind=Reminder.Kind.BEFORE)
        digest = NotificationDigest.objects.create(
            recipient=focal_point, date=datetime.date(2020, 4, n)
        )
        Notification.objects.create(
            recipient=focal_point,
            kind="update_returned",
            key=f"{n}:2",
            summary=f"Update returned: test {n}",
            url="/",
            delivery="digest",
            digest=digest,
        )
        NotificationPreference.objects.create(
            user=focal_point, kind="update_returned", delivery="digest"
        )
        upload = ImportUpload.objects.create(token=f"{n:064x}", user=focal_point)
        ImportFile.objects.create(upload=upload, order=1, name="test.txt", file=f"imports/{n}.txt")
        Invitation.objects.create(
            user=focal_point,
            email=f"test{n}@example.org",
            name="Test invitee",
            role=User.Role.FOCAL_POINT,
            entity=undp,
            invited_by=focal_point,
            expires_at=timezone.now(),
            token_hash=f"{n:064x}",
        )
        CalendarFeed.objects.create(user=focal_point, token_hash=CalendarFeed.hash(f"token {n}"))
        ApiToken.objects.create(
            user=focal_point, name=f"Test script {n}", prefix="abcdefgh", key_hash=f"{n:064x}"
        )


def test_every_model_of_our_apps_is_registered_except_history():
    ours = {
        model
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    }

    assert ours == set(REGISTERED)


def test_models_with_history_use_the_history_admin():
    for model in REGISTERED:
        if hasattr(model, "history"):
            assert isinstance(admin.site._registry[model], SimpleHistoryAdmin), model


def test_user_admin_edits_role_and_entity(superuser_client):
    user = UserFactory(username="fiona", role="focal_point")

    page = superuser_client.get(url(user.__class__, "change", user.pk)).content.decode()

    assert 'name="role"' in page
    assert 'name="entity"' in page


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_empty_changelist_search_and_add_page_answer(superuser_client, model):
    assert superuser_client.get(url(model, "changelist")).status_code == 200
    assert superuser_client.get(url(model, "changelist"), {"q": "test"}).status_code == 200
    # Sessions are made by logging in, invitations on the people pages, a calendar feed by
    # its owner (the only one ever shown its secret address), not in the admin.
    # The search's entries are written by its index alone (emg.search.index), an API token by
    # its owner (shown its key once).
    added_by_hand = model not in (UserSession, Invitation, CalendarFeed, SearchEntry, ApiToken)
    assert superuser_client.get(url(model, "add")).status_code == (200 if added_by_hand else 403)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_change_and_history_pages_answer_with_rows(superuser_client, model):
    add_a_few_of_everything()
    obj = model.objects.order_by("pk").last()
    assert obj is not None

    assert superuser_client.get(url(model, "changelist")).status_code == 200
    assert superuser_client.get(url(model, "changelist"), {"q": "test"}).status_code == 200
    assert superuser_client.get(url(model, "change", obj.pk)).status_code == 200
    if isinstance(admin.site._registry[model], SimpleHistoryAdmin):
        assert superuser_client.get(url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_queries_do_not_grow_with_rows(superuser_client, model):
    add_a_few_of_everything(numbers=[1])
    with CaptureQueriesContext(connection) as with_one:
        superuser_client.get(url(model, "changelist"))

    add_a_few_of_everything(numbers=range(2, 6))
    with CaptureQueriesContext(connection) as with_five:
        superuser_client.get(url(model, "changelist"))

    assert len(with_five) == len(with_one)

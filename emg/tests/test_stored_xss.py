"""Stored XSS and formula injection, over every text field of every form of the project.

Each payload of emg/tests/payloads.py is typed into each text field through the view that saves
it (as the person who may: the secretariat, or the focal point for an update), then every page
that shows the field, the document that prints it (preview, PDF and DOCX) and the work plan's CSV,
XLSX and DOCX are read back: the payload must be there as the text typed, and nothing of it may
have become markup (a tag, an event handler, a javascript: URL), a PDF action, or a spreadsheet
formula. Pages that show the value cut short (histories, lists, home panels, diffs) are read for
live markup only. The reading back is emg/tests/xss.py's; the list pages given the payloads as
filters are test_reflected_xss.py's.

Fields are found from the form classes themselves, so a new text field fails
``test_every_text_field_of_every_form_is_attacked`` until it has a row in ``FIELDS``.
"""

from __future__ import annotations

import html
import io
import itertools
import pkgutil
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

import pytest
from allauth.account.forms import LoginForm
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader

from emg import limits
from emg.models import Document
from emg.tests import payloads
from emg.tests.payloads import chunks, fitted
from emg.tests.test_permission_matrix import all_rows
from emg.tests.xss import (
    INERT,
    assert_csv_neutral,
    assert_shown_as_text,
    assert_xlsx_neutral,
    docx_text,
    in_value,
    in_xml,
    pdf_text,
    printable,
    printed_whole,
    read,
    squeeze,
)

APPS = ("emg", "mandates", "workplans", "progress")


# The reader itself.


def test_the_reader_finds_each_payload_alive_where_a_page_forgot_to_escape_it():
    for payload in payloads.XSS:
        in_text = read(f"<body><main><p>{payload}</p></main></body>").live
        in_attribute = read(f"<body><input value=\"{payload}\"><input value='{payload}'></body>")

        assert bool(in_text or in_attribute.live) == (payload not in INERT), payload
        assert not read(f"<body><p>{html.escape(payload)}</p></body>").live, payload
        assert payload in read(f"<body><p>{html.escape(payload)}</p></body>").text


# The fields.


@dataclass(frozen=True)
class Field:
    """A text field of a form, how a value gets into it, and where the value is shown."""

    form: str  # "module.FormClass"
    name: str
    url: str  # the POST row of the permission matrix whose view saves the form
    stored: Callable[[object], str]  # the value as saved, read back
    pages: Callable[[object], list[str]]  # pages (read as the secretariat) showing the value
    length: int | None = None  # max_length
    user: str = "secretariat"
    data: Callable[[object, dict, str], dict] | None = None  # from the row's data and the value
    before: Callable[[object, object, str], None] | None = None  # (world, client_as, value)
    document: str | None = None  # the kind of document that prints it
    focal_pages: Callable[[object], list[str]] = field(default=lambda world: [])
    focal_glimpses: Callable[[object], list[str]] = field(default=lambda world: [])  # cut short
    exports: tuple[str, ...] = ()  # the work plan's files that show it: csv, xlsx, docx
    note: str = ""
    # The field's validation refuses every payload (an e-mail address): each must come back in
    # the form, next to its error, as text, and nothing be saved.
    refused: bool = False
    # What a save answers: a redirect, or the page itself when it shows what was made once (a
    # new API token's key).
    saved_status: int = 302

    @property
    def id(self) -> str:
        return f"{self.form.rsplit('.', 1)[-1]}.{self.name}{self.note}"


EVERY_FILE = ("csv", "xlsx", "docx")


def url(name, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


def page_of(name: str, part: str, key: str = "pk") -> Callable[[object], list[str]]:
    """The page named ``name`` of the world's ``part`` (by its ``key``)."""

    def pages(world) -> list[str]:
        return [url(name, **{key: getattr(getattr(world, part), key)})]

    return pages


meeting_pages = page_of("meetings:detail", "meeting", "number")
mandate_pages = page_of("mandates:detail", "mandate")
tor_pages = page_of("mandates:tor_clauses", "tor")
plan_pages = page_of("workplans:detail", "work_plan")
task_pages = page_of("progress:review", "task")
focal_task_pages = page_of("progress:task", "task")


def update_of(world):
    from progress.models import Update

    return Update.objects.get(task=world.task)


def reread(attribute: str, name: str):
    def stored(world):
        instance = getattr(world, attribute)
        instance.refresh_from_db()
        return getattr(instance, name)

    return stored


def newest(model_path: str, name: str):
    def stored(world):
        module, model = model_path.rsplit(".", 1)
        return getattr(getattr(import_module(module), model).objects.latest("pk"), name)

    return stored


def newest_token_name(world) -> str:
    from emg.models import ApiToken

    return getattr(ApiToken.objects.order_by("pk").last(), "name", "")


def replace(**fixed):
    """Row data with ``fixed`` keys set (None: removed) and the field set to the value."""

    def data(world, base, value):
        merged = {**base, **fixed}
        return {key: v for key, v in merged.items() if v is not None}

    return data


def plan_version(world, base, value):
    """The plan's head form opened on the plan as it is now: each value saved takes a version."""
    world.work_plan.refresh_from_db()
    return {**base, "version": world.work_plan.version}


def plan_notes(world) -> str:
    return "\n\n".join(world.work_plan.footnotes.order_by("order").values_list("text", flat=True))


def plan_changed(world, client_as, value):
    """A change to the plan, so that there is a revision to issue with the note."""
    from workplans.models import Outcome

    Outcome.objects.filter(pk=world.outcome.pk).update(heading=f"Heading {uuid.uuid4()}")


def anchor_in_clause(world, client_as, value):
    # (A null byte cannot even be stored: the form must refuse it, not the database.)
    world.clause.text = f"Background {value.replace(chr(0), '')} of the group"
    world.clause.save()


def item_data(world, base, value):
    return {**base, "items-0-text": value}


def submitted(world, client_as, value):
    """The focal point submits the update, so that the secretariat can return it."""
    data = {**post_row("progress:task").data(world), "submit": ""}
    data.pop("save", None)
    response = client_as(world.people["focal_point"]).post(
        url("progress:task", pk=world.task.pk), data
    )
    assert response.status_code == 302


_invitees = itertools.count()


def invitee(world, base, value):
    """Each invitation to an address of its own: an address already invited is refused."""
    return {**base, "email": f"invitee{next(_invitees)}@example.org"}


def person_pages(world) -> list[str]:
    from emg.models import User

    newest_person = User.objects.latest("pk").pk
    return [
        url("people:detail", pk=newest_person),
        url("people:history", pk=newest_person),
        url("people:list"),
    ]


def invitations(world):
    from emg.models import Invitation

    return Invitation.objects.count()


def report_of(world):
    from emg.models import MeetingReport

    return MeetingReport.objects.get_or_create(meeting=world.meeting)[0]


def report_pages(world) -> list[str]:
    return [url("meetings:report", number=world.meeting.number)]


def summary_version(world, base, value):
    """The summary's version as the form would be opened now: 0 before the first is saved."""
    summary = report_of(world).summaries.first()
    return {**base, "version": summary.version if summary else 0}


def _issued(world):
    from emg.selectors import generated_document

    return generated_document(source=world.round, kind=Document.Kind.PROGRESS_REPORT)


def issued_report(name: str):
    """The value of ``name`` in the head of the round's report as issued."""
    return lambda world: getattr(_issued(world), name, "")


def newest_comment(world):
    from emg.models import ReportComment
    from emg.tests.matrix_rows import circulated_report

    circulated_report(world)
    latest = ReportComment.objects.order_by("-pk").first()
    return latest.text if latest else ""


def participant_value(name: str):
    """The value of ``name`` of the participant the permission matrix's rows edit."""

    def stored(world):
        from emg.models import Participant
        from emg.tests.matrix_rows import participant

        return getattr(Participant.objects.get(pk=participant(world)["pk"]), name)

    return stored


def issued_version(world, base, value):
    """The issue form opened on the report as issued now, as the round's page opens it."""
    issued = _issued(world)
    return {**base, "version": str(issued.version) if issued else "0"}


def emg_field(form, name, row, attribute, pages, length, **extra):
    return Field(f"emg.forms.{form}", name, row, reread(attribute, name), pages, length, **extra)


FIELDS = [
    # emg: meetings, sessions, agenda items, documents
    emg_field(
        "MeetingForm",
        "title",
        "meetings:edit",
        "meeting",
        lambda world: [*meeting_pages(world), url("meetings:list")],
        300,
        document="head",
    ),
    emg_field("SessionForm", "time_zone", "meetings:session_edit", "session", meeting_pages, 60),
    emg_field(
        "SessionForm",
        "venue",
        "meetings:session_edit",
        "session",
        meeting_pages,
        300,
        data=replace(online=None),
        document="agenda",
    ),
    emg_field(
        "SessionForm",
        "online_platform",
        "meetings:session_edit",
        "session",
        meeting_pages,
        100,
        document="agenda",
    ),
    emg_field(
        "AgendaItemForm",
        "title",
        "meetings:agenda_item_edit",
        "agenda_item",
        meeting_pages,
        500,
        document="agenda",
    ),
    emg_field(
        "DocumentForm",
        "symbol",
        "meetings:document_edit",
        "document",
        meeting_pages,
        100,
        document="head",
    ),
    emg_field(
        "DocumentForm",
        "title",
        "meetings:document_edit",
        "document",
        meeting_pages,
        500,
        document="head",
    ),
    emg_field(
        "DocumentForm",
        "distribution",
        "meetings:document_edit",
        "document",
        lambda w: [],
        200,
        document="head",
    ),
    emg_field(
        "DocumentForm",
        "author_line",
        "meetings:document_edit",
        "document",
        lambda w: [],
        200,
        document="head",
    ),
    # emg: the report of a meeting
    Field(
        "emg.forms.MeetingReportForm",
        "opening",
        "meetings:report_edit",
        lambda world: report_of(world).opening,
        report_pages,
        limits.TEXT,
        document="meeting_report",
    ),
    Field(
        "emg.forms.MeetingReportForm",
        "closing",
        "meetings:report_edit",
        lambda world: report_of(world).closing,
        report_pages,
        limits.TEXT,
        document="meeting_report",
    ),
    Field(
        "emg.forms.ItemSummaryForm",
        "text",
        "meetings:report_summary",
        lambda world: getattr(report_of(world).summaries.first(), "text", ""),
        report_pages,
        limits.TEXT,
        data=summary_version,
        document="meeting_report",
    ),
    emg_field(
        "AgendaItemForm",
        "annotation",
        "meetings:agenda_item_edit",
        "agenda_item",
        lambda w: [],
        None,
        document="annotated_agenda",
    ),
    emg_field(
        "AgendaItemForm",
        "suggested_action",
        "meetings:agenda_item_edit",
        "agenda_item",
        lambda w: [],
        None,
        document="annotated_agenda",
    ),
    *(
        Field(
            "emg.forms.IssueForm",
            name,
            "progress:round_issue",
            issued_report(name),
            meeting_pages,
            length,
            data=issued_version,
            document="progress_report",
        )
        for name, length in (
            ("symbol", 100),
            ("title", 500),
            ("distribution", 200),
            ("author_line", 200),
        )
    ),
    *(
        Field(
            "emg.forms.ParticipantForm",
            name,
            "meetings:participant_edit",
            participant_value(name),
            lambda world: [url("meetings:participants", number=world.meeting.number)],
            300,
            document="participants",
        )
        for name in ("name", "entity_name", "title")
    ),
    Field(
        "emg.forms.ReportCommentForm",
        "text",
        "meetings:report",
        newest_comment,
        lambda world: [url("meetings:report", number=world.meeting.number)],
        None,
    ),
    # mandates: mandates, terms of reference, clauses, footnotes, decisions
    Field(
        "mandates.forms.MandateForm",
        "name",
        "mandates:edit",
        reread("mandate", "name"),
        lambda world: [*mandate_pages(world), url("mandates:list")],
        300,
        exports=("csv", "xlsx"),
    ),
    Field(
        "mandates.forms.MandateForm",
        "short_name",
        "mandates:edit",
        reread("mandate", "short_name"),
        mandate_pages,
        60,
    ),
    Field(
        "mandates.forms.MandateForm",
        "description",
        "mandates:edit",
        reread("mandate", "description"),
        mandate_pages,
    ),
    Field(
        "mandates.forms.TermsOfReferenceForm",
        "title",
        "mandates:tor_edit",
        reread("tor", "title"),
        lambda world: [*mandate_pages(world), *tor_pages(world)],
        500,
    ),
    Field(
        "mandates.forms.ClauseAddForm",
        "text",
        "mandates:clause_add",
        newest("mandates.models.Clause", "text"),
        lambda world: [*mandate_pages(world), *tor_pages(world)],
        document="terms_of_reference",
    ),
    Field(
        "mandates.forms.ClauseEditForm",
        "text",
        "mandates:clause_edit",
        reread("clause", "text"),
        lambda world: [*mandate_pages(world), *tor_pages(world)],
        document="terms_of_reference",
    ),
    Field(
        "mandates.forms.FootnoteForm",
        "anchor",
        "mandates:footnote_edit",
        reread("footnote", "anchor"),
        tor_pages,
        200,
        before=anchor_in_clause,
        document="terms_of_reference",
    ),
    Field(
        "mandates.forms.FootnoteForm",
        "text",
        "mandates:footnote_edit",
        reread("footnote", "text"),
        lambda world: [*mandate_pages(world), *tor_pages(world)],
        limits.NOTE,
        document="terms_of_reference",
    ),
    Field(
        "mandates.forms.DecisionSectionForm",
        "title",
        "decisions:section_edit",
        reread("section", "title"),
        meeting_pages,
        500,
        document="action_points",
    ),
    Field(
        "mandates.forms.DecisionForm",
        "text",
        "decisions:edit",
        reread("decision", "text"),
        lambda world: [
            *meeting_pages(world),
            *mandate_pages(world),
            url("decisions:history", pk=world.decision.pk),
        ],
        document="action_points",
    ),
    # workplans: outcomes, activities, milestones
    Field(
        "workplans.forms.OutcomeForm",
        "heading",
        "workplans:outcome_edit",
        reread("outcome", "heading"),
        plan_pages,
        300,
        document="work_plan",
        exports=EVERY_FILE,
    ),
    Field(
        "workplans.forms.OutcomeForm",
        "statement",
        "workplans:outcome_edit",
        reread("outcome", "statement"),
        plan_pages,
        data=replace(heading=""),
        document="work_plan",
        exports=EVERY_FILE,
    ),
    Field(
        "workplans.forms.ActivityForm",
        "title",
        "workplans:activity_edit",
        reread("activity", "title"),
        plan_pages,
        500,
        document="work_plan",
        exports=EVERY_FILE,
    ),
    Field(
        "workplans.forms.ActivityForm",
        "description",
        "workplans:activity_edit",
        reread("activity", "description"),
        plan_pages,
        document="work_plan",
        exports=("docx",),
    ),
    Field(
        "workplans.forms.MilestoneForm",
        "text",
        "workplans:milestone_edit",
        reread("milestone", "text"),
        plan_pages,
        document="work_plan",
        exports=EVERY_FILE,
    ),
    # workplans: the plan's head, and a revision's note
    Field(
        "workplans.forms.WorkPlanForm",
        "title",
        "workplans:edit",
        reread("work_plan", "title"),
        plan_pages,
        300,
        data=plan_version,
        # Not document="work_plan": printed, the meeting document's own title heads the plan.
    ),
    Field(
        "workplans.forms.WorkPlanForm",
        "introduction",
        "workplans:edit",
        reread("work_plan", "introduction"),
        plan_pages,
        data=plan_version,
        document="work_plan",
    ),
    Field(
        "workplans.forms.WorkPlanForm",
        "notes",
        "workplans:edit",
        plan_notes,
        plan_pages,
        limits.NOTE,
        data=plan_version,
        document="work_plan",
    ),
    Field(
        "workplans.forms.RevisionNoteForm",
        "note",
        "workplans:issue_revision",
        newest("workplans.models.WorkPlanRevision", "note"),
        lambda world: [url("workplans:revisions", pk=world.work_plan.pk)],
        limits.NOTE,
        before=plan_changed,
    ),
    # progress: updates, review, rounds, sections, tasks
    Field(
        "progress.forms.ProgressItemForm",
        "text",
        "progress:task",
        lambda world: update_of(world).items.get().text,
        task_pages,
        user="focal_point",
        data=item_data,
        focal_pages=focal_task_pages,
    ),
    # People: whom the secretariat invites (the invitation's e-mail: emg/tests/test_people.py).
    Field(
        "mandates.forms.InvitationForm",
        "first_name",
        "people_invite",
        newest("emg.models.User", "first_name"),
        person_pages,
        150,
        data=invitee,
    ),
    Field(
        "mandates.forms.InvitationForm",
        "last_name",
        "people_invite",
        newest("emg.models.User", "last_name"),
        person_pages,
        150,
        data=invitee,
    ),
    # One's API tokens, by name (the page that makes one shows its key once: no redirect).
    Field(
        "emg.forms.ApiTokenForm",
        "name",
        "people:tokens",
        newest_token_name,
        lambda world: [url("people:tokens")],
        100,
        saved_status=200,
    ),
    Field(
        "mandates.forms.InvitationForm",
        "email",
        "people_invite",
        invitations,
        lambda world: [],
        254,
        refused=True,
    ),
    Field(
        "progress.forms.UpdateForm",
        "next_steps",
        "progress:task",
        lambda world: update_of(world).next_steps,
        task_pages,
        user="focal_point",
        focal_pages=focal_task_pages,
    ),
    Field(
        "progress.forms.ReturnForm",
        "comment",
        "progress:review",
        lambda world: update_of(world).reviewer_comment,
        task_pages,
        before=submitted,
        focal_pages=focal_task_pages,
    ),
    Field(
        "progress.forms.RoundForm",
        "title",
        "progress:round_edit",
        reread("draft_round", "title"),
        lambda world: [url("progress:round", pk=world.draft_round.pk), url("progress:rounds")],
        300,
    ),
    Field(
        "progress.forms.SectionForm",
        "title",
        "progress:round_section_edit",
        lambda world: world.round.sections.get().title,
        lambda world: [url("progress:round", pk=world.round.pk)],
        300,
    ),
    Field(
        "progress.forms.TaskForm",
        "text",
        "progress:round_task_edit",
        reread("task", "text"),
        lambda world: [url("progress:round", pk=world.round.pk), *task_pages(world)],
        focal_pages=focal_task_pages,
        focal_glimpses=lambda world: [url("progress:my_tasks")],
    ),
]


def glimpses(world, app: str) -> list[str]:
    """Pages that show a field's value cut short, in a diff or among others (histories, lists,
    home panels, the compiled report): read for live markup only."""
    plan = world.work_plan.pk
    return {
        "emg": [url("home"), url("meetings:history", number=world.meeting.number)],
        "mandates": [
            url("home"),
            url("mandates:history", pk=world.mandate.pk),
            url("meetings:history", number=world.meeting.number),
        ],
        "workplans": [
            url("home"),
            url("workplans:history", pk=plan),
            url("workplans:outcome_history", pk=world.outcome.pk),
            url("workplans:activity_history", pk=world.activity.pk),
            url("workplans:milestone_history", pk=world.milestone.pk),
            url("workplans:diff", pk=plan) + "?from=0&to=current",
            url("workplans:revisions", pk=plan),
        ],
        "progress": [
            url("home"),
            url("progress:task_history", pk=world.task.pk),
            url("progress:dashboard", pk=world.round.pk),
            url("progress:report", pk=world.round.pk),
            url("progress:rounds"),
        ],
    }[app]


FIELDS_BY_ID = {f.id: f for f in FIELDS}


def post_row(name: str):
    return next(row for row in all_rows() if row.url == name and row.method == "post")


def project_forms() -> list[type]:
    """Every form class the project's apps define (outside their tests and migrations)."""
    for app in APPS:
        package = import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not any(part in module.name for part in (".tests", ".migrations", ".management")):
                import_module(module.name)
    found, pending = set(), [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.split(".")[0] in APPS and ".tests" not in subclass.__module__:
                found.add(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def text_fields() -> set[tuple[str, str]]:
    # Sign-in forms store nothing they are given: there is no page to show a payload on (what
    # they refuse is tested in test_login_throttling.py and test_bad_parameters.py).
    return {
        (f"{cls.__module__}.{cls.__qualname__}", name)
        for cls in project_forms()
        if not issubclass(cls, (AuthenticationForm, LoginForm))
        for name, form_field in cls.base_fields.items()
        if isinstance(form_field, forms.CharField)
        and not isinstance(form_field.widget, forms.HiddenInput)
    }


def test_every_text_field_of_every_form_is_attacked():
    attacked = {(f.form, f.name) for f in FIELDS}

    assert len(text_fields()) >= 30
    assert sorted(text_fields() - attacked) == [], "text fields with no row in FIELDS"
    assert sorted(attacked - text_fields()) == [], "rows in FIELDS for no text field"


def test_the_corpus_is_long_enough_and_fits_fields_whole():
    assert len(payloads.XSS) >= 15
    for length in (60, 100, 200, 300, 500, None):
        values = chunks(payloads.EVERY, length)
        assert all(length is None or len(v) <= length for v in values)
        for payload in payloads.EVERY:
            assert any(fitted(payload, length) in v for v in values)


# Saving through the views.


@pytest.fixture
def printed(world):
    """A document of each kind, over the world's sources."""
    from emg.models import MeetingReport
    from progress.models import Update

    Update.objects.filter(pk=world.update.pk).update(state=Update.State.ACCEPTED)
    sources = {
        "action_points": world.meeting,
        "terms_of_reference": world.tor,
        "work_plan": world.work_plan,
        "progress_report": world.round,
        "agenda": world.meeting,
        "meeting_report": MeetingReport.objects.get_or_create(meeting=world.meeting)[0],
        "annotated_agenda": world.meeting,
        "participants": world.meeting,
    }
    # The world's own document has no source: its preview and PDF are its head alone.
    made = {"head": world.document}
    for number, (kind, source) in enumerate(sources.items(), start=10):
        made[kind] = Document.objects.create(
            symbol=f"EMG/SOM.26/{number}",
            title=f"The {kind.replace('_', ' ')}",
            kind=kind,
            meeting=world.meeting,
            agenda_item=world.agenda_item,
            source_type=ContentType.objects.get_for_model(source),
            source_id=source.pk,
        )
    Update.objects.filter(pk=world.update.pk).update(state=Update.State.DRAFT)
    return made


def refresh(world):
    for name in (
        "meeting",
        "session",
        "agenda_item",
        "document",
        "mandate",
        "tor",
        "clause",
        "footnote",
        "section",
        "decision",
        "outcome",
        "activity",
        "milestone",
        "task",
        "update",
        "draft_round",
        "round",
    ):
        getattr(world, name).refresh_from_db()


def save(spec: Field, world, client_as, value: str):
    """Type ``value`` into the field through its view, as the person who may."""
    refresh(world)
    if spec.before:
        spec.before(world, client_as, value)
        refresh(world)
    row = post_row(spec.url)
    base = {**row.data(world), spec.name: value}
    data = spec.data(world, base, value) if spec.data else base
    client = client_as(world.people[spec.user])
    return client.post(reverse(row.url, kwargs=row.kwargs(world)), data)


def values_for(spec: Field) -> list[str]:
    """Every payload of the corpus, as few values as the field holds."""
    return [
        *chunks((*payloads.XSS, payloads.CONTROL, payloads.LONG), spec.length),
        *chunks(payloads.FORMULAS, spec.length),
    ]


def saved(spec: Field, world, client_as, value: str) -> str:
    response = save(spec, world, client_as, value)
    assert response.status_code == spec.saved_status, f"{spec.id}: {value[:60]!r} not saved"
    stored = spec.stored(world)
    # Form fields strip what surrounds the text; the rest is kept exactly.
    assert stored == value.strip(), f"{spec.id}: stored {stored[:60]!r}"
    return stored


def live_markup(client, page: str) -> list[str]:
    return read(client.get(page).content.decode()).live


def check_pages(spec: Field, world, client_as, stored: str, *, glimpsed: bool) -> int:
    checks = 0
    secretariat = client_as(world.people["secretariat"])
    for page in spec.pages(world):
        checks += assert_shown_as_text(secretariat.get(page).content.decode(), stored, page)
    for page in glimpses(world, spec.form.split(".")[0]) if glimpsed else []:
        assert not live_markup(secretariat, page), page
        checks += 1
    if not (spec.focal_pages(world) or spec.focal_glimpses(world)):
        return checks
    focal = client_as(world.people["focal_point"])
    for page in spec.focal_pages(world):
        checks += assert_shown_as_text(focal.get(page).content.decode(), stored, page)
    for page in spec.focal_glimpses(world):
        assert not live_markup(focal, page), page
        checks += 1
    return checks


# A download's name is made from the symbol or title, never copied from it.
SAFE_DOWNLOAD = re.compile(r'attachment; filename="[a-z0-9-]+\.(pdf|docx)"')


def check_document(spec: Field, client, document: Document, stored: str) -> int:
    """The preview shows the value as text, the PDF and the DOCX carry its text."""
    preview = client.get(url("documents:preview", pk=document.pk))
    checks = assert_shown_as_text(preview.content.decode(), stored, "preview")
    response = client.get(url("documents:pdf", pk=document.pk))
    assert response.status_code == 200
    assert SAFE_DOWNLOAD.fullmatch(response["Content-Disposition"]), response["Content-Disposition"]
    text = pdf_text(response.content, document.symbol)
    for payload in in_value(stored, spec.length):
        if payload is payloads.LONG:
            # Broken over many lines, which a table's other columns interleave when the text
            # is read back: the lines are there, in some order.
            assert "alert(23)" in text
        elif printable(in_xml(payload)):
            # Control characters have no glyph: they are left out of print.
            shown = "".join(in_xml(fitted(payload, spec.length)).split())
            assert printed_whole(shown, text), f"{spec.id} PDF: {payload[:60]!r}"
        else:
            continue
        checks += 1
    response = client.get(url("documents:docx", pk=document.pk))
    assert response.status_code == 200
    assert SAFE_DOWNLOAD.fullmatch(response["Content-Disposition"]), response["Content-Disposition"]
    assert squeeze(in_xml(stored)) in docx_text(response.content), f"{spec.id} DOCX"
    return checks + 1


def check_exports(spec: Field, world, client, stored: str, kinds) -> int:
    checks, pk = 0, world.work_plan.pk
    for kind, check in (("csv", assert_csv_neutral), ("xlsx", assert_xlsx_neutral)):
        if kind in kinds:
            response = client.get(url(f"workplans:export_{kind}", pk=pk))
            assert response.status_code == 200, kind
            checks += check(response.content, stored)
    if "docx" in kinds:
        response = client.get(url("workplans:export_docx", pk=pk))
        assert response.status_code == 200
        assert squeeze(in_xml(stored)) in docx_text(response.content), f"{spec.id} DOCX"
        checks += 1
    return checks


def check_refused(spec: Field, world, client_as, value: str) -> int:
    """The form refuses ``value`` next to the field and shows it back as text; nothing is
    saved."""
    before = spec.stored(world)
    response = save(spec, world, client_as, value)
    assert response.status_code == 200, f"{spec.id}: {value[:60]!r} not refused"
    assert response.context["form"].errors[spec.name], spec.id
    reader = read(response.content.decode())
    assert not reader.live, reader.live[:3]
    assert value.strip() in reader.inputs, f"{spec.id}: {value[:60]!r} not shown back"
    assert spec.stored(world) == before
    return 1


@pytest.mark.parametrize("spec", FIELDS, ids=[f.id for f in FIELDS])
def test_each_payload_typed_into_each_field_comes_out_as_text(spec, world, printed, client_as):
    values = values_for(spec)
    if spec.refused:
        assert sum(check_refused(spec, world, client_as, value) for value in values)
        return
    # Printing is slow: a field of limited length has its documents read for its first value and
    # the one with the long payload; a text field holds the whole corpus in two values.
    printed_values = (
        values if spec.length is None else [values[0], fitted(payloads.LONG, spec.length)]
    )
    checks = 0
    for value in values:
        stored = saved(spec, world, client_as, value)
        checks += check_pages(spec, world, client_as, stored, glimpsed=value in printed_values)
        secretariat = client_as(world.people["secretariat"])
        if spec.document and value in printed_values:
            checks += check_document(spec, secretariat, printed[spec.document], stored)
        checks += check_exports(spec, world, secretariat, stored, spec.exports)
    # In a spreadsheet a formula runs when it starts the cell: each alone.
    if {"csv", "xlsx"} & set(spec.exports):
        for formula in payloads.FORMULAS:
            stored = saved(spec, world, client_as, fitted(formula, spec.length))
            secretariat = client_as(world.people["secretariat"])
            checks += check_exports(spec, world, secretariat, stored, ("csv", "xlsx"))
    assert checks


@pytest.mark.parametrize("spec", FIELDS, ids=[f.id for f in FIELDS])
def test_a_null_byte_is_refused_and_the_form_shows_what_was_typed_as_text(spec, world, client_as):
    refresh(world)
    before = spec.stored(world)
    value = fitted(payloads.NULL_BYTE, spec.length)

    response = save(spec, world, client_as, value)

    assert response.status_code in (200, 422)
    reader = read(response.content.decode())
    assert not reader.live, reader.live[:3]
    assert spec.stored(world) == before


def test_a_footnote_typed_with_a_space_before_a_line_break_prints(world):
    from emg.tests.test_document_rendering import pdf_of

    document = Document.objects.create(
        symbol="EMG/SOM.26/05",
        title="Terms of Reference",
        kind=Document.Kind.TERMS_OF_REFERENCE,
        source_type=ContentType.objects.get_for_model(world.tor),
        source_id=world.tor.pk,
    )
    world.footnote.text = "See the report \r\nof the 15th SOM."
    world.footnote.save()

    text = pdf_text(pdf_of(document), document.symbol)

    assert "Seethereportofthe15thSOM." in text


def test_formulas_stored_without_a_form_still_leave_the_spreadsheets_as_text(world, client_as):
    """Importers and services keep what surrounds the text (a tab, a carriage return)."""
    from workplans.models import Milestone

    client = client_as(world.people["senior_official"])
    for formula in payloads.FORMULAS:
        Milestone.objects.filter(pk=world.milestone.pk).update(text=formula)

        exported = client.get(url("workplans:export_csv", pk=world.work_plan.pk)).content
        assert_csv_neutral(exported, formula)
        exported = client.get(url("workplans:export_xlsx", pk=world.work_plan.pk)).content
        assert_xlsx_neutral(exported, formula)


def test_the_meeting_pack_prints_payload_titles_as_text_and_bookmarks(world, printed):
    """The pack's cover, contents and bookmarks carry titles typed by the secretariat."""
    from emg.models import MeetingPack
    from emg.packs import build

    title = fitted(" ".join(p for p in payloads.XSS if printable(p)), 500)
    world.agenda_item.title = title
    world.agenda_item.save()
    document = printed["work_plan"]
    document.title = title
    document.save()

    pack = build.pack_build(MeetingPack.objects.create(meeting=world.meeting).pk)

    assert pack.status == MeetingPack.Status.READY, pack.error
    with pack.file.open("rb") as handle:
        data = handle.read()
    text = pdf_text(data, document.symbol)
    for payload in payloads.XSS:
        if printable(payload) and payload in title:
            assert "".join(payload.split()) in text, payload
    bookmarks = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else bookmarks.append(item.title)

    walk(PdfReader(io.BytesIO(data)).outline)
    assert f"{document.symbol} — {title}" in bookmarks


def test_reminder_emails_carry_payloads_as_typed_on_one_subject_line(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    """Plain-text mail: nothing to escape, so the text arrives as typed (no "&lt;"), and a title
    cannot add lines to the subject."""
    from progress.reminders import reminders_send

    title = "Round\r\nBcc: all@example.org " + payloads.XSS[1]
    world.round.title = title
    world.round.save()
    world.task.text = payloads.XSS[0] + " " + payloads.FORMULAS[0]
    world.task.save()
    world.people["focal_point"].email = "fiona@example.org"
    world.people["focal_point"].save()

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=world.round.deadline) == 1

    message = mailoutbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert squeeze(title) in message.subject
    assert payloads.XSS[0] in message.body
    assert payloads.XSS[1] in message.body
    assert "&lt;" not in message.body
    assert message.message()["Bcc"] is None


# Someone else's text, shown back when a save comes after theirs (the current values above the
# form, or their update above yours).

STALE = {"version": "1"}
CONFLICTS = [
    f
    for f in FIELDS
    if f.id in ("MeetingForm.title", "MilestoneForm.text", "UpdateForm.next_steps")
]


@pytest.mark.parametrize("spec", CONFLICTS, ids=[f.id for f in CONFLICTS])
def test_the_text_a_later_save_would_replace_is_shown_as_text(spec, world, client_as):
    theirs = saved(spec, world, client_as, chunks(payloads.XSS, spec.length)[0])
    row = post_row(spec.url)
    refresh(world)
    data = {**row.data(world), spec.name: "Mine", **STALE}

    response = client_as(world.people[spec.user]).post(
        reverse(row.url, kwargs=row.kwargs(world)), data
    )

    assert response.status_code in (200, 409)
    assert_shown_as_text(response.content.decode(), theirs, f"{spec.id} conflict")
    assert spec.stored(world) == theirs


# The forms the editor shows in place of an item (the plan's head has a page of its own).
EDITOR = [
    f
    for f in FIELDS
    if f.url.startswith(("workplans:outcome", "workplans:activity", "workplans:milestone"))
]


@pytest.mark.parametrize("spec", EDITOR, ids=[f.id for f in EDITOR])
def test_the_plan_editors_htmx_fragments_show_payloads_as_text(spec, world, client_as):
    """In the browser the editor saves with htmx and swaps in the table or the form it answers."""
    value = chunks(payloads.XSS, spec.length)[0]
    row = post_row(spec.url)
    refresh(world)
    data = (
        spec.data(world, {**row.data(world), spec.name: value}, value)
        if spec.data
        else {
            **row.data(world),
            spec.name: value,
        }
    )
    client = client_as(world.people["secretariat"])
    edit = reverse(row.url, kwargs=row.kwargs(world))

    table = client.post(edit, data, headers={"HX-Request": "true"})
    form = client.get(edit, headers={"HX-Request": "true"})

    assert table.status_code == 200
    assert_shown_as_text(table.content.decode(), value, f"{spec.id} table")
    assert form.status_code == 200
    reader = read(form.content.decode())
    assert not reader.live, reader.live[:3]
    assert value in reader.inputs or squeeze(value) in reader.text  # an input, or a textarea


@pytest.mark.parametrize("spec", FIELDS, ids=[f.id for f in FIELDS])
def test_the_form_opened_again_holds_each_payload_in_its_field(spec, world, client_as):
    """The value goes back into an <input value="…"> or a <textarea>: where an attribute
    breakout would happen."""
    row = post_row(spec.url)
    for value in chunks(payloads.XSS, spec.length):
        if spec.refused:  # shown back in the form, as it was refused
            check_refused(spec, world, client_as, value)
            continue
        stored = saved(spec, world, client_as, value)
        refresh(world)
        page = client_as(world.people[spec.user]).get(reverse(row.url, kwargs=row.kwargs(world)))

        assert page.status_code == 200
        reader = read(page.content.decode())
        assert not reader.live, f"{spec.id}: live markup {reader.live[:3]}"
        # A blank form for the next clause, the next person to invite, the next token.
        blank_again = (
            "mandates.forms.ClauseAddForm",
            "mandates.forms.InvitationForm",
            "workplans.forms.RevisionNoteForm",
            "emg.forms.ApiTokenForm",
        )
        if spec.form not in blank_again:
            assert stored in reader.inputs or squeeze(stored) in reader.text, spec.id


# Access through documents: a progress report printed from a round holds accepted updates only,
# so a draft of one mandate reaches nobody else through the preview, the PDF or the Word file.


def test_a_draft_update_reaches_no_reader_through_the_printed_progress_report(
    world, printed, client_as
):
    from progress.models import Task, Update

    document = printed["progress_report"]
    accepted = Task.objects.create(
        round=world.round, mandate=world.mandate, order=2, text="Publish the approach"
    )
    Update.objects.create(
        task=accepted,
        author=world.people["focal_point"],
        state=Update.State.ACCEPTED,
        next_steps="Launch it at SOM 27",
    )
    draft = "Drafted, not submitted: " + payloads.XSS[0]
    response = saved(FIELDS_BY_ID["UpdateForm.next_steps"], world, client_as, draft)
    assert response == draft

    for role in ("secretariat", "senior_official", "focal_point", "other_focal_point"):
        client = client_as(world.people[role])
        preview = read(client.get(url("documents:preview", pk=document.pk)).content.decode())
        pdf = client.get(url("documents:pdf", pk=document.pk)).content
        docx = client.get(url("documents:docx", pk=document.pk)).content

        assert "Launch it at SOM 27" in preview.text, role
        assert "Drafted" not in preview.text, role
        assert "Drafted" not in pdf_text(pdf, document.symbol), role
        assert "Drafted" not in docx_text(docx), role

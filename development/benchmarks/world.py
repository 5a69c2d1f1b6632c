"""The permission matrix's ``world`` (see conftest.py), picked from generated scale data: the
biggest work plan, the meeting with the most documents, the open round and so on, so that each
page is measured on the largest object of its kind."""

from io import BytesIO
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db.models import Count, Max
from pypdf import PdfWriter

from emg.models import Document, Entity, Meeting, User
from mandates.models import Decision, Mandate
from progress.models import ReportingRound, ReportSection, Task, Update
from workplans.models import Activity, WorkPlan

# The password of the people the pages are read as (nobody signs in with it: the benchmark's
# clients are signed in without one).
STANDING_PASSWORD = "benchmark-standing-people"


def scale_world(generated) -> SimpleNamespace:
    """What the matrix rows fill their URLs from, chosen among ``generated``
    (development.scale.Generated).
    Writes one uploaded document (into the private storage the caller has pointed elsewhere)."""
    # The editor's page is the largest plan still being edited (approved plans are frozen).
    plans = (
        WorkPlan.objects.filter(pk__in=[p.pk for p in generated.work_plans])
        .annotate(size=Count("outcomes__activities"))
        .order_by("-size", "pk")
    )
    plan = plans.filter(status__in=[WorkPlan.Status.DRAFT, WorkPlan.Status.PROPOSED]).first()
    plan = plan or plans.first()
    outcome = plan.outcomes.order_by("order").first()
    activity = (
        Activity.objects.filter(outcome__work_plan=plan)
        .annotate(size=Count("milestones"))
        .order_by("-size", "pk")
        .first()
    )
    milestone = activity.milestones.order_by("parent_id", "order").first()
    revision = plan.revisions.order_by("-number").first()

    report_round = ReportingRound.objects.get(
        pk__in=[r.pk for r in generated.rounds], state=ReportingRound.State.OPEN
    )
    _fit_for_the_matrix(report_round)
    drafts = ReportingRound.objects.filter(
        pk__in=[r.pk for r in generated.rounds], state=ReportingRound.State.DRAFT
    )
    draft_round = drafts.first() or report_round
    # A task whose update awaits review: the task and review pages show the most then.
    task = (
        Task.objects.filter(
            round=report_round,
            mandate__focal_points__isnull=False,
            update__state__in=[Update.State.SUBMITTED, Update.State.DRAFT],
        )
        .select_related("update", "mandate")
        .order_by("-update__state", "order")  # "submitted" before "draft"
        .first()
    )
    mandate = task.mandate
    focal_point_row = mandate.focal_points.select_related("user").order_by("pk").first()
    focal_point = focal_point_row.user
    other_mandate = (
        Mandate.objects.filter(pk__in=[m.pk for m in generated.mandates])
        .exclude(pk=mandate.pk)
        .exclude(focal_points__user=focal_point)
        .order_by("pk")
        .first()
        or mandate
    )
    other_focal_point = (
        User.objects.filter(role=User.Role.FOCAL_POINT, pk__in=[u.pk for u in generated.users])
        .exclude(focal_point_roles__mandate=mandate)
        .order_by("pk")
        .first()
    )
    people = {
        "anonymous": None,
        "secretariat": _first(generated, User.Role.SECRETARIAT),
        "senior_official": _first(generated, User.Role.SENIOR_OFFICIAL),
        "focal_point": focal_point,
        "other_focal_point": other_focal_point,
    }
    # The matrix's people have passwords, and some pages answer them as they do only then
    # (confirming who one is asks for the password; without one it sends on to a code).
    standing = [person.pk for person in people.values() if person is not None]
    User.objects.filter(pk__in=standing).update(password=make_password(STANDING_PASSWORD))
    for person in people.values():
        if person is not None:
            person.refresh_from_db(fields=["password"])

    meeting = (
        Meeting.objects.filter(pk__in=[m.pk for m in generated.meetings])
        .annotate(size=Count("documents", distinct=True) + Count("decision_sections__decisions"))
        .order_by("-size", "pk")
        .first()
    )
    session = meeting.sessions.order_by("pk").first()
    agenda_item = meeting.agenda_items.order_by("order").first()
    document = meeting.documents.filter(kind=Document.Kind.ACTION_POINTS).first()
    upload = Document(
        symbol=f"EMG/SOM.{meeting.number}/CRP.1",
        title="List of participants",
        kind=Document.Kind.OTHER,
        meeting=meeting,
        agenda_item=agenda_item,
    )
    upload.file.save("list-of-participants.pdf", ContentFile(_blank_pdf()), save=False)
    upload.save()
    section = meeting.decision_sections.order_by("order").first()
    decision = Decision.objects.filter(section=section).order_by("parent_id", "order").first()
    tor = mandate.terms_of_reference.order_by("pk").first()
    plan_document = Document.objects.filter(
        kind=Document.Kind.WORK_PLAN, source_id=plan.pk, source_type__model="workplan"
    ).first() or Document.objects.create(
        title=plan.title, kind=Document.Kind.WORK_PLAN, meeting=plan.meeting, source=plan
    )
    return SimpleNamespace(
        people=people,
        plan_document=plan_document,
        mandate=mandate,
        other_mandate=other_mandate,
        entity=Entity.objects.filter(acronym="UNEP").first() or Entity.objects.first(),
        meeting=meeting,
        session=session,
        agenda_item=agenda_item,
        document=document,
        section=section,
        decision=decision,
        tor=tor,
        clause=tor.clauses.order_by("parent_id", "order").first(),
        membership=mandate.memberships.order_by("pk").first(),
        focal_point_row=focal_point_row,
        work_plan=plan,
        outcome=outcome,
        activity=activity,
        milestone=milestone,
        revision=revision,
        upload=upload,
        footnote=tor.footnotes.order_by("order").first(),
        round=report_round,
        task=task,
        update=getattr(task, "update", None),
        draft_round=draft_round,
    )


def _fit_for_the_matrix(report_round) -> None:
    """The matrix's rows were written for conftest's world: its round has one section (rows
    take "the" section), and a row adds a task at order 2. A generated round has three sections
    and its tasks take every order: here they share the first section, and the task at order 2
    moves to the end."""
    # Bulk writes, without history: generated rows fitted for measuring, nobody's edits.
    sections = list(report_round.sections.order_by("order"))
    report_round.tasks.update(section=sections[0])
    ReportSection.objects.filter(pk__in=[section.pk for section in sections[1:]]).delete()
    last = report_round.tasks.aggregate(top=Max("order"))["top"] or 0
    report_round.tasks.filter(order=2).update(order=last + 1)


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4, in points
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _first(generated, role):
    return User.objects.filter(pk__in=[u.pk for u in generated.users], role=role).order_by("pk")[0]

"""Mandates in the browser: the list, a mandate's page with its terms of reference and its
decisions across SOMs, its history, and the secretariat's edits.

Work-plan activities and progress tasks are read through the reverse relations
``mandate.activities`` and ``mandate.tasks``: this app may not import the apps to its right.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, OuterRef, Prefetch, Q, Subquery, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import numbering, params
from emg.fragments import Rows
from emg.history import render_history
from emg.models import Entity
from emg.permissions import get_object_for_user, permission_required, visible_to
from emg.views.editing import cleaned, form_status, move_answer, posted, save_edit
from emg.views.lists import list_context, paginate, sort_headers
from mandates import forms, services
from mandates.filters import LEAD_ROLES, MandateFilter
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    FocalPoint,
    Footnote,
    Mandate,
    MandateAlias,
    Membership,
    TermsOfReference,
    section_labels,
)

# How the header names the decision that set the mandate's status and end date.
SET_BY = {
    Decision.Verb.ESTABLISH: gettext_lazy("Established by"),
    Decision.Verb.EXTEND: gettext_lazy("Extended by"),
    Decision.Verb.CONCLUDE: gettext_lazy("Concluded by"),
    Decision.Verb.TRANSFER: gettext_lazy("Transferred by"),
}

# The list's sortable columns: the OrderingFilter's name for each, and its heading.
COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("kind", gettext_lazy("Kind")),
    ("status", gettext_lazy("Status")),
    ("start", gettext_lazy("Start")),
    ("end", gettext_lazy("End")),
]


def by_role(prefix: str = "") -> Case:
    """Members in the order the Group names them: leads, co-leads, members, observers."""
    return Case(
        *(
            When(**{f"{prefix}role": role}, then=Value(rank))
            for rank, role in enumerate(Membership.Role.values)
        ),
        default=Value(len(Membership.Role.values)),
    )


def section_number(prefix: str = "") -> Subquery:
    """The position of a decision section among its meeting's sections ("IV." is the fourth),
    for a queryset that reaches the section through ``prefix``. Counted in the database, so
    that a page naming sections of many meetings still costs one query."""
    earlier = (
        DecisionSection.objects.filter(
            meeting=OuterRef(f"{prefix}meeting"), order__lte=OuterRef(f"{prefix}order")
        )
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Subquery(earlier)


def section_label(position: int | None) -> str:
    return numbering.label(DecisionSection.NUMBER_PATTERN, position) if position else ""


# The list


class Lead(NamedTuple):
    acronym: str
    name: str
    role: str


class MandateRow(NamedTuple):
    """A row of the list as plain values, so that the kept rows (emg/fragments.py) are keyed
    by one repr of them all rather than object by object."""

    pk: int
    name: str
    short_name: str
    kind: str  # as the list names it
    status: str
    status_label: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    leads: tuple[Lead, ...]


ROW_FIELDS = ("pk", "name", "short_name", "kind", "status", "start_date", "end_date")


def list_rows(page_rows) -> Rows:
    """The page's mandates (tuples of ROW_FIELDS) with their leads and co-leads."""
    leads: dict[int, list[Lead]] = {}
    for mandate_id, *lead in (
        Membership.objects.filter(mandate__in=[row[0] for row in page_rows], role__in=LEAD_ROLES)
        .order_by(by_role(), "entity__acronym")
        .values_list("mandate_id", "entity__acronym", "entity__name", "role")
    ):
        leads.setdefault(mandate_id, []).append(Lead(*lead))
    return Rows(
        MandateRow(
            pk=pk,
            name=name,
            short_name=short_name,
            kind=str(Mandate.Kind(kind).label),
            status=status,
            status_label=str(Mandate.Status(status).label),
            start_date=start,
            end_date=end,
            leads=tuple(leads.get(pk, ())),
        )
        for pk, name, short_name, kind, status, start, end in page_rows
    )


@require_safe
@permission_required("mandates.view_mandate", raise_exception=True)
def mandate_list(request):
    filterset = MandateFilter(request.GET, queryset=Mandate.objects.all())
    page = paginate(request, filterset.qs.values_list(*ROW_FIELDS))
    page.object_list = list_rows(page.object_list)
    return render(
        request,
        "mandates/list.html",
        {
            **list_context(request, filterset, page),
            "mandates": page.object_list,
            # Unsorted, the list runs by name.
            "headers": list(sort_headers(request, COLUMNS, default="name").values()),
        },
    )


# A mandate's page


@dataclass
class ClauseLine:
    clause: Clause
    label: str
    depth: int
    indent: int  # how deep among clauses "a)", "i": sections and paragraphs sit at the margin
    marks: list[tuple[int, Footnote]] = field(default_factory=list)
    first: bool = False  # among its siblings, so it cannot move up
    last: bool = False

    @property
    def is_section(self) -> bool:
        return self.clause.kind == Clause.Kind.SECTION


@dataclass
class Reading:
    """Terms of reference as the document reads: the outline with the footnote marks in place,
    and the footnotes numbered in the order their marks appear."""

    tor: TermsOfReference
    lines: list[ClauseLine]
    footnotes: list[tuple[int, Footnote]]


def read_terms(tor: TermsOfReference) -> Reading:
    lines, indents = [], {}
    for clause, label, depth in tor.outline():
        # The outline lists parents before their children.
        indent = indents.get(clause.parent_id, 0) + 1 if clause.kind == Clause.Kind.ITEM else 0
        indents[clause.pk] = indent
        lines.append(ClauseLine(clause, label, depth, indent))
    siblings: dict[int | None, list[ClauseLine]] = {}
    for line in lines:
        siblings.setdefault(line.clause.parent_id, []).append(line)
    for group in siblings.values():
        group[0].first, group[-1].last = True, True
    place = {line.clause.pk: index for index, line in enumerate(lines)}
    by_clause = {line.clause.pk: line for line in lines}

    def reading_order(footnote):
        index = place.get(footnote.clause_id)
        if index is None:  # a footnote on no clause comes after the text
            return (len(lines), 0, footnote.order)
        text = by_clause[footnote.clause_id].clause.text
        at = text.find(footnote.anchor) if footnote.anchor else -1
        return (index, at + len(footnote.anchor) if at >= 0 else len(text), footnote.order)

    footnotes = list(enumerate(sorted(tor.footnotes.all(), key=reading_order), start=1))
    for number, footnote in footnotes:
        if footnote.clause_id in by_clause:
            by_clause[footnote.clause_id].marks.append((number, footnote))
    return Reading(tor, lines, footnotes)


def is_about(decision: Decision, mandate: Mandate, parent_about: bool = False) -> bool:
    if decision.mandate_id is not None:
        return decision.mandate_id == mandate.pk
    return parent_about or decision.section.mandate_id == mandate.pk


def decision_timeline(mandate: Mandate) -> list[dict]:
    """Every decision about the mandate, per meeting and section in the order of the action
    points: lead-ins with the items under them, each with its label ("a)", "ii.")."""
    # The sections about it and those holding a decision about it, as two indexed lookups: one
    # condition across both tables would read every decision there is.
    # Unordered on both sides: SQLite allows no ORDER BY inside a compound subquery.
    sections = (
        DecisionSection.objects.filter(mandate=mandate)
        .order_by()
        .values("pk")
        .union(Decision.objects.filter(mandate=mandate).order_by().values("section_id"))
    )
    decisions = list(
        Decision.objects.filter(section__in=sections)
        .select_related("section__meeting")
        .annotate(section_number=section_number("section__"))
        # A section's own order, by its key: the model's ordering would join the meetings and
        # mandates only to sort the sections, which are sorted below anyway.
        .order_by("section_id", "parent_id", "order")
    )
    by_section: dict[int, list[Decision]] = {}
    for decision in decisions:
        by_section.setdefault(decision.section_id, []).append(decision)

    meetings: dict[int, dict] = {}
    for section_decisions in by_section.values():
        section = section_decisions[0].section
        labels = section_labels(section_decisions)
        children: dict[int, list[Decision]] = {}
        for decision in section_decisions:
            if decision.parent_id:
                children.setdefault(decision.parent_id, []).append(decision)
        entries = []
        for decision in sorted(
            (d for d in section_decisions if d.parent_id is None), key=lambda d: d.order
        ):
            about = is_about(decision, mandate)
            items = [
                {"decision": child, "label": labels.get(child.pk, ""), "about": True}
                for child in sorted(children.get(decision.pk, []), key=lambda d: d.order)
                if is_about(child, mandate, parent_about=about)
            ]
            if about or items:
                entries.append(
                    {
                        "decision": decision,
                        "label": labels.get(decision.pk, ""),
                        "about": about,
                        "items": items,
                    }
                )
        if not entries:
            continue
        meeting = section.meeting
        meetings.setdefault(meeting.pk, {"meeting": meeting, "sections": []})["sections"].append(
            {
                "section": section,
                "number": section_label(section_decisions[0].section_number),
                "entries": entries,
            }
        )
    timeline = sorted(meetings.values(), key=lambda m: m["meeting"].number)
    for entry in timeline:
        entry["sections"].sort(key=lambda s: s["section"].order)
    return timeline


def work_plan_activities(mandate: Mandate) -> list:
    """The mandate's activities in the work plans, each with ``number``: the number the plan
    gives it, counted again under each outcome or across the whole plan as the plan says."""
    activities = mandate.activities.all()
    activity_model = activities.model
    in_outcome = (
        activity_model.objects.filter(outcome=OuterRef("outcome"), order__lte=OuterRef("order"))
        .order_by()
        .values("outcome")
        .annotate(count=Count("pk"))
        .values("count")
    )
    in_plan = (
        activity_model.objects.filter(
            Q(outcome__order__lt=OuterRef("outcome__order"))
            | Q(outcome=OuterRef("outcome"), order__lte=OuterRef("order")),
            outcome__work_plan=OuterRef("outcome__work_plan"),
        )
        .order_by()
        .values("outcome__work_plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    rows = list(
        activities.select_related("outcome__work_plan")
        .annotate(number_in_outcome=Subquery(in_outcome), number_in_plan=Subquery(in_plan))
        .order_by(
            "-outcome__work_plan__period_start",
            "outcome__work_plan__title",
            "outcome__order",
            "order",
        )
    )
    for activity in rows:
        plan = activity.outcome.work_plan
        per_outcome = plan.activity_numbering == plan.ActivityNumbering.PER_OUTCOME
        activity.number = activity.number_in_outcome if per_outcome else activity.number_in_plan
    return rows


def mandate_for_page(user, pk: int, perm: str = "mandates.view_mandate") -> Mandate:
    queryset = Mandate.objects.select_related("status_decision__section__meeting").annotate(
        reason_section_number=section_number("status_decision__section__")
    )
    return get_object_for_user(user, queryset, perm, pk=pk)


@require_safe
def mandate_detail(request, pk):
    mandate = mandate_for_page(request.user, pk)
    # Clauses and footnotes in their order within each ToR, by its key: the models' ordering
    # ("tor", then the ToR's "mandate", then the mandate's "name") would join both tables.
    terms = list(
        mandate.terms_of_reference.select_related("established_at", "reports_to")
        .prefetch_related(
            Prefetch("clauses", Clause.objects.order_by("tor_id", "parent_id", "order")),
            Prefetch("footnotes", Footnote.objects.order_by("tor_id", "order")),
        )
        .order_by("pk")
    )
    reason = mandate.status_decision
    return render(
        request,
        "mandates/detail.html",
        {
            "mandate": mandate,
            "reason": reason,
            "reason_set_by": SET_BY.get(reason.verb, "") if reason else "",
            # "section VI", as a sentence names it: without the numeral's full stop
            "reason_section": section_label(mandate.reason_section_number).rstrip("."),
            "aliases": list(mandate.aliases.all()),
            "memberships": list(
                mandate.memberships.select_related("entity").order_by(by_role(), "entity__acronym")
            ),
            "focal_points": list(
                # Ordered as the model orders them, without joining the mandate to sort by it.
                mandate.focal_points.select_related("user__entity", "nominated_by").order_by(
                    "user__last_name", "user__username"
                )
            ),
            "readings": [read_terms(tor) for tor in terms],
            "timeline": decision_timeline(mandate),
            "activities": work_plan_activities(mandate),
            # Only the tasks the reader may open: a round being prepared is the secretariat's,
            # and a focal point or senior official sees only some tasks of an open one.
            "tasks": list(
                visible_to(mandate.tasks.all(), request.user)
                .select_related("round__meeting")
                .order_by("-round__meeting__number", "round__title", "order")
            ),
        },
    )


@require_safe
def mandate_history(request, pk):
    mandate = get_object_for_user(request.user, Mandate, "mandates.view_mandate", pk=pk)
    # Terms of reference deleted since still count: their clauses' history belongs here too.
    tor_ids = TermsOfReference.history.filter(mandate_id=mandate.pk).values("id")
    return render_history(
        request,
        subject=mandate,
        title=mandate.name,
        back_url=reverse("mandates:detail", args=[mandate.pk]),
        querysets=[
            Mandate.history.filter(id=mandate.pk),
            MandateAlias.history.filter(mandate_id=mandate.pk),
            Membership.history.filter(mandate_id=mandate.pk),
            FocalPoint.history.filter(mandate_id=mandate.pk),
            TermsOfReference.history.filter(mandate_id=mandate.pk),
            Clause.history.filter(tor_id__in=tor_ids),
            Footnote.history.filter(tor_id__in=tor_ids),
        ],
    )


# Editing: mandates


def detail_url(mandate_id: int, anchor: str = "") -> str:
    url = reverse("mandates:detail", args=[mandate_id])
    return f"{url}#{anchor}" if anchor else url


def form_page(
    request, form, *, title: str, back: str, submit: str, mandate=None, tor=None, note=""
):
    """A form of this app: its title, what it is about (the mandate, or the terms of reference
    under the mandate), a note, the form, and the buttons to save and to go back."""
    if tor is not None:
        mandate = tor.mandate
    return render(
        request,
        "mandates/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back,
            "submit": submit,
            "mandate": mandate,
            "tor": tor,
            "note": note,
        },
        status=form_status(form),
    )


MANDATE_FIELDS = ("kind", "name", "short_name", "description")
TOR_FIELDS = ("title", "established_at", "reports_to", "duration_months")
STATUS_NOTE = gettext_lazy(
    "Status, start and end date are not edited here: they follow the SOM decisions recorded "
    "on the meeting pages (establish, extend, conclude, transfer)."
)


@require_http_methods(["GET", "POST"])
@permission_required("mandates.add_mandate", raise_exception=True)
def mandate_create(request):
    form = forms.MandateForm(posted(request))
    if form.is_valid():
        mandate = services.mandate_create(**cleaned(form, *MANDATE_FIELDS))
        messages.success(request, _("The mandate was created."))
        return redirect(detail_url(mandate.pk))
    return form_page(
        request,
        form,
        title=_("New mandate"),
        back=reverse("mandates:list"),
        submit=_("Create mandate"),
        note=STATUS_NOTE,
    )


@require_http_methods(["GET", "POST"])
def mandate_edit(request, pk):
    mandate = get_object_for_user(request.user, Mandate, "mandates.change_mandate", pk=pk)
    form = forms.MandateForm(posted(request), instance=mandate)
    saved = save_edit(
        form,
        lambda: services.mandate_update(
            mandate=mandate, **cleaned(form, "version", *MANDATE_FIELDS)
        ),
    )
    if saved is not None:
        messages.success(request, _("The mandate was saved."))
        return redirect(detail_url(mandate.pk))
    return form_page(
        request,
        form,
        title=_("Edit the mandate"),
        back=detail_url(mandate.pk),
        submit=_("Save mandate"),
        mandate=mandate,
        note=STATUS_NOTE,
    )


# Editing: terms of reference, clauses and footnotes


@require_http_methods(["GET", "POST"])
def tor_create(request, pk):
    mandate = get_object_for_user(request.user, Mandate, "mandates.add_termsofreference", pk=pk)
    form = forms.TermsOfReferenceForm(
        posted(request),
        instance=TermsOfReference(mandate=mandate),
        initial={"title": _("Terms of Reference for the %(name)s") % {"name": mandate.name}},
    )
    if form.is_valid():
        tor = form.save()
        messages.success(request, _("The terms of reference were created. Add their clauses."))
        return redirect("mandates:tor_clauses", pk=tor.pk)
    return form_page(
        request,
        form,
        title=_("New terms of reference"),
        back=detail_url(mandate.pk),
        submit=_("Create terms of reference"),
        mandate=mandate,
    )


def tor_for(user, pk: int, perm: str) -> TermsOfReference:
    return get_object_for_user(
        user,
        TermsOfReference.objects.select_related("mandate", "established_at", "reports_to"),
        perm,
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def tor_edit(request, pk):
    tor = tor_for(request.user, pk, "mandates.change_termsofreference")
    form = forms.TermsOfReferenceForm(posted(request), instance=tor)
    saved = save_edit(
        form,
        lambda: services.terms_of_reference_update(
            tor=tor, **cleaned(form, "version", *TOR_FIELDS)
        ),
    )
    if saved is not None:
        messages.success(request, _("The terms of reference were saved."))
        return redirect(detail_url(tor.mandate_id, f"tor-{tor.pk}"))
    return form_page(
        request,
        form,
        title=_("Edit the terms of reference"),
        back=detail_url(tor.mandate_id, f"tor-{tor.pk}"),
        submit=_("Save terms of reference"),
        tor=tor,
    )


@require_safe
def tor_clauses(request, pk):
    """The secretariat's view of a ToR: the outline with a control for each clause."""
    tor = get_object_for_user(
        request.user,
        TermsOfReference.objects.select_related("mandate").prefetch_related("clauses", "footnotes"),
        "mandates.change_termsofreference",
        pk=pk,
    )
    reading = read_terms(tor)
    return render(request, "mandates/tor_clauses.html", {"tor": tor, "reading": reading})


def clauses_url(tor_id: int, clause_id: int | None = None) -> str:
    url = reverse("mandates:tor_clauses", args=[tor_id])
    return f"{url}#clause-{clause_id}" if clause_id else url


@require_http_methods(["GET", "POST"])
def clause_add(request, pk):
    tor = get_object_for_user(
        request.user,
        TermsOfReference.objects.select_related("mandate").prefetch_related("clauses"),
        "mandates.add_clause",
        pk=pk,
    )
    initial = {}
    parent_pk = params.integer(request.GET, "parent")
    if parent_pk is not None:
        initial["parent"] = parent_pk
        parent = next((c for c in tor.clauses.all() if c.pk == parent_pk), None)
        if parent is not None:
            initial["kind"] = (
                Clause.Kind.PARAGRAPH if parent.kind == Clause.Kind.SECTION else Clause.Kind.ITEM
            )
    form = forms.ClauseAddForm(posted(request), tor=tor, initial=initial)
    if form.is_valid():
        try:
            clause = services.clause_add(tor=tor, **cleaned(form, "parent", "kind", "text"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The clause was added."))
            return redirect(clauses_url(tor.pk, clause.pk))
    return form_page(
        request,
        form,
        title=_("Add a clause"),
        back=clauses_url(tor.pk),
        submit=_("Add clause"),
        tor=tor,
    )


def clause_for(user, pk: int, perm: str) -> Clause:
    return get_object_for_user(user, Clause.objects.select_related("tor__mandate"), perm, pk=pk)


@require_http_methods(["GET", "POST"])
def clause_edit(request, pk):
    clause = clause_for(request.user, pk, "mandates.change_clause")
    form = forms.ClauseEditForm(posted(request), instance=clause)
    saved = save_edit(
        form, lambda: services.clause_update(clause=clause, **cleaned(form, "version", "text"))
    )
    if saved is not None:
        messages.success(request, _("The clause was saved."))
        return redirect(clauses_url(clause.tor_id, clause.pk))
    return form_page(
        request,
        form,
        title=_("Edit a clause"),
        back=clauses_url(clause.tor_id, clause.pk),
        submit=_("Save clause"),
        tor=clause.tor,
    )


@require_POST
def clause_move(request, pk):
    clause = clause_for(request.user, pk, "mandates.change_clause")
    return move_answer(
        request,
        lambda direction: services.clause_move(clause=clause, direction=direction),
        unknown=_("Say whether to move the clause up or down."),
        at_end=_("The clause is already at that end."),
        back=clauses_url(clause.tor_id, clause.pk),
    )


@require_POST
def clause_delete(request, pk):
    clause = clause_for(request.user, pk, "mandates.delete_clause")
    count = services.clause_delete(clause=clause)
    messages.success(
        request,
        _("The clause was deleted, with the %(count)s clause(s) under it.") % {"count": count - 1}
        if count > 1
        else _("The clause was deleted."),
    )
    return redirect(clauses_url(clause.tor_id))


@require_http_methods(["GET", "POST"])
def footnote_add(request, pk):
    tor = get_object_for_user(
        request.user,
        TermsOfReference.objects.select_related("mandate").prefetch_related("clauses"),
        "mandates.add_footnote",
        pk=pk,
    )
    form = forms.FootnoteForm(posted(request), tor=tor)
    if form.is_valid():
        services.footnote_add(tor=tor, **cleaned(form, "clause", "anchor", "text"))
        messages.success(request, _("The footnote was added."))
        return redirect(clauses_url(tor.pk) + "#footnotes")
    return form_page(
        request,
        form,
        title=_("Add a footnote"),
        back=clauses_url(tor.pk),
        submit=_("Add footnote"),
        tor=tor,
    )


def footnote_for(user, pk: int, perm: str) -> Footnote:
    return get_object_for_user(
        user,
        Footnote.objects.select_related("tor__mandate").prefetch_related("tor__clauses"),
        perm,
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def footnote_edit(request, pk):
    footnote = footnote_for(request.user, pk, "mandates.change_footnote")
    form = forms.FootnoteForm(posted(request), instance=footnote, tor=footnote.tor)
    saved = save_edit(
        form,
        lambda: services.footnote_update(
            footnote=footnote, **cleaned(form, "version", "clause", "anchor", "text")
        ),
    )
    if saved is not None:
        messages.success(request, _("The footnote was saved."))
        return redirect(clauses_url(footnote.tor_id) + "#footnotes")
    return form_page(
        request,
        form,
        title=_("Edit a footnote"),
        back=clauses_url(footnote.tor_id) + "#footnotes",
        submit=_("Save footnote"),
        tor=footnote.tor,
    )


@require_POST
def footnote_delete(request, pk):
    footnote = footnote_for(request.user, pk, "mandates.delete_footnote")
    footnote.delete()
    messages.success(request, _("The footnote was deleted."))
    return redirect(clauses_url(footnote.tor_id) + "#footnotes")


# Editing: members and focal points


@require_http_methods(["GET", "POST"])
def membership_add(request, pk):
    mandate = get_object_for_user(request.user, Mandate, "mandates.add_membership", pk=pk)
    form = forms.MembershipAddForm(posted(request), mandate=mandate)
    if form.is_valid():
        membership = services.membership_set(mandate=mandate, **cleaned(form, "entity", "role"))
        messages.success(
            request,
            _("%(entity)s was added as %(role)s.")
            % {"entity": membership.entity, "role": membership.get_role_display().lower()},
        )
        return redirect(detail_url(mandate.pk, "members"))
    return form_page(
        request,
        form,
        title=_("Add a member"),
        back=detail_url(mandate.pk, "members"),
        submit=_("Add member"),
        mandate=mandate,
    )


def membership_for(user, pk: int, perm: str) -> Membership:
    return get_object_for_user(
        user, Membership.objects.select_related("mandate", "entity"), perm, pk=pk
    )


@require_http_methods(["GET", "POST"])
def membership_edit(request, pk):
    membership = membership_for(request.user, pk, "mandates.change_membership")
    form = forms.MembershipRoleForm(posted(request), instance=membership)
    saved = save_edit(
        form,
        lambda: services.membership_update(
            membership=membership, **cleaned(form, "version", "role")
        ),
    )
    if saved is not None:
        messages.success(
            request, _("The role of %(entity)s was saved.") % {"entity": membership.entity}
        )
        return redirect(detail_url(membership.mandate_id, "members"))
    return form_page(
        request,
        form,
        title=_("Change the role of %(entity)s") % {"entity": membership.entity},
        back=detail_url(membership.mandate_id, "members"),
        submit=_("Save role"),
        mandate=membership.mandate,
    )


@require_POST
def membership_remove(request, pk):
    membership = membership_for(request.user, pk, "mandates.delete_membership")
    services.membership_remove(membership=membership)
    messages.success(
        request, _("%(entity)s is no longer a member.") % {"entity": membership.entity}
    )
    return redirect(detail_url(membership.mandate_id, "members"))


def people_of(request, mandate: Mandate) -> str:
    """Whose people the focal point page lists: the entity chosen (by acronym, also when the
    form is posted, to the same address), else the mandate's lead or first member."""
    longest = Entity._meta.get_field("acronym").max_length
    chosen = params.text(request.GET, "entity", max_length=longest)
    if chosen == forms.NO_ENTITY or (chosen and Entity.objects.filter(acronym=chosen).exists()):
        return chosen
    first = mandate.memberships.order_by(by_role(), "entity__acronym").values("entity__acronym")
    return next((row["entity__acronym"] for row in first[:1]), "")


@require_http_methods(["GET", "POST"])
def focal_point_add(request, pk):
    mandate = get_object_for_user(request.user, Mandate, "mandates.add_focalpoint", pk=pk)
    chosen = people_of(request, mandate)
    form = forms.FocalPointForm(posted(request), mandate=mandate, people_of=chosen)
    if form.is_valid():
        try:
            focal_point = services.focal_point_add(
                mandate=mandate, **cleaned(form, "user", "nominated_by", "since")
            )
        except ValidationError as error:
            form.add_error("user", error)
        else:
            messages.success(
                request,
                _("%(user)s is now a focal point of this mandate.") % {"user": focal_point.user},
            )
            return redirect(detail_url(mandate.pk, "focal-points"))
    return render(
        request,
        "mandates/focal_point_form.html",
        {
            "form": form,
            "title": _("Add a focal point"),
            "back_url": detail_url(mandate.pk, "focal-points"),
            "submit": _("Add focal point"),
            "mandate": mandate,
            "people_choices": forms.people_choices(),
            "people_of": chosen,
        },
    )


@require_POST
def focal_point_remove(request, pk):
    focal_point = get_object_for_user(
        request.user,
        FocalPoint.objects.select_related("user"),
        "mandates.delete_focalpoint",
        pk=pk,
    )
    services.focal_point_remove(focal_point=focal_point)
    messages.success(
        request,
        _("%(user)s is no longer a focal point of this mandate.") % {"user": focal_point.user},
    )
    return redirect(detail_url(focal_point.mandate_id, "focal-points"))

"""A meeting's decisions in the browser. They are read on the meeting's page (the "Decisions"
panel, mandates/panels.py); here the secretariat adds, edits, moves and deletes decision sections
and decisions, and everyone who may see a decision reads its history."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg.history import render_history
from emg.models import Meeting
from emg.permissions import get_object_for_user
from emg.views.editing import cleaned, form_answer, move_answer
from emg.views.meeting_parts import under_meeting
from mandates import selectors, services
from mandates.forms import DecisionForm, DecisionSectionForm
from mandates.models import Decision, DecisionSection, Mandate

# The meeting page's Decisions panel (mandates/panels.py), as an anchor.
DECISIONS = "panel-mandates-decisions"
# What the forms give the services.
SECTION_FIELDS = ("title", "mandate", "label_style")
DECISION_FIELDS = tuple(DecisionForm.Meta.fields)


def meeting_url(meeting: Meeting, anchor: str = DECISIONS) -> str:
    url = reverse("meetings:detail", kwargs={"number": meeting.number})
    return f"{url}#{anchor}"


def section_anchor(section: DecisionSection) -> str:
    return f"decision-section-{section.pk}"


def decision_anchor(decision: Decision) -> str:
    return f"decision-{decision.pk}"


def outcome(decision: Decision) -> str:
    """What recording ``decision`` did to its mandate, in a sentence."""
    mandate = Mandate.objects.filter(pk=decision.mandate_id).first()
    if mandate is None or not decision.changes_mandate:
        return _("Decision saved.")
    if mandate.status_decision_id != decision.pk:
        return _(
            "Decision saved. %(mandate)s stays %(status)s: a decision taken later sets its status."
        ) % {"mandate": mandate, "status": mandate.get_status_display().lower()}
    end = date_format(mandate.end_date, "j F Y") if mandate.end_date else ""
    values = {"mandate": mandate, "end": end}
    if decision.verb == Decision.Verb.ESTABLISH:
        if end:
            return _("%(mandate)s established until %(end)s by this decision.") % values
        return _("%(mandate)s established by this decision.") % values
    if decision.verb == Decision.Verb.EXTEND:
        if end:
            return _("%(mandate)s extended until %(end)s by this decision.") % values
        return _("%(mandate)s extended by this decision.") % values
    if decision.verb == Decision.Verb.CONCLUDE:
        return _("%(mandate)s concluded on %(end)s by this decision.") % values
    return _("%(mandate)s transferred on %(end)s by this decision.") % values


# Decision sections


@require_http_methods(["GET", "POST"])
def section_add(request, number: int):
    meeting = get_object_for_user(
        request.user, Meeting, "mandates.add_decisionsection", number=number
    )
    form = DecisionSectionForm(request.POST or None, meeting=meeting)
    return form_answer(
        request,
        form,
        lambda: services.decision_section_add(meeting=meeting, **cleaned(form, *SECTION_FIELDS)),
        done=lambda section: _("Section added: %(title)s") % {"title": section.title},
        then=lambda section: meeting_url(meeting, section_anchor(section)),
        title=_("New decision section of %(meeting)s") % {"meeting": meeting},
        submit=_("Save section"),
        **under_meeting(meeting, DECISIONS),
    )


def _section(request, pk: int, perm: str) -> DecisionSection:
    return get_object_for_user(
        request.user, DecisionSection.objects.select_related("meeting"), perm, pk=pk
    )


@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int):
    section = _section(request, pk, "mandates.change_decisionsection")
    form = DecisionSectionForm(request.POST or None, instance=section, meeting=section.meeting)
    return form_answer(
        request,
        form,
        lambda: services.decision_section_update(
            section=section, **cleaned(form, "version", *SECTION_FIELDS)
        ),
        done=lambda saved: _("Section saved: %(title)s") % {"title": section.title},
        title=_("Edit the decision section %(title)s") % {"title": section.title},
        submit=_("Save section"),
        **under_meeting(section.meeting, section_anchor(section)),
    )


@require_POST
def section_move(request, pk: int):
    section = _section(request, pk, "mandates.change_decisionsection")
    return move_answer(
        request,
        lambda direction: services.decision_section_move(section=section, direction=direction),
        unknown=_("Say whether to move the section up or down."),
        at_end=_("The section is already at that end."),
        back=meeting_url(section.meeting, section_anchor(section)),
    )


@require_POST
def section_delete(request, pk: int):
    section = _section(request, pk, "mandates.delete_decisionsection")
    services.decision_section_delete(section=section)
    messages.success(
        request,
        _("Section deleted with its decisions: %(title)s") % {"title": section.title},
    )
    return redirect(meeting_url(section.meeting))


# Decisions


def decision_saved(request, form, save, *, meeting: Meeting, title: str, anchor: str):
    """The decision's form page; a valid form is saved by ``save`` (a service, given the form's
    values), saying what the decision did to its mandate."""
    return form_answer(
        request,
        form,
        lambda: save(**cleaned(form, *DECISION_FIELDS)),
        refused_on="parent",
        done=outcome,
        then=lambda decision: meeting_url(meeting, decision_anchor(decision)),
        title=title,
        submit=_("Save decision"),
        **under_meeting(meeting, anchor),
    )


@require_http_methods(["GET", "POST"])
def decision_add(request, section_pk: int):
    section = _section(request, section_pk, "mandates.add_decision")
    meeting = section.meeting
    initial = {"section": section, "mandate": section.mandate_id}
    form = DecisionForm(request.POST or None, initial=initial, meeting=meeting)
    return decision_saved(
        request,
        form,
        services.decision_record,
        meeting=meeting,
        title=_("New decision of %(meeting)s") % {"meeting": meeting},
        anchor=section_anchor(section),
    )


def _decision(request, pk: int, perm: str) -> Decision:
    return get_object_for_user(
        request.user,
        Decision.objects.select_related("section__meeting", "parent"),
        perm,
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def decision_edit(request, pk: int):
    decision = _decision(request, pk, "mandates.change_decision")
    meeting = decision.section.meeting
    form = DecisionForm(request.POST or None, instance=decision, meeting=meeting)
    return decision_saved(
        request,
        form,
        lambda **values: services.decision_update(
            decision=decision, version=form.cleaned_data["version"], **values
        ),
        meeting=meeting,
        title=_("Edit a decision of %(meeting)s") % {"meeting": meeting},
        anchor=decision_anchor(decision),
    )


@require_POST
def decision_move(request, pk: int):
    decision = _decision(request, pk, "mandates.change_decision")
    return move_answer(
        request,
        lambda direction: services.decision_move(decision=decision, direction=direction),
        unknown=_("Say whether to move the decision up or down."),
        at_end=_("The decision is already at that end."),
        back=meeting_url(decision.section.meeting, decision_anchor(decision)),
    )


@require_POST
def decision_delete(request, pk: int):
    decision = _decision(request, pk, "mandates.delete_decision")
    meeting, section = decision.section.meeting, decision.section
    mandate = decision.mandate if decision.changes_mandate else None
    services.decision_delete(decision=decision)
    text = _("Decision deleted.")
    if mandate is not None:
        mandate.refresh_from_db()
        text = _(
            "Decision deleted. %(mandate)s now follows the decisions that remain: %(status)s."
        ) % {"mandate": mandate, "status": mandate.get_status_display().lower()}
    messages.success(request, text)
    return redirect(meeting_url(meeting, section_anchor(section)))


@require_safe
def decision_history(request, pk: int):
    decision = _decision(request, pk, "mandates.view_decision")
    meeting = decision.section.meeting
    name = selectors.decision_name(decision)
    return render_history(
        request,
        subject=decision,
        title=_("decision %(name)s of %(meeting)s") % {"name": name, "meeting": meeting},
        back_url=meeting_url(meeting, decision_anchor(decision)),
        querysets=[
            Decision.history.filter(id=decision.pk),
            Decision.history.filter(parent_id=decision.pk),
        ],
    )

"""The mandates list, a mandate's page with its terms of reference and its decisions across SOMs,
its history, and the secretariat's edits of the mandate itself.

What the apps to the right know of a mandate (its work-plan activities, its reporting tasks) they
show on its page as panels (emg.home, page ``mandates.panels.MANDATE``): this app may not read
their tables.
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from emg import home
from emg.history import render_history
from emg.permissions import get_object_for_user, permission_required
from emg.views.editing import cleaned, form_answer, posted
from emg.views.lists import list_context, paginate, sort_headers
from mandates import forms, selectors, services
from mandates.filters import MandateFilter
from mandates.models import (
    Clause,
    Decision,
    FocalPoint,
    Footnote,
    Mandate,
    MandateAlias,
    Membership,
    TermsOfReference,
)
from mandates.panels import MANDATE
from mandates.pictures import mandate_life
from mandates.views.pages import about, detail_url

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


@require_safe
@permission_required("mandates.view_mandate", raise_exception=True)
def mandate_list(request):
    filterset = MandateFilter(request.GET, queryset=Mandate.objects.all())
    page = paginate(request, selectors.with_leads(filterset.qs))
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


def mandate_for_page(user, pk: int) -> Mandate:
    """The mandate, with the decision that set its status, that decision's meeting and the
    number of its section."""
    queryset = Mandate.objects.select_related("status_decision__section__meeting").annotate(
        reason_section_number=selectors.section_number("status_decision__section__")
    )
    return get_object_for_user(user, queryset, "mandates.view_mandate", pk=pk)


@require_safe
def mandate_detail(request, pk):
    mandate = mandate_for_page(request.user, pk)
    reason = mandate.status_decision
    timeline = selectors.decision_timeline(mandate)
    return render(
        request,
        "mandates/detail.html",
        {
            "mandate": mandate,
            "reason": reason,
            "reason_set_by": SET_BY.get(reason.verb, "") if reason else "",
            # "section VI", as a sentence names it: without the numeral's full stop
            "reason_section": selectors.section_label(mandate.reason_section_number).rstrip("."),
            "aliases": list(mandate.aliases.all()),
            "memberships": selectors.members_of(mandate),
            "focal_points": selectors.focal_points_of(mandate),
            "readings": selectors.terms_of(mandate),
            "timeline": timeline,
            "life": mandate_life(mandate, timeline),
            # Its work-plan activities and its reporting tasks, each showing only what the
            # reader may see.
            "panels": home.render_panels(request, home.panels_for(request.user, MANDATE), mandate),
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
        back_url=detail_url(mandate.pk),
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


# Editing the mandate

MANDATE_FIELDS = ("kind", "name", "short_name", "description")
STATUS_NOTE = gettext_lazy(
    "Status, start and end date are not edited here: they follow the SOM decisions recorded "
    "on the meeting pages (establish, extend, conclude, transfer)."
)


@require_http_methods(["GET", "POST"])
@permission_required("mandates.add_mandate", raise_exception=True)
def mandate_create(request):
    form = forms.MandateForm(posted(request))
    return form_answer(
        request,
        form,
        lambda: services.mandate_create(**cleaned(form, *MANDATE_FIELDS)),
        done=_("The mandate was created."),
        then=lambda mandate: detail_url(mandate.pk),
        title=_("New mandate"),
        back=reverse("mandates:list"),
        submit=_("Create mandate"),
        note=STATUS_NOTE,
        **about(),
    )


@require_http_methods(["GET", "POST"])
def mandate_edit(request, pk):
    mandate = get_object_for_user(request.user, Mandate, "mandates.change_mandate", pk=pk)
    form = forms.MandateForm(posted(request), instance=mandate)
    return form_answer(
        request,
        form,
        lambda: services.mandate_update(
            mandate=mandate, **cleaned(form, "version", *MANDATE_FIELDS)
        ),
        done=_("The mandate was saved."),
        title=_("Edit the mandate"),
        back=detail_url(mandate.pk),
        submit=_("Save mandate"),
        note=STATUS_NOTE,
        **about(mandate=mandate),
    )

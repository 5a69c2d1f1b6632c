"""The secretariat's edits of terms of reference: their details, and the clauses and footnotes
on the ToR's clauses page (an outline with a control for each); and everyone's downloads of a ToR
as it prints, PDF and Word."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import params
from emg.models import Document
from emg.permissions import get_object_for_user
from emg.printing import docx_download, pdf_download
from emg.selectors import publishing_or_own
from emg.views.editing import cleaned, form_answer, move_answer, posted
from mandates import forms, selectors, services
from mandates.models import Clause, Footnote, Mandate, TermsOfReference
from mandates.views.pages import about, clauses_url, detail_url

# What the ToR's form gives the services, besides the version.
TOR_FIELDS = ("title", "established_at", "reports_to", "duration_months")


@require_http_methods(["GET", "POST"])
def tor_create(request, pk):
    mandate = get_object_for_user(request.user, Mandate, "mandates.add_termsofreference", pk=pk)
    form = forms.TermsOfReferenceForm(
        posted(request),
        instance=TermsOfReference(mandate=mandate),
        initial={"title": _("Terms of Reference for the %(name)s") % {"name": mandate.name}},
    )
    return form_answer(
        request,
        form,
        lambda: services.terms_of_reference_create(mandate=mandate, **cleaned(form, *TOR_FIELDS)),
        done=_("The terms of reference were created. Add their clauses."),
        then=lambda tor: clauses_url(tor.pk),
        title=_("New terms of reference"),
        back=detail_url(mandate.pk),
        submit=_("Create terms of reference"),
        **about(mandate=mandate),
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
    return form_answer(
        request,
        form,
        lambda: services.terms_of_reference_update(
            tor=tor, **cleaned(form, "version", *TOR_FIELDS)
        ),
        done=_("The terms of reference were saved."),
        title=_("Edit the terms of reference"),
        back=detail_url(tor.mandate_id, f"tor-{tor.pk}"),
        submit=_("Save terms of reference"),
        **about(tor=tor),
    )


@require_safe
def tor_clauses(request, pk):
    """The secretariat's view of a ToR: the outline with a control for each clause."""
    tor = get_object_for_user(
        request.user,
        selectors.with_text(TermsOfReference.objects.select_related("mandate")),
        "mandates.change_termsofreference",
        pk=pk,
    )
    reading = selectors.read_terms(tor)
    return render(request, "mandates/tor_clauses.html", {"tor": tor, "reading": reading})


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
    return form_answer(
        request,
        form,
        lambda: services.clause_add(tor=tor, **cleaned(form, "parent", "kind", "text")),
        done=_("The clause was added."),
        then=lambda clause: clauses_url(tor.pk, clause.pk),
        title=_("Add a clause"),
        back=clauses_url(tor.pk),
        submit=_("Add clause"),
        **about(tor=tor),
    )


def clause_for(user, pk: int, perm: str) -> Clause:
    return get_object_for_user(user, Clause.objects.select_related("tor__mandate"), perm, pk=pk)


@require_http_methods(["GET", "POST"])
def clause_edit(request, pk):
    clause = clause_for(request.user, pk, "mandates.change_clause")
    form = forms.ClauseEditForm(posted(request), instance=clause)
    return form_answer(
        request,
        form,
        lambda: services.clause_update(clause=clause, **cleaned(form, "version", "text")),
        done=_("The clause was saved."),
        title=_("Edit a clause"),
        back=clauses_url(clause.tor_id, clause.pk),
        submit=_("Save clause"),
        **about(tor=clause.tor),
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
    return form_answer(
        request,
        form,
        lambda: services.footnote_add(tor=tor, **cleaned(form, "clause", "anchor", "text")),
        done=_("The footnote was added."),
        then=clauses_url(tor.pk) + "#footnotes",
        title=_("Add a footnote"),
        back=clauses_url(tor.pk),
        submit=_("Add footnote"),
        **about(tor=tor),
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
    return form_answer(
        request,
        form,
        lambda: services.footnote_update(
            footnote=footnote, **cleaned(form, "version", "clause", "anchor", "text")
        ),
        done=_("The footnote was saved."),
        title=_("Edit a footnote"),
        back=clauses_url(footnote.tor_id) + "#footnotes",
        submit=_("Save footnote"),
        **about(tor=footnote.tor),
    )


@require_POST
def footnote_delete(request, pk):
    footnote = footnote_for(request.user, pk, "mandates.delete_footnote")
    services.footnote_delete(footnote=footnote)
    messages.success(request, _("The footnote was deleted."))
    return redirect(clauses_url(footnote.tor_id) + "#footnotes")


# Downloads


def _printed(request, pk) -> Document:
    """The document the ToR prints as: the meeting document that publishes it, else the ToR
    under its own title."""
    tor = get_object_for_user(
        request.user, TermsOfReference.objects.all(), "mandates.view_termsofreference", pk=pk
    )
    return publishing_or_own(tor, kind=Document.Kind.TERMS_OF_REFERENCE, title=tor.title)


@require_safe
def tor_pdf(request, pk):
    return pdf_download(_printed(request, pk))


@require_safe
def tor_docx(request, pk):
    return docx_download(_printed(request, pk))

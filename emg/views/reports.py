"""The report of a meeting (emg.reports): the secretariat starts it, types the opening, the
summary of each agenda item and the closing, circulates the draft for comment and issues it
final, after which it is locked. Everyone with a role reads it once circulated; its PDF and Word
file are one click from its page (a preview of the draft for the secretariat before that)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import reports, services
from emg.forms import (
    ItemSummaryForm,
    MeetingReportForm,
    ReportCirculateForm,
    ReportCommentForm,
    ReportFinaliseForm,
)
from emg.models import AgendaItem, Document, ItemSummary, Meeting, MeetingReport
from emg.permissions import get_object_for_user, visible_to
from emg.printing import docx_download, pdf_download
from emg.selectors import publishing_or_own
from emg.views.editing import attempt, cleaned, form_answer, posted, save_edit
from emg.views.meeting_parts import under_meeting


def report_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:report", kwargs={"number": meeting.number})
    return f"{url}#{anchor}" if anchor else url


def _report(request, number: int, perm: str) -> MeetingReport:
    return get_object_for_user(
        request.user, MeetingReport.objects.select_related("meeting"), perm, meeting__number=number
    )


def _under_report(report: MeetingReport, anchor: str = "") -> dict:
    page = under_meeting(report.meeting)
    page["crumbs"].append((_("Report of the meeting"), report_url(report.meeting)))
    page["back"] = report_url(report.meeting, anchor)
    return page


def _printed(report: MeetingReport) -> Document:
    """The document the report prints as: the meeting document that publishes it once it is
    circulated, else the draft under its own title."""
    return publishing_or_own(report, kind=Document.Kind.MEETING_REPORT, title=str(report))


@require_http_methods(["GET", "POST"])
def report_page(request, number: int):
    """The report; posted, a comment on it while it is circulated."""
    if request.method == "POST":
        return _comment(request, number)
    return _page(request, number, ReportCommentForm())


def _page(request, number: int, comment_form):
    """The report as it reads now, where it stands, the comments made on it while circulated
    and, for the secretariat, the steps of writing it."""
    meeting = get_object_for_user(request.user, Meeting, "emg.view_meeting", number=number)
    report = visible_to(MeetingReport.objects.filter(meeting=meeting), request.user).first()
    may_write = request.user.has_perm("emg.change_meetingreport")
    if report is None:
        if not may_write:
            raise Http404(_("This meeting's report has not been circulated yet."))
        return render(request, "emg/reports/page.html", {"meeting": meeting, "report": None})
    report.meeting = meeting
    document = _printed(report)
    summaries = {s.agenda_item_id: s for s in ItemSummary.objects.filter(report=report)}
    items = [
        {"number": position, "item": item, "summary": summaries.get(item.pk)}
        for position, item in enumerate(meeting.agenda_items.order_by("order"), start=1)
    ]
    return render(
        request,
        "emg/reports/page.html",
        {
            "meeting": meeting,
            "report": report,
            "text": reports.report_text(report),
            "document": document if document.pk else None,
            "items": items,
            "can_edit": may_write and not report.is_final,
            "finalise_form": ReportFinaliseForm(instance=report),
            "comments": list(report.comments.select_related("author")),
            "comment_form": comment_form
            if report.status == MeetingReport.Status.CIRCULATED
            and request.user.has_perm("emg.comment_meetingreport", report)
            else None,
        },
    )


@require_POST
def report_start(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meeting", number=number)
    services.meeting_report_start(meeting=meeting)
    return redirect(report_url(meeting))


@require_http_methods(["GET", "POST"])
def report_edit(request, number: int):
    report = _report(request, number, "emg.change_meetingreport")
    form = MeetingReportForm(posted(request), instance=report)
    return form_answer(
        request,
        form,
        lambda: services.meeting_report_update(
            report=report, **cleaned(form, "version", "opening", "closing")
        ),
        done=_("The opening and closing of the report were saved."),
        title=_("Opening and closing of the report of the %(meeting)s")
        % {"meeting": report.meeting.ordinal_title},
        submit=_("Save"),
        **_under_report(report),
    )


@require_http_methods(["GET", "POST"])
def summary_edit(request, number: int, pk: int):
    report = _report(request, number, "emg.change_meetingreport")
    item = get_object_for_user(
        request.user, AgendaItem, "emg.change_agendaitem", pk=pk, meeting=report.meeting
    )
    summary = ItemSummary.objects.filter(agenda_item=item).first()
    form = ItemSummaryForm(
        posted(request), instance=summary or ItemSummary(report=report, agenda_item=item)
    )
    return form_answer(
        request,
        form,
        lambda: services.item_summary_save(
            report=report, agenda_item=item, **cleaned(form, "version", "text")
        ),
        done=_("The summary of “%(title)s” was saved.") % {"title": item.title},
        title=_("Summary of an agenda item in the report"),
        lead=item.title,
        submit=_("Save summary"),
        **_under_report(report, f"item-{item.pk}"),
    )


@require_http_methods(["GET", "POST"])
def report_circulate(request, number: int):
    report = _report(request, number, "emg.change_meetingreport")
    form = ReportCirculateForm(posted(request), instance=report)
    return form_answer(
        request,
        form,
        lambda: services.meeting_report_circulate(
            report=report, **cleaned(form, "version", "comments_due")
        ),
        done=_(
            "The draft report was circulated for comment: it is a draft document of the "
            "meeting, which every member reads."
        ),
        title=_("Circulate the draft report for comment"),
        lead=str(report),
        note=_(
            "Everyone in the workspace will read the draft and its PDF and Word file. You can "
            "go on editing it while comments come in, and circulate it again."
        ),
        submit=_("Circulate for comment"),
        **_under_report(report),
    )


@require_POST
def report_finalise(request, number: int):
    report = _report(request, number, "emg.change_meetingreport")
    form = ReportFinaliseForm(request.POST, instance=report)
    save_edit(
        form, lambda: services.meeting_report_finalise(report=report, **cleaned(form, "version"))
    )
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    elif getattr(form, "conflict", None) is not None:
        messages.error(
            request,
            _(
                "The report was changed since you opened it. Read it as it is now, then issue "
                "it final."
            ),
        )
    else:
        messages.success(request, _("The report was issued final. It is locked from now on."))
    return redirect(report_url(report.meeting))


def _comment(request, number: int):
    """A comment on the report while it is circulated, by a Senior Official or the secretariat;
    a comment refused (empty, too long) is shown on the page with what was typed."""
    report = _report(request, number, "emg.comment_meetingreport")
    form = ReportCommentForm(request.POST)
    if not form.is_valid():
        return _page(request, number, form)
    done, _comment = attempt(
        request,
        lambda: services.report_comment_add(
            report=report, author=request.user, text=form.cleaned_data["text"]
        ),
    )
    if done:
        messages.success(request, _("Your comment was added."))
    return redirect(report_url(report.meeting, "comments"))


@require_safe
def report_pdf(request, number: int):
    return pdf_download(_printed(_report(request, number, "emg.view_meetingreport")))


@require_safe
def report_docx(request, number: int):
    return docx_download(_printed(_report(request, number, "emg.view_meetingreport")))

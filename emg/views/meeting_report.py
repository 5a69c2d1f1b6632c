"""The report of a meeting (/meetings/26/report/): the secretariat drafts it, circulates it to
the Senior Officials for comment, and makes it final, when it is locked and issued as a document
of the meeting. Who reads it at each step is MeetingReport.objects.visible_to."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from emg import selectors, services
from emg.forms import MeetingReportForm, ReportCommentForm
from emg.models import Document, Meeting, MeetingReport
from emg.permissions import get_object_for_user
from emg.views.editing import attempt, cleaned, form_answer, posted
from emg.views.meeting_parts import under_meeting


def report_url(meeting: Meeting) -> str:
    return reverse("meetings:report", kwargs={"number": meeting.number})


def _report(request, number: int, perm: str) -> MeetingReport:
    return get_object_for_user(
        request.user, MeetingReport.objects.select_related("meeting"), perm, meeting__number=number
    )


def _page(request, meeting: Meeting, report: MeetingReport | None, comment_form, status=200):
    can_comment = (
        report is not None
        and report.status == MeetingReport.Status.CIRCULATED
        and request.user.has_perm("emg.comment_meetingreport", report)
    )
    return render(
        request,
        "emg/meeting_report/page.html",
        {
            "meeting": meeting,
            "report": report,
            "comments": list(report.comments.select_related("author")) if report else [],
            "comment_form": comment_form if can_comment else None,
            "can_edit": request.user.has_perm("emg.change_meetingreport"),
            "document": report
            and selectors.generated_document(source=report, kind=Document.Kind.MEETING_REPORT),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def report_detail(request, number: int):
    """The report as it stands; posted, a comment on it while it is circulated."""
    if request.method == "POST":
        return _comment(request, number)
    meeting = get_object_for_user(request.user, Meeting, "emg.view_meeting", number=number)
    # A report not theirs to read yet (a draft) is, for the reader, no report yet.
    report = MeetingReport.objects.visible_to(request.user).filter(meeting=meeting).first()
    return _page(request, meeting, report, ReportCommentForm())


@require_http_methods(["GET", "POST"])
def report_edit(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meetingreport", number=number)
    report = MeetingReport.objects.filter(meeting=meeting).first()
    if report is not None and report.status == MeetingReport.Status.FINAL:
        messages.error(request, _("The report is final: it can no longer be changed."))
        return redirect(report_url(meeting))
    form = MeetingReportForm(posted(request), instance=report or MeetingReport(meeting=meeting))
    page = under_meeting(meeting)
    page["crumbs"].append((_("Report of the meeting"), report_url(meeting)))
    page["back"] = report_url(meeting)
    return form_answer(
        request,
        form,
        lambda: services.meeting_report_save(meeting=meeting, **cleaned(form, "version", "text")),
        done=_("The report was saved."),
        title=_("The report of %(meeting)s") % {"meeting": meeting},
        submit=_("Save the report"),
        **page,
    )


@require_POST
def report_circulate(request, number: int):
    report = _report(request, number, "emg.change_meetingreport")
    if attempt(request, lambda: services.meeting_report_circulate(report=report))[0]:
        messages.success(request, _("The report is circulated to the Senior Officials."))
    return redirect(report_url(report.meeting))


@require_POST
def report_finalise(request, number: int):
    report = _report(request, number, "emg.change_meetingreport")
    done, document = attempt(request, lambda: services.meeting_report_finalise(report=report))
    if done:
        messages.success(
            request,
            _("The report is final and issued as %(document)s.") % {"document": document},
        )
    return redirect(report_url(report.meeting))


def _comment(request, number: int):
    report = _report(request, number, "emg.comment_meetingreport")
    form = ReportCommentForm(request.POST)
    if not form.is_valid():
        return _page(request, report.meeting, report, form)
    done = attempt(
        request,
        lambda: services.report_comment_add(
            report=report, author=request.user, text=form.cleaned_data["text"]
        ),
    )[0]
    if done:
        messages.success(request, _("Your comment was added."))
    return redirect(report_url(report.meeting) + "#comments")

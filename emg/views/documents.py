"""A meeting's documents: the secretariat adds, edits and deletes them (with an uploaded PDF or
Word file: DOCX, DOC, ODT or RTF), and everyone who may see the document downloads its file
through here, and the PDF a Word file was converted to (emg.conversions). Files live in the private
storage, outside the web root; no path ever comes from the request."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import services
from emg.conversions import conversion_of
from emg.documents import document_html
from emg.files import CONTENT_TYPES, file_stem
from emg.forms import DocumentForm, DocumentVersionForm
from emg.models import Document, DocumentVersion, Meeting
from emg.permissions import get_object_for_user
from emg.printing import docx_download, pdf_download
from emg.views.editing import cleaned, form_answer
from emg.views.meeting_parts import meeting_url, part_of_meeting, under_meeting


def _anchor(document: Document) -> str:
    return f"document-{document.pk}"


@require_http_methods(["GET", "POST"])
def document_add(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meeting", number=number)
    form = DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    return form_answer(
        request,
        form,
        lambda: services.document_save(document=form.save(commit=False)),
        done=lambda document: _("Document added: %(document)s") % {"document": document},
        then=lambda document: meeting_url(meeting, _anchor(document)),
        title=_("New document of %(meeting)s") % {"meeting": meeting},
        submit=_("Save document"),
        **under_meeting(meeting, "documents"),
    )


@require_http_methods(["GET", "POST"])
def document_edit(request, number: int, pk: int):
    document = part_of_meeting(request, Document, number, pk, "emg.change_document")
    meeting = document.meeting
    form = DocumentForm(
        request.POST or None, request.FILES or None, instance=document, meeting=meeting
    )
    return form_answer(
        request,
        form,
        lambda: services.document_update(
            document=document, **cleaned(form, "version", *DocumentForm.Meta.fields)
        ),
        done=lambda saved: _("Document saved: %(document)s") % {"document": document},
        title=_("Edit %(document)s") % {"document": document.symbol or document.title},
        submit=_("Save document"),
        template="emg/documents/edit.html",
        context={"document": document, "conversion": conversion_of(document)},
        **under_meeting(meeting, _anchor(document)),
    )


@require_POST
def document_delete(request, number: int, pk: int):
    document = part_of_meeting(request, Document, number, pk, "emg.delete_document")
    services.document_delete(document=document)
    messages.success(request, _("Document deleted: %(document)s") % {"document": document})
    return redirect(meeting_url(document.meeting, "documents"))


# Language versions


def _version(request, number: int, pk: int, version: int, perm: str) -> DocumentVersion:
    document = part_of_meeting(request, Document, number, pk, perm)
    found = document.versions.filter(pk=version).select_related("document__meeting").first()
    if found is None:
        raise Http404(_("This document has no such language version."))
    return found


@require_http_methods(["GET", "POST"])
def version_add(request, number: int, pk: int):
    document = part_of_meeting(request, Document, number, pk, "emg.change_document")
    meeting = document.meeting
    form = DocumentVersionForm(request.POST or None, request.FILES or None, document=document)
    which = document.symbol or document.title
    return form_answer(
        request,
        form,
        lambda: services.document_version_upload(
            document=document, **cleaned(form, "language", "file")
        ),
        done=lambda version: (
            _("%(document)s: the %(language)s version is uploaded.")
            % {"document": which, "language": version.get_language_display()}
        ),
        title=_("A language version of %(document)s") % {"document": which},
        submit=_("Upload"),
        **under_meeting(meeting, _anchor(document)),
    )


@require_POST
def version_delete(request, number: int, pk: int, version: int):
    found = _version(request, number, pk, version, "emg.change_document")
    services.document_version_delete(version=found)
    messages.success(
        request,
        _("%(document)s: the %(language)s version is deleted.")
        % {
            "document": found.document.symbol or found.document.title,
            "language": found.get_language_display(),
        },
    )
    return redirect(meeting_url(found.document.meeting, _anchor(found.document)))


@require_safe
def version_download(request, number: int, pk: int, version: int):
    found = _version(request, number, pk, version, "emg.view_document")
    return _file_response(found.file, found.document, suffix=f" {found.language}")


@require_safe
def document_download(request, number: int, pk: int):
    document = part_of_meeting(request, Document, number, pk, "emg.view_document")
    if not document.file:
        raise Http404(_("No file has been uploaded for this document."))
    return _file_response(document.file, document)


def _file_response(file, document: Document, *, suffix: str = "") -> FileResponse:
    """``file`` (the document's, or a language version's) as a download named after the
    document's symbol (its title when it has none) and ``suffix``."""
    extension = file.name.rsplit(".", 1)[-1].lower()
    if extension not in CONTENT_TYPES:
        raise Http404(_("This document's file is of a kind that is not served."))
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This document's file is missing.")) from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{file_stem((document.symbol or document.title) + suffix)}.{extension}",
        content_type=CONTENT_TYPES[extension],
    )


def _readable_document(request, pk: int) -> Document:
    return get_object_for_user(
        request.user,
        Document.objects.select_related("meeting", "agenda_item", "source_type"),
        "emg.view_document",
        pk=pk,
    )


@require_safe
def document_preview(request, pk: int):
    """The document as it prints: the very HTML WeasyPrint is given."""
    document = _readable_document(request, pk)
    return HttpResponse(document_html(document))


@require_safe
def document_pdf(request, pk: int):
    """The document as a PDF. Printing takes WeasyPrint a good half second, so the PDF is kept
    per content of the HTML page (emg.printing): printed once, then served from its file until
    an edit changes what it shows."""
    return pdf_download(_readable_document(request, pk))


@require_safe
def document_docx(request, pk: int):
    """The document as a Word file, laid out as it prints (emg/docx.py)."""
    return docx_download(_readable_document(request, pk))


@require_safe
def document_conversion(request, number: int, pk: int):
    """The state of the document's Word file's conversion, as its edit page shows it: what htmx
    polls while the conversion is queued or under way."""
    document = part_of_meeting(request, Document, number, pk, "emg.change_document")
    conversion = conversion_of(document)
    if conversion is None:
        raise Http404(_("This document has no Word file being converted."))
    return render(
        request,
        "emg/documents/conversion.html",
        {"document": document, "conversion": conversion, "detailed": True},
    )


def _ready_conversion(request, pk: int):
    """The document ``pk`` the user may read, and its Word file's conversion, ready; else 404."""
    document = _readable_document(request, pk)
    conversion = conversion_of(document)
    if conversion is None or not conversion.is_ready:
        raise Http404(_("This document has no Word file converted to PDF."))
    return document, conversion


@require_safe
def document_first_page(request, pk: int):
    """The first page of the PDF the document's Word file was converted to, as a picture (its
    upload's page shows it)."""
    _document, conversion = _ready_conversion(request, pk)
    if not conversion.first_page:
        raise Http404(_("This document has no picture of a converted first page."))
    try:
        handle = conversion.first_page.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This document's first page is missing.")) from exc
    return FileResponse(handle, content_type="image/png")


@require_safe
def document_converted(request, pk: int):
    """The PDF the document's uploaded Word file was converted to, as the pack merges it."""
    document, conversion = _ready_conversion(request, pk)
    return _file_response(conversion.file, document)


@require_POST
def annotated_agenda_generate(request, number: int):
    """Generate the meeting's provisional annotated agenda from its agenda items, or date
    again the one generated before: one document either way."""
    meeting = get_object_for_user(request.user, Meeting, "emg.change_meeting", number=number)
    document = services.document_generate(
        source=meeting,
        kind=Document.Kind.ANNOTATED_AGENDA,
        meeting=meeting,
        title=_("Provisional annotated agenda"),
    )
    messages.success(
        request,
        _("%(document)s is generated from the agenda: its page, PDF and Word file follow.")
        % {"document": document},
    )
    return redirect(meeting_url(meeting, f"document-{document.pk}"))

"""Importing legacy documents from the browser, for the secretariat: upload one or more files,
see what importing them would create, update or refuse (nothing is written yet), confirm, and read
what was done. The files wait in the private storage under a token only their uploader can use
(emg.importing.uploads)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg.forms import ImportUploadForm
from emg.importing.uploads import (
    UploadedText,
    import_upload_confirm,
    import_upload_get,
    import_upload_keep,
    import_upload_preview,
)
from emg.models import ImportUpload
from emg.permissions import permission_required
from emg.views.editing import form_page

PERMISSION = "emg.import_documents"


def _upload_for(request, token: str) -> ImportUpload:
    """The upload ``token`` names, if it is the user's and still kept: else 404, the same for a
    token of another person as for one that never existed."""
    upload = import_upload_get(user=request.user, token=token)
    if upload is None:
        raise Http404(_("No such upload: it may have expired. Upload the files again."))
    return upload


@require_http_methods(["GET", "POST"])
@permission_required(PERMISSION, raise_exception=True)
def import_upload(request):
    form = ImportUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if form.is_valid():
        files = [UploadedText(f.name, f.read()) for f in form.cleaned_data["files"]]
        upload = import_upload_keep(user=request.user, files=files)
        return redirect("imports:preview", token=upload.token)
    return form_page(
        request,
        form,
        title=_("Import documents"),
        back=reverse("home"),
        submit=_("Preview the import"),
        lead=_(
            "Legacy EMG documents read into the workspace: terms of reference, work plans, "
            "progress reports and summaries of action points."
        ),
    )


@require_safe
@permission_required(PERMISSION, raise_exception=True)
def import_preview(request, token: str):
    upload = _upload_for(request, token)
    if upload.imported_at:
        return redirect("imports:done", token=token)
    reports = import_upload_preview(upload)
    return render(
        request,
        "emg/imports/preview.html",
        {
            "title": _("What the import would do"),
            "upload": upload,
            "reports": reports,
            "importable": any(report["ok"] for report in reports),
        },
    )


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def import_confirm(request, token: str):
    # A second click finds the upload claimed and shows what the first one did.
    import_upload_confirm(upload=_upload_for(request, token))
    return redirect("imports:done", token=token)


@require_safe
@permission_required(PERMISSION, raise_exception=True)
def import_done(request, token: str):
    upload = _upload_for(request, token)
    if not upload.imported_at:
        return redirect("imports:preview", token=token)
    return render(
        request,
        "emg/imports/done.html",
        {
            "title": _("What the import did"),
            "upload": upload,
            "reports": upload.report,
            "again_url": reverse("imports:upload"),
        },
    )

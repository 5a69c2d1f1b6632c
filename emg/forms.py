"""The secretariat's forms for meetings, their sessions, agenda items and documents; and
VersionedForm, which every app's edit forms of versioned rows (emg.versions) build on.

An edit form carries the version of the row it was opened on, and its view hands it to the edit
service, which claims it: of two people saving at once, or one after the other on the same
version, one is refused with the current values shown (emg.views.editing.save_edit), so that
nobody silently overwrites anybody.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from emg.files import CONTENT_TYPES, file_kind, file_stem
from emg.importing.uploads import READABLE_EXTENSIONS
from emg.models import (
    AgendaItem,
    ApiToken,
    Delivery,
    Document,
    DocumentVersion,
    Entity,
    ItemSummary,
    Language,
    Meeting,
    MeetingReport,
    Participant,
    ReportComment,
    Session,
    User,
)
from emg.notifications.registry import kinds_for
from emg.notifications.services import preferences_of
from emg.participants import Unreadable, read_registrations


def shown(value) -> str:
    """A stored value as a page shows it: a dash for nothing, dates in words."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)


def shown_value(instance, name: str) -> str:
    """A field's stored value as a page shows it: a choice by its label, a file by its name."""
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if field.choices and value not in (None, ""):
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(field, models.FileField):
        return value.name.rsplit("/", 1)[-1] if value else "—"
    return shown(value)


class VersionField(forms.IntegerField):
    """The version of the row a form was opened on, in a hidden input. Anything that is not a
    version (a page from before versions, a value tampered with) reads as 0, which no row has: the
    save is refused as a conflict, with the current values shown, never applied blindly."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, **kwargs)

    def to_python(self, value):
        try:
            version = int(str(value).strip())
        except ValueError:
            return 0
        # Beyond the column's range, a database would refuse to compare it.
        return version if 0 < version < 2**31 else 0


class VersionedForm(forms.ModelForm):
    """A ModelForm of a versioned row that carries the version it was opened on. It does not
    check it: its view hands ``cleaned_data["version"]`` to the edit service, which claims it
    (emg.versions). ``conflict`` is set when that save was refused (emg.views.editing)."""

    version = VersionField()
    conflict = None
    # Fields whose uniqueness the form's own clean_<field> checks, naming the row that has the
    # value already: the model's check would only say "already exists".
    unique_in_own_words: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def validate_unique(self):
        exclude = self._get_validation_exclusions() | set(self.unique_in_own_words)
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as e:
            self._update_errors(e)

    def current_values(self, current) -> list[tuple[str, str]]:
        """The values of this form's fields stored in ``current``, as the page shows them."""
        return [
            (str(field.label), shown_value(current, name))
            for name, field in self.fields.items()
            if name != "version"
        ]


class MeetingForm(VersionedForm):
    unique_in_own_words = ("number",)  # in the meeting's own words

    class Meta:
        model = Meeting
        fields = ["number", "title", "host"]
        help_texts = {
            "number": _("26 for the 26th Senior Officials Meeting."),
            "title": _(
                'As the documents give it; left empty, the page says "26th Senior '
                'Officials Meeting".'
            ),
            "host": _("The entity hosting the meeting, if one does."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Entity.objects.order_by("acronym")

    def clean_number(self):
        number = self.cleaned_data["number"]
        twin = Meeting.objects.exclude(pk=self.instance.pk).filter(number=number).first()
        if twin:
            raise ValidationError(
                _(
                    "SOM %(number)s is already recorded (%(title)s). Choose another number, or "
                    "edit that meeting."
                ),
                code="unique",
                params={"number": number, "title": twin.ordinal_title},
            )
        return number


class PersonForm(VersionedForm):
    """A person's role and entity (emg.people.person_update)."""

    class Meta:
        model = User
        fields = ["role", "entity"]
        help_texts = {
            "role": _(
                "Secretariat: edits everything and manages people. Focal point: reports for the "
                "mandates they are nominated for. Senior official: reads."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        self.fields["role"].choices = User.Role.choices
        self.fields["entity"].queryset = Entity.objects.order_by("acronym")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SessionForm(VersionedForm):
    class Meta:
        model = Session
        fields = [
            "segment",
            "date",
            "start_time",
            "end_time",
            "time_zone",
            "venue",
            "online",
            "online_platform",
        ]
        widgets = {"date": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}
        labels = {"online": _("Held online")}
        help_texts = {
            "venue": _("Room, building and city, as the invitation gives them."),
            "online_platform": _('For an online session, e.g. "GoToMeeting".'),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end < start:
            self.add_error("end_time", _("The session cannot end before it starts."))
        if end and not start:
            self.add_error("start_time", _("Give the time the session starts, too."))
        venue, online = cleaned.get("venue"), cleaned.get("online")
        # A venue refused already (too long) is not missing: its own message says what to fix.
        if "venue" in cleaned and not venue and not online:
            self.add_error("venue", _("Give the venue, or mark the session as held online."))
        if cleaned.get("online_platform") and not online:
            self.add_error(
                "online_platform", _("Only a session held online has an online platform.")
            )
        segment = cleaned.get("segment")
        if segment:
            twin = Session.objects.filter(meeting=self.instance.meeting, segment=segment)
            if twin.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "segment",
                    _("%(meeting)s already has a session for the %(segment)s.")
                    % {
                        "meeting": self.instance.meeting,
                        "segment": Session.Segment(segment).label.lower(),
                    },
                )
        return cleaned


class AgendaItemForm(VersionedForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "annotation", "suggested_action"]
        widgets = {
            "annotation": forms.Textarea(attrs={"rows": 5}),
            "suggested_action": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("Its number follows from its place on the agenda."),
            "annotation": _(
                "What the provisional annotated agenda says about the item: its background and "
                "what will be presented."
            ),
            "suggested_action": _('e.g. "The Senior Officials may wish to endorse the …"'),
        }


class MeetingReportForm(VersionedForm):
    class Meta:
        model = MeetingReport
        fields = ["opening", "closing"]
        widgets = {
            "opening": forms.Textarea(attrs={"rows": 6}),
            "closing": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "closing": _("Who closed the meeting, and when. Blank lines part paragraphs.")
        }


class ItemSummaryForm(VersionedForm):
    class Meta:
        model = ItemSummary
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "text": _(
                "What was presented and discussed under the item, as the report says it. Blank "
                "lines part paragraphs; the decisions adopted are added by the workspace."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:  # the item's first summary: no version yet
            self.fields["version"].initial = 0


class ReportCirculateForm(VersionedForm):
    class Meta:
        model = MeetingReport
        fields = ["comments_due"]
        widgets = {"comments_due": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"comments_due": _("When members' comments on the draft are due.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments_due"].required = True

    def clean_comments_due(self):
        due = self.cleaned_data["comments_due"]
        if due < timezone.localdate():
            raise ValidationError(
                _("Comments cannot be due before today."), code="comments_due_past"
            )
        return due


class ReportFinaliseForm(VersionedForm):
    """Issuing the report final: the version the secretariat read it at, nothing else."""

    class Meta:
        model = MeetingReport
        fields = []


def checked_upload(upload, *, stem: str):
    """An uploaded document file as a form cleans it: at most the size allowed, a PDF or a Word
    file by its content (whatever its name says), its name ending as its content is. Stored as
    ``stem`` with the right extension: the stored name never comes from the uploader. A value
    that is not a new upload (unchanged, or cleared) is returned as it is."""
    if not isinstance(upload, UploadedFile):
        return upload
    limit = settings.DOCUMENT_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files of at most %(limit)s are accepted."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    kind = file_kind(upload)
    if kind is None:
        raise ValidationError(
            _(
                "This file is neither a PDF nor a Word document (DOCX, DOC, ODT or RTF), "
                "whatever its name says. Upload the document itself."
            ),
            code="file_type",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension != kind:
        raise ValidationError(
            _(
                "The file's content is %(kind)s but its name ends in “.%(extension)s”. "
                "Rename it, or upload the right file."
            ),
            code="file_type",
            params={"kind": kind.upper(), "extension": extension},
        )
    upload.name = f"{stem}.{kind}"
    return upload


def upload_help() -> str:
    return _(
        "PDF, or Word (DOCX, DOC, ODT or RTF: converted to PDF for the meeting pack), at "
        "most %(limit)s."
    ) % {"limit": filesizeformat(settings.DOCUMENT_UPLOAD_MAX_BYTES)}


UPLOAD_ACCEPT = ",".join([*(f".{kind}" for kind in CONTENT_TYPES), *CONTENT_TYPES.values()])


class DocumentForm(VersionedForm):
    unique_in_own_words = ("symbol",)  # with the other document's title

    class Meta:
        model = Document
        fields = [
            "symbol",
            "title",
            "kind",
            "date",
            "distribution",
            "author_line",
            "agenda_item",
            "status",
            "supersedes",
            "language",
            "file",
        ]
        widgets = {"date": DateInput(), "file": forms.ClearableFileInput()}
        help_texts = {
            "symbol": _('As printed on the document, e.g. "EMG/SOM.19/03/Rev.1".'),
            "distribution": _('e.g. "EMG members".'),
            "supersedes": _("The earlier version this one replaces, e.g. the original of a Rev.1."),
            "language": _(
                "The language it was written in: the file below, or the workspace's own text. "
                "Versions in other languages are added on the document's page."
            ),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order")
        self.fields["agenda_item"].label_from_instance = lambda item: item.title
        self.fields["supersedes"].queryset = (
            Document.objects.filter(meeting=meeting)
            .exclude(pk=self.instance.pk)
            .order_by("symbol", "title")
        )
        self.fields["file"].help_text = upload_help()
        self.fields["file"].widget.attrs["accept"] = UPLOAD_ACCEPT
        self.fields["language"].required = False

    def clean_symbol(self):
        symbol = (self.cleaned_data.get("symbol") or "").strip() or None
        if symbol:
            twin = (
                Document.objects.exclude(pk=self.instance.pk)
                .select_related("meeting")
                .filter(symbol__iexact=symbol)
                .first()
            )
            if twin:
                where = twin.meeting or _("no meeting")
                raise ValidationError(
                    _("Another document already has this symbol: %(title)s (%(where)s)."),
                    code="unique",
                    params={"title": twin.title, "where": where},
                )
        return symbol

    def clean_file(self):
        return checked_upload(
            self.cleaned_data.get("file"), stem=file_stem(self.cleaned_data.get("symbol") or "")
        )

    def clean_language(self):
        # Left out (a form from before language versions): as it was, English for a new one.
        return self.cleaned_data.get("language") or self.instance.language or Language.ENGLISH

    def clean(self):
        cleaned = super().clean()
        earlier = cleaned.get("supersedes")
        if earlier is not None and self.instance.pk:
            # Following the chain back from the earlier document must not lead here.
            step, seen = earlier, set()
            while step is not None and step.pk not in seen:
                if step.pk == self.instance.pk:
                    self.add_error(
                        "supersedes",
                        _(
                            "%(document)s is a later version of this one; it cannot be "
                            "superseded by it."
                        )
                        % {"document": earlier},
                    )
                    break
                seen.add(step.pk)
                step = step.supersedes
        if earlier is not None:
            later = Document.objects.filter(supersedes=earlier).exclude(pk=self.instance.pk)
            later = later.first()
            if later:
                self.add_error(
                    "supersedes",
                    _("%(earlier)s is already superseded by %(later)s.")
                    % {"earlier": earlier, "later": later},
                )
        return cleaned


class IssueForm(VersionedForm):
    """The particulars of a document the workspace generates from its rows (a round's progress
    report, a meeting's annotated agenda …): its text comes from its source, so it has neither
    a file nor a kind to choose. Opened on the document issued before, if any (its version),
    else on a new one with ``initial`` particulars."""

    unique_in_own_words = ("symbol",)

    class Meta:
        model = Document
        fields = ["symbol", "title", "agenda_item", "date", "distribution", "author_line", "status"]
        widgets = {"date": DateInput()}
        help_texts = DocumentForm.Meta.help_texts

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order")
        self.fields["agenda_item"].label_from_instance = lambda item: item.title

    clean_symbol = DocumentForm.clean_symbol


class ParticipantForm(VersionedForm):
    class Meta:
        model = Participant
        fields = ["session", "name", "entity", "entity_name", "title"]
        help_texts = {
            "entity": _("One of the Group's entities, if the person's is one."),
            "entity_name": _("As registered; left blank, the entity's acronym chosen above."),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = meeting.sessions.order_by("date", "pk")
        self.fields["session"].label_from_instance = lambda session: (
            f"{session.get_segment_display()}"
            + (f", {date_format(session.date, 'j F Y')}" if session.date else "")
        )
        self.fields["entity"].queryset = Entity.objects.order_by("acronym")

    def clean(self):
        cleaned = super().clean()
        typed = (cleaned.get("entity_name") or "").strip() or "entity_name" in self.errors
        if not cleaned.get("entity") and not typed:
            self.add_error("entity_name", _("Choose the entity or type it as registered."))
        return cleaned


class ParticipantImportForm(forms.Form):
    """A registration export (CSV or XLSX) read into the meeting's participants: every row
    read, or the rows that cannot be, each by line number, on the file's field (and none
    saved)."""

    file = forms.FileField(
        label=_("Registration export"),
        help_text=_(
            "CSV or Excel (XLSX), first row the column names: Name, Entity (or Organization), "
            "Title (or Function), Session (its date or segment; not needed for a meeting of "
            "one session)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.registrations = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DOCUMENT_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; files of at most %(limit)s are accepted."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        try:
            registrations, problems = read_registrations(
                meeting=self.meeting, name=upload.name, content=upload.read()
            )
        except Unreadable as refusal:
            raise ValidationError(str(refusal)) from refusal
        if problems:
            raise ValidationError(
                [
                    _("Line %(line)s: %(reason)s.") % {"line": p.line, "reason": p.reason}
                    for p in problems
                ]
                + [_("Nothing was imported: correct these rows and upload the file again.")]
            )
        if not registrations:
            raise ValidationError(_("The file lists nobody under its column names."))
        self.registrations = registrations
        return upload


class ReportCommentForm(forms.ModelForm):
    class Meta:
        model = ReportComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"text": _("What you would have the secretariat change in the draft.")}


class DocumentVersionForm(forms.ModelForm):
    """A document's version in another language: the language and its file. A language that
    has a version already gets the new file in its place."""

    class Meta:
        model = DocumentVersion
        fields = ["language", "file"]

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.document = document
        self.fields["language"].choices = [
            (code, label) for code, label in Language.choices if code != document.language
        ]
        self.fields["language"].help_text = _(
            "The original is in %(language)s. A language that has a version already gets "
            "this file in its place."
        ) % {"language": document.get_language_display()}
        self.fields["file"].help_text = upload_help()
        self.fields["file"].widget.attrs["accept"] = UPLOAD_ACCEPT

    def clean_file(self):
        document = self.instance.document
        language = self.cleaned_data.get("language") or "xx"
        stem = file_stem(f"{document.symbol or document.title} {language}")
        return checked_upload(self.cleaned_data.get("file"), stem=stem)

    def validate_unique(self):
        """A second upload in a language replaces the first (the service): not a clash."""


class FilterHelper:
    """Lays a list's filters out in rows of (field name, Bootstrap column class): what
    templates/emg/includes/filter_form.html draws; the page supplies the <form> and its
    buttons. A plain template rather than a crispy layout: the filters are on every list page,
    and a crispy layout costs more than the rest of the list."""

    def __init__(self, *rows: list[tuple[str, str]]):
        self.rows = rows

    def fields_of(self, form) -> list[list[tuple]]:
        """The rows with each field of ``form`` bound, as (bound field, column class)."""
        return [[(form[name], css) for name, css in row] for row in self.rows]


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation builds it: each checked alone."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(_MultipleFileField, self).clean(item, initial) for item in files if item]


class ImportUploadForm(forms.Form):
    """Legacy documents to import: one or more text files, each and all of them not too large."""

    files = _MultipleFileField(
        label=_("Documents"),
        required=False,  # said by clean_files, in the words of this form
        widget=_MultipleFileInput(attrs={"accept": ",".join(READABLE_EXTENSIONS)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Text (.txt) or Word (.docx) files of terms of reference, work plans, progress "
            "reports or summaries of action points; at most %(count)s files of %(limit)s each, "
            "%(total)s in all. Nothing is imported before you have seen what would change and "
            "confirmed."
        ) % {
            "count": settings.IMPORT_UPLOAD_MAX_FILES,
            "limit": filesizeformat(settings.IMPORT_UPLOAD_MAX_BYTES),
            "total": filesizeformat(settings.IMPORT_UPLOAD_MAX_TOTAL_BYTES),
        }

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        if not uploads:
            raise ValidationError(_("Choose at least one file to import."), code="required")
        if len(uploads) > settings.IMPORT_UPLOAD_MAX_FILES:
            raise ValidationError(
                _("%(count)s files were chosen; at most %(limit)s are imported at once."),
                code="too_many",
                params={"count": len(uploads), "limit": settings.IMPORT_UPLOAD_MAX_FILES},
            )
        problems = []
        limit = settings.IMPORT_UPLOAD_MAX_BYTES
        for upload in uploads:
            name = upload.name or ""
            if not name.lower().endswith(READABLE_EXTENSIONS):
                problems.append(
                    ValidationError(
                        _(
                            "“%(name)s” is not a kind of file the importer reads: upload the "
                            "document as text or Word (%(extensions)s)."
                        ),
                        code="file_type",
                        params={"name": name, "extensions": ", ".join(READABLE_EXTENSIONS)},
                    )
                )
            elif upload.size > limit:
                problems.append(
                    ValidationError(
                        _("“%(name)s” is %(size)s; files of at most %(limit)s are imported."),
                        code="too_large",
                        params={
                            "name": name,
                            "size": filesizeformat(upload.size),
                            "limit": filesizeformat(limit),
                        },
                    )
                )
        total = sum(upload.size for upload in uploads)
        if not problems and total > settings.IMPORT_UPLOAD_MAX_TOTAL_BYTES:
            problems.append(
                ValidationError(
                    _("The files come to %(size)s; at most %(limit)s are imported at once."),
                    code="too_large",
                    params={
                        "size": filesizeformat(total),
                        "limit": filesizeformat(settings.IMPORT_UPLOAD_MAX_TOTAL_BYTES),
                    },
                )
            )
        if problems:
            raise ValidationError(problems)
        return uploads


class PreferencesForm(forms.Form):
    """One choice of delivery per kind the person's role receives."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = preferences_of(user)
        self.kinds = kinds_for(user)
        for kind in self.kinds:
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current[kind.name],
                widget=forms.RadioSelect,
            )


class ApiTokenForm(forms.ModelForm):
    """Naming a new personal API token: what it is for, so that its owner knows which to
    revoke."""

    class Meta:
        model = ApiToken
        fields = ["name"]
        help_texts = {"name": _('What the token is for, e.g. "Progress dashboard script".')}

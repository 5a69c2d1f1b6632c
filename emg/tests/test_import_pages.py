"""Importing legacy documents in the browser: upload, a preview that writes nothing, confirm once,
and what was done; refusals said next to the field or the file."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from emg.docx import document_docx
from emg.models import Document, ImportFile, ImportUpload, Meeting
from emg.tests.test_importing_word import SAMPLES_AND_KINDS
from mandates.models import Decision, Mandate
from progress.models import Task

SAMPLES = settings.BASE_DIR / "sample_data"
ACTION_POINTS = "action-points-som26.txt"
PROGRESS = "progress-report-som26-mid-term.txt"


@pytest.fixture(autouse=True)
def _files(private_files):
    return private_files


def sample(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    content = (SAMPLES / name).read_bytes() if data is None else data
    return SimpleUploadedFile(name, content, content_type="text/plain")


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for label in ("emg", "mandates", "workplans", "progress")
        for model in apps.get_app_config(label).get_models()
        if model not in (ImportUpload, ImportFile)
    }


def upload(client, *files):
    return client.post(reverse("imports:upload"), {"files": list(files)})


def uploaded(client, *files) -> ImportUpload:
    answer = upload(client, *files)
    assert answer.status_code == 302, answer.context["form"].errors
    return ImportUpload.objects.latest("pk")


def field_errors(answer) -> list[str]:
    return [str(error) for error in answer.context["form"].errors.get("files", [])]


@pytest.mark.django_db
def test_the_preview_lists_what_would_be_created_and_writes_nothing(client_as, secretariat):
    client = client_as(secretariat)
    before = counts()

    kept = uploaded(client, sample(ACTION_POINTS), sample(PROGRESS))
    answer = client.get(reverse("imports:preview", args=[kept.token]))

    assert answer.status_code == 200
    assert counts() == before
    first, second = answer.context["reports"]
    assert first["ok"] and second["ok"]
    assert first["kind"] == "summary of action points"
    decisions = [r for r in first["records"] if r["kind"] == "decision"]
    assert decisions and {r["action"] for r in decisions} == {"created"}
    assert all(isinstance(r["line"], int) for r in decisions)
    # The report previews against what the action points before it would have made.
    tasks = [r for r in second["records"] if r["kind"] == "task"]
    assert len(tasks) == 22
    page = answer.content.decode()
    assert "Decide to extend the Issue Management Group" in page
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_confirming_imports_each_file_and_shows_what_was_done_with_links(
    client_as, secretariat, private_files
):
    client = client_as(secretariat)
    kept = uploaded(client, sample(ACTION_POINTS))
    assert any((private_files / "imports").glob("*.upload"))

    answer = client.post(reverse("imports:confirm", args=[kept.token]), follow=True)

    assert answer.status_code == 200
    assert answer.redirect_chain[-1][0] == reverse("imports:done", args=[kept.token])
    assert Meeting.objects.filter(number=26).exists()
    assert Decision.objects.exists()
    document = Document.objects.get()
    page = answer.content.decode()
    assert reverse("documents:preview", args=[document.pk]) in page
    mandate = Mandate.objects.order_by("pk").first()
    assert reverse("mandates:detail", args=[mandate.pk]) in page
    kept.refresh_from_db()
    assert kept.imported_at is not None
    assert not any((private_files / "imports").glob("*.upload"))


@pytest.mark.django_db
def test_a_second_confirmation_imports_nothing_again(client_as, secretariat):
    client = client_as(secretariat)
    kept = uploaded(client, sample(PROGRESS))
    client.post(reverse("imports:confirm", args=[kept.token]))
    after_first = counts()

    again = client.post(reverse("imports:confirm", args=[kept.token]))

    assert again.status_code == 302
    assert again.url == reverse("imports:done", args=[kept.token])
    assert counts() == after_first
    assert Task.objects.count() == 22


@pytest.mark.django_db
def test_a_refused_file_says_why_next_to_it_and_the_others_import(client_as, secretariat):
    client = client_as(secretariat)
    broken = (
        (SAMPLES / PROGRESS)
        .read_text(encoding="utf-8")
        .replace("Ongoing: A series of deep-dive calls", "Delayed. A series of deep-dive calls")
    )
    kept = uploaded(
        client,
        sample("shopping-list.txt", b"Eggs\nMilk\n"),
        sample("broken-report.txt", broken.encode()),
        sample(ACTION_POINTS),
    )

    preview = client.get(reverse("imports:preview", args=[kept.token]))

    unknown, refused, good = preview.context["reports"]
    assert not unknown["ok"] and "not a kind of document the importer knows" in unknown["problem"]
    assert not refused["ok"] and "“Delayed” is not a status" in refused["problem"]
    assert (
        refused["line"]
        == broken.split("\n").index(
            next(line for line in broken.split("\n") if "Delayed. A series" in line)
        )
        + 1
    )
    assert good["ok"]
    page = preview.content.decode()
    assert "Nothing of this file would be imported." in page
    assert "“Delayed” is not a status" in page

    client.post(reverse("imports:confirm", args=[kept.token]))

    assert Decision.objects.exists()
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_text_is_refused_with_its_line(client_as, secretariat):
    client = client_as(secretariat)
    kept = uploaded(client, sample("binary.txt", b"line one\nline two\n\xff\xfe\x00"))

    (report,) = client.get(reverse("imports:preview", args=[kept.token])).context["reports"]

    assert not report["ok"]
    assert report["problem"] == "the file is not UTF-8 text"
    assert report["line"] == 3


@pytest.mark.django_db
def test_a_file_of_an_unknown_format_is_refused_next_to_the_field(client_as, secretariat):
    answer = upload(client_as(secretariat), sample("minutes.pdf", b"%PDF-1.4\n"))

    assert answer.status_code == 200
    assert field_errors(answer) == [
        "“minutes.pdf” is not a kind of file the importer reads: upload the document as text "
        "or Word (.markdown, .md, .text, .txt, .docx)."
    ]
    assert not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_a_file_too_large_is_refused_next_to_the_field(client_as, secretariat, settings):
    settings.IMPORT_UPLOAD_MAX_BYTES = 1000

    answer = upload(client_as(secretariat), sample("large.txt", b"x" * 1001))

    (error,) = field_errors(answer)
    assert error.startswith("“large.txt” is 1001")
    assert "files of at most 1000" in error
    assert not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_files_too_large_together_are_refused_next_to_the_field(client_as, secretariat, settings):
    settings.IMPORT_UPLOAD_MAX_TOTAL_BYTES = 1500

    answer = upload(
        client_as(secretariat), sample("a.txt", b"x" * 1000), sample("b.txt", b"y" * 1000)
    )

    (error,) = field_errors(answer)
    assert error.startswith("The files come to")
    assert not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_no_file_chosen_is_refused_next_to_the_field(client_as, secretariat):
    answer = client_as(secretariat).post(reverse("imports:upload"), {})

    assert field_errors(answer) == ["Choose at least one file to import."]


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["imports:preview", "imports:done"])
def test_another_persons_upload_is_not_found(client_as, secretariat, bob, view):
    kept = uploaded(client_as(secretariat), sample(ACTION_POINTS))
    client = client_as(bob)

    assert client.get(reverse(view, args=[kept.token])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[kept.token])).status_code == 404
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_an_upload_kept_too_long_is_forgotten(client_as, secretariat, settings):
    client = client_as(secretariat)
    kept = uploaded(client, sample(ACTION_POINTS))
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(
        minutes=settings.IMPORT_UPLOAD_KEPT_MINUTES + 1
    )

    with time_machine.travel(later):
        assert client.get(reverse("imports:preview", args=[kept.token])).status_code == 404
        uploaded(client, sample(PROGRESS))  # each upload forgets the expired ones

    assert not ImportUpload.objects.filter(pk=kept.pk).exists()
    assert ImportFile.objects.count() == 1  # the new upload's
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_the_preview_says_a_warning_with_its_line(client_as, secretariat):
    from workplans.tests.test_import_schedules import ONE_YEAR_PLAN

    text = ONE_YEAR_PLAN.replace("H1 2019", "When funds allow")
    kept = uploaded(client_as(secretariat), sample("plan.txt", text.encode()))

    answer = client_as(secretariat).get(reverse("imports:preview", args=[kept.token]))

    (report,) = answer.context["reports"]
    assert report["ok"], report.get("problem")
    (warning,) = report["warnings"]
    assert (
        warning["line"]
        == text.split("\n").index(
            next(line for line in text.split("\n") if "When funds allow" in line)
        )
        + 1
    )
    assert "'When funds allow' names no month or quarter" in answer.content.decode().replace(
        "&#x27;", "'"
    )


@pytest.mark.postgresql(reason="two confirmations in the same instant need concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_import_the_files_once(secretariat, private_files):
    from emg.tests.concurrency import post_at_once, statuses

    client = Client()
    client.force_login(secretariat)
    kept = uploaded(client, sample(PROGRESS))
    url = reverse("imports:confirm", args=[kept.token])

    answers = post_at_once(secretariat, [(url, {}), (url, {})])

    assert statuses(answers) == [302, 302]
    assert Task.objects.count() == 22
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_a_word_file_previews_and_a_refusal_names_its_paragraph(client_as, secretariat):
    from emg.tests.word_files import WordFile

    word = WordFile()
    word.paragraph("Terms of Reference for the Task Team on Marine Litter", style="Title")
    word.item("Background", kind="outline", style="Heading 1")
    word.item("Map the work of the members;", kind="legal", level=1)
    client = client_as(secretariat)
    kept = uploaded(client, sample("tor.docx", word.bytes()))

    (report,) = client.get(reverse("imports:preview", args=[kept.token])).context["reports"]

    assert not report["ok"]
    assert report["where"] == "paragraph 3 (“a) Map the work of the …”)"
    assert "is not inside a numbered paragraph" in report["problem"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kind", "not_printed"),
    [
        pytest.param(name, kind, not_printed, id=name)
        for name, kind, not_printed in SAMPLES_AND_KINDS
    ],
)
def test_a_word_file_imports_in_the_browser_with_the_same_counts_as_its_text(
    client_as, secretariat, name, kind, not_printed
):
    client = client_as(secretariat)

    def imported(upload: SimpleUploadedFile) -> str:
        kept = uploaded(client, upload)
        assert client.post(reverse("imports:confirm", args=[kept.token])).status_code == 302
        kept.refresh_from_db()
        (report,) = kept.report
        assert report["ok"], report
        return report["summary"]

    with transaction.atomic():
        from_text = imported(sample(name))
        word = document_docx(Document.objects.get(kind=kind)).bytes()
        transaction.set_rollback(True)
    from_word = imported(SimpleUploadedFile(name.replace(".txt", ".docx"), word))

    expected = from_text
    for text_says, word_says in not_printed.items():
        expected = expected.replace(text_says, word_says)
    assert from_word == expected and "created" in from_word

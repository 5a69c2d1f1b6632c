"""Meeting documents as Word files: each kind, built from the imported EMG documents, reads back
(with python-docx, as a reader's program would) with every clause, decision, activity,
milestone and task, numbered as the HTML numbers them; the head, the running header with the
symbol and "Page x of y", header rows that repeat, real footnotes, Arabic set right to left,
Chinese intact, and markup typed into a field kept as text."""

import io
import zipfile

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as read_docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from lxml import etree

from emg.documents import document_html
from emg.docx import document_docx, docx_filename
from emg.models import AgendaItem, Document, Entity, Meeting
from mandates.models import Decision, TermsOfReference
from mandates.selectors import action_points, read_terms
from mandates.templatetags.terms_of_reference import text_and_marks
from progress.models import ReportingRound, Status
from progress.selectors.report import report_context
from workplans.models import Activity, Milestone, WorkPlan

ARABIC = "برنامج الأمم المتحدة للبيئة"
CHINESE = "联合国环境规划署"
SEEDS = (
    "tor-img-sustainability-management.txt",
    "action-points-som26.txt",
    "work-plan-2014-2015-rev1.txt",
    "work-plan-2021-2022-draft.txt",
    "progress-report-som26-mid-term.txt",
)
READERS = ("secretariat", "senior_official", "focal_point", "other_focal_point")


@pytest.fixture
def seeded(db):
    call_command(
        "import_documents",
        *(settings.BASE_DIR / "sample_data" / seed for seed in SEEDS),
        verbosity=0,
    )


def document_of(model, kind=None) -> Document:
    documents = Document.objects.filter(source_type=ContentType.objects.get_for_model(model))
    if kind:
        documents = documents.filter(kind=kind)
    return documents.order_by("pk").first()


def read(document: Document):
    return read_docx(io.BytesIO(document_docx(document).bytes()))


def body_paragraphs(word) -> list:
    """Every paragraph of the body, those in table cells included, in reading order."""
    found = []

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                seen = set()
                for row in block.rows:
                    for cell in row.cells:
                        if id(cell._tc) not in seen:  # a merged cell comes once per row
                            seen.add(id(cell._tc))
                            walk(cell)
            else:
                found.append(block)

    walk(word)
    return found


def texts(word) -> list[str]:
    return [paragraph.text for paragraph in body_paragraphs(word)]


def footnotes(word) -> list[str]:
    """The texts of the Word footnotes (the separators left out)."""
    try:
        part = word.part.part_related_by(RELATIONSHIP_TYPE.FOOTNOTES)
    except KeyError:
        return []
    root = etree.fromstring(part.blob)
    notes = [note for note in root.iter(qn("w:footnote")) if note.get(qn("w:type")) is None]
    return ["".join(t.text or "" for t in note.iter(qn("w:t"))).strip() for note in notes]


def footnote_references(paragraph) -> int:
    return len(paragraph._p.findall(".//" + qn("w:footnoteReference")))


def is_rtl(paragraph) -> bool:
    properties = paragraph._p.pPr
    return properties is not None and properties.find(qn("w:bidi")) is not None


def repeats_header(table) -> bool:
    properties = table.rows[0]._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def one(items):
    (item,) = items
    return item


# Each kind, from the imported documents


def test_terms_of_reference_number_every_clause_as_the_html_and_footnote_in_word(seeded):
    tor = TermsOfReference.objects.get()
    document = document_of(TermsOfReference)
    reading = read_terms(tor)

    word = read(document)

    lines = texts(word)
    assert len(reading.lines) > 10
    for line in reading.lines:
        text = "".join(part for part in text_and_marks(line) if isinstance(part, str))
        assert f"{line.label}\t{text}" in lines
    html = document_html(document)
    for line in reading.lines:
        assert f'<span class="un-label">{line.label}</span>' in html
    placed = [footnote for _, footnote in reading.footnotes if footnote.clause_id]
    assert placed
    assert footnotes(word) == [footnote.text for footnote in placed]
    assert sum(footnote_references(p) for p in body_paragraphs(word)) == len(placed)
    for number, footnote in reading.footnotes:
        if footnote.clause_id is None:
            assert f"{number} {footnote.text}" in lines


def test_a_footnote_mark_follows_its_anchor_words(seeded):
    tor = TermsOfReference.objects.get()
    line = next(line for line in read_terms(tor).lines if line.marks)
    before_mark = text_and_marks(line)[0]

    word = read(document_of(TermsOfReference))

    paragraph = next(p for p in body_paragraphs(word) if footnote_references(p))
    text = ""
    for element in paragraph._p.iter(qn("w:t"), qn("w:tab"), qn("w:footnoteReference")):
        if element.getparent().tag == qn("w:tabs"):  # a tab stop, not a tab
            continue
        if element.tag == qn("w:footnoteReference"):
            break
        text += "\t" if element.tag == qn("w:tab") else element.text
    assert text == f"{line.label}\t{before_mark}"
    assert len(before_mark) < len(line.clause.text)  # the anchor is inside the clause


def test_the_summary_of_action_points_has_every_section_and_decision_with_its_label(seeded):
    meeting = Meeting.objects.get(number=26)
    document = document_of(Meeting, Document.Kind.ACTION_POINTS)
    context = action_points(meeting)

    word = read(document)

    lines = texts(word)
    assert len(context["sections"]) >= 10
    assert "The Senior Officials:" in lines
    count = 0

    def check(items):
        nonlocal count
        for item in items:
            assert f"{item['label']}\t{item['decision'].text}" in lines
            count += 1
            check(item["items"])

    for entry in context["sections"]:
        heading = f"{entry['number']} {entry['section'].title}"
        assert heading in lines
        paragraph = body_paragraphs(word)[lines.index(heading)]
        assert paragraph.style.name == "Heading 2"
        check(entry["decisions"])
    assert count == Decision.objects.filter(section__meeting=meeting).count()


def test_an_item_under_a_decision_is_indented_one_level_further(seeded):
    meeting = Meeting.objects.get(number=26)
    entry = next(
        e for e in action_points(meeting)["sections"] if any(d["items"] for d in e["decisions"])
    )
    parent = next(d for d in entry["decisions"] if d["items"])
    child = parent["items"][0]

    paragraphs = body_paragraphs(read(document_of(Meeting, Document.Kind.ACTION_POINTS)))
    by_text = {p.text: p for p in paragraphs}
    outer = by_text[f"{parent['label']}\t{parent['decision'].text}"].paragraph_format
    inner = by_text[f"{child['label']}\t{child['decision'].text}"].paragraph_format

    assert inner.left_indent > outer.left_indent
    assert inner.first_line_indent == outer.first_line_indent < 0  # the label hangs


@pytest.mark.parametrize("period", [(2014, 2015), (2021, 2022)])
def test_a_work_plan_has_every_outcome_activity_milestone_and_schedule_numbered(seeded, period):
    plan = WorkPlan.objects.get(period_start=period[0])
    document = Document.objects.filter(
        source_type=ContentType.objects.get_for_model(WorkPlan), source_id=plan.pk
    ).get()

    word = read(document)

    table = one(word.tables)
    assert [cell.text for cell in table.rows[0].cells] == [
        "Expected outcome",
        "Activities and milestones",
        "Schedule",
    ]
    assert repeats_header(table)
    lines = texts(word)
    rows = plan.numbered()
    milestones = 0

    def check(milestone_rows):
        nonlocal milestones
        for row in milestone_rows:
            assert any(line.startswith(f"{row['label']} {row['milestone'].text}") for line in lines)
            if row["milestone"].schedule:
                assert any(str(row["milestone"].schedule) in line for line in lines)
            milestones += 1
            check(row["children"])

    activities = 0
    for outcome_row in rows:
        outcome = outcome_row["outcome"]
        assert f"{outcome_row['label']} {outcome.heading}".strip() in lines
        for activity_row in outcome_row["activities"]:
            activity = activity_row["activity"]
            assert f"{activity_row['label']} {activity.title}" in lines
            if activity.schedule:
                assert str(activity.schedule) in lines
            activities += 1
            check(activity_row["milestones"])
    assert activities == Activity.objects.filter(outcome__work_plan=plan).count() > 0
    assert milestones == Milestone.objects.filter(activity__outcome__work_plan=plan).count() > 0
    assert f"Period: {plan.period}" in lines
    for footnote in plan.footnotes.all():
        assert any(footnote.text in line for line in lines)


def test_the_progress_report_has_every_task_status_and_next_step(seeded):
    report_round = ReportingRound.objects.get()
    document = document_of(ReportingRound)
    context = report_context(report_round)

    word = read(document)

    lines = texts(word)
    assert document.symbol in lines
    assert context["author_line"] in lines
    tables = iter(word.tables)
    rows = 0
    for part in context["parts"]:
        assert f"{part.label} {part.title}".strip() in lines
        for body in part.bodies:
            assert f"{body.label} {body.mandate.name}" in lines
            table = next(tables)
            assert repeats_header(table)
            assert [c.text for c in table.rows[0].cells] == ["Tasks", "Progress", "Next steps"]
            assert len(table.rows) == len(body.rows) + 1
            for row, word_row in zip(body.rows, table.rows[1:], strict=True):
                task, progress, next_steps = (cell.text for cell in word_row.cells)
                assert " ".join(task.split()) == " ".join(row.task.text.split())
                for item in row.items:
                    assert f"{Status(item.status).lead} {item.text}".strip() in progress
                if row.update.next_steps:
                    assert " ".join(next_steps.split()) == " ".join(row.update.next_steps.split())
                rows += 1
    assert rows == 22


def test_the_provisional_agenda_numbers_its_items_with_their_documents(seeded):
    meeting = Meeting.objects.get(number=26)
    first = AgendaItem.objects.create(meeting=meeting, order=1, title="Opening of the meeting")
    AgendaItem.objects.create(meeting=meeting, order=2, title=ARABIC)
    presented = document_of(Meeting, Document.Kind.ACTION_POINTS)
    presented.agenda_item = first
    presented.save()
    agenda = Document.objects.create(
        symbol="EMG/SOM.26/01",
        title="Provisional agenda",
        kind=Document.Kind.AGENDA,
        meeting=meeting,
        source_type=ContentType.objects.get_for_model(Meeting),
        source_id=meeting.pk,
    )

    word = read(agenda)

    lines = texts(word)
    assert "Provisional agenda" in lines
    assert "1.\tOpening of the meeting" in lines
    assert f"{presented.symbol} \u2014 {presented.title}" in lines
    arabic = body_paragraphs(word)[lines.index(f"2.\t{ARABIC}")]
    assert is_rtl(arabic)
    assert all(run.font.rtl for run in arabic.runs if run.text.strip())


# What every document has


def test_the_head_and_the_running_header_carry_the_symbol_and_page_x_of_y(seeded):
    document = document_of(Meeting, Document.Kind.ACTION_POINTS)
    document.author_line = "Note by the Chair"
    document.save()

    word = read(document)

    lines = texts(word)
    assert lines[0] == f"UNITED NATIONS\t{document.symbol}"
    assert lines[1].startswith("ENVIRONMENT MANAGEMENT GROUP\tDistribution:")
    assert "28 October 2020" in "\n".join(lines[:4])
    title = body_paragraphs(word)[lines.index(document.title)]
    assert title.style.name == "Heading 1"
    assert document.author_line in lines
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == document.symbol
    assert document.symbol not in "".join(p.text for p in section.first_page_header.paragraphs)
    for footer in (section.footer, section.first_page_footer):
        xml = footer._element.xml
        assert "Page" in footer.paragraphs[0].text and " of " in footer.paragraphs[0].text
        assert " PAGE " in xml and " NUMPAGES " in xml
    assert word.core_properties.title == f"{document.symbol} {document.title}"
    assert word.core_properties.language == "en"


def test_arabic_text_is_set_right_to_left_and_chinese_comes_out_as_typed(seeded):
    document = document_of(Meeting, Document.Kind.ACTION_POINTS)
    document.title = f"{CHINESE} — Summary"
    document.save()
    decision = Decision.objects.filter(section__meeting__number=26).order_by("pk").first()
    decision.text = f"{ARABIC} (UNEP)"
    decision.save()

    word = read(document)

    lines = texts(word)
    assert f"{CHINESE} — Summary" in lines
    arabic = next(p for p in body_paragraphs(word) if ARABIC in p.text)
    assert is_rtl(arabic)
    assert not is_rtl(body_paragraphs(word)[lines.index(f"{CHINESE} — Summary")])
    assert 'dir="rtl"' in document_html(document)


def test_arabic_clauses_and_footnotes_and_chinese_tasks_keep_their_script(seeded):
    tor = TermsOfReference.objects.get()
    clause = tor.clauses.filter(footnotes__isnull=False).first()
    clause.text = f"{ARABIC} {clause.text}"
    clause.save()
    footnote = clause.footnotes.first()
    footnote.text = ARABIC
    footnote.save()
    task = ReportingRound.objects.get().tasks.order_by("pk").first()
    task.text = f"{CHINESE}: {task.text}"
    task.save()

    tor_word = read(document_of(TermsOfReference))
    report_word = read(document_of(ReportingRound))

    arabic = next(p for p in body_paragraphs(tor_word) if ARABIC in p.text)
    assert is_rtl(arabic)
    assert ARABIC in footnotes(tor_word)
    assert any(line.startswith(f"{CHINESE}: ") for line in texts(report_word))


MARKUP = '<script>alert(1)</script><img src="file:///etc/passwd"> & <b>bold</b>'


def test_markup_typed_into_fields_reads_as_typed(seeded):
    document = document_of(Meeting, Document.Kind.ACTION_POINTS)
    document.title = MARKUP
    document.save()
    decision = Decision.objects.filter(section__meeting__number=26).order_by("pk").first()
    decision.text = MARKUP + "\x0c after a form feed"
    decision.save()
    milestone = Milestone.objects.order_by("pk").first()
    milestone.text = MARKUP
    milestone.save()

    data = document_docx(document).bytes()
    plan_data = document_docx(
        Document.objects.get(
            source_type=ContentType.objects.get_for_model(WorkPlan),
            source_id=milestone.activity.outcome.work_plan_id,
        )
    ).bytes()

    lines = texts(read_docx(io.BytesIO(data)))
    assert MARKUP in lines
    assert any(line.endswith(MARKUP + " after a form feed") for line in lines)
    assert any(MARKUP in line for line in texts(read_docx(io.BytesIO(plan_data))))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "<script>" not in xml and "<img" not in xml
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


def test_the_docx_costs_the_same_queries_however_long_the_plan(world):
    document = Document.objects.create(
        symbol="EMG/SOM.26/07",
        title="Work plan",
        kind=Document.Kind.WORK_PLAN,
        source_type=ContentType.objects.get_for_model(WorkPlan),
        source_id=world.work_plan.pk,
    )
    document_docx(document).bytes()  # the builders' modules are imported once

    with CaptureQueriesContext(connection) as short:
        document_docx(document).bytes()
    for order in range(2, 32):
        activity = Activity.objects.create(
            outcome=world.outcome, order=order, title=f"Activity {order}", mandate=world.mandate
        )
        Milestone.objects.create(activity=activity, order=1, text=f"Milestone of {order}")
    with CaptureQueriesContext(connection) as long:
        data = document_docx(document).bytes()

    assert len(long) == len(short)
    assert "Milestone of 31" in "\n".join(texts(read_docx(io.BytesIO(data))))


# Documents with no builder


def test_an_uploaded_document_gets_the_head_alone(world):
    word = read(world.upload)

    lines = texts(word)
    assert lines[0] == f"UNITED NATIONS\t{world.upload.symbol}"
    assert world.upload.title in lines
    assert "This document is an uploaded file; its text is not kept in the workspace." in lines
    assert word.tables == []


def test_a_document_whose_source_no_app_writes_gets_the_head_alone(world):
    document = Document.objects.create(
        symbol="EMG/SOM.26/INF.2",
        title="Members of the Group",
        kind=Document.Kind.OTHER,
        meeting=world.meeting,
        author_line="Note by the Secretariat",
        source_type=ContentType.objects.get_for_model(Entity),
        source_id=world.entity.pk,
    )

    lines = texts(read(document))

    assert lines[-2:] == ["Members of the Group", "Note by the Secretariat"]
    assert world.meeting.ordinal_title in lines


# The view


def test_every_reader_downloads_the_docx_with_a_safe_filename(world, client):
    document = world.document
    document.symbol = 'EMG/SOM.26/03"; x=../../etc'
    document.save()
    url = reverse("documents:docx", kwargs={"pk": document.pk})

    for role in READERS:
        client.force_login(world.people[role])
        response = client.get(url)

        assert response.status_code == 200
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        assert response["Content-Disposition"] == (
            'attachment; filename="emg-som-26-03-x-etc.docx"'
        )
        assert docx_filename(document) == "emg-som-26-03-x-etc.docx"
        assert document.title in texts(read_docx(io.BytesIO(response.content)))


def test_the_docx_is_refused_to_anonymous_and_absent_documents_are_not_found(world, client):
    url = reverse("documents:docx", kwargs={"pk": world.document.pk})

    assert client.get(url).status_code == 302
    client.force_login(world.people["senior_official"])
    assert client.get(reverse("documents:docx", kwargs={"pk": 10**9})).status_code == 404
    assert client.post(url).status_code == 405


def test_the_meeting_page_links_each_documents_docx_next_to_its_pdf(world, client):
    world.document.source_type = ContentType.objects.get_for_model(Meeting)
    world.document.source_id = world.meeting.pk
    world.document.save()
    client.force_login(world.people["senior_official"])

    html = client.get(reverse("meetings:detail", kwargs={"number": world.meeting.number}))

    page = html.content.decode()
    pdf = reverse("documents:pdf", kwargs={"pk": world.document.pk})
    docx = reverse("documents:docx", kwargs={"pk": world.document.pk})
    assert docx in page
    assert page.index(pdf) < page.index(docx)


# Edits


def test_the_docx_shows_an_edit_at_once(world, client):
    document = world.document  # SOM 26's summary of action points
    Document.objects.filter(pk=document.pk).update(
        kind=Document.Kind.ACTION_POINTS,
        source_type=ContentType.objects.get_for_model(Meeting),
        source_id=world.meeting.pk,
    )
    client.force_login(world.people["senior_official"])
    url = reverse("documents:docx", kwargs={"pk": document.pk})
    client.get(url)

    Decision.objects.filter(pk=world.decision.pk).update(text="Agreed to meet again in May")
    edited = client.get(url)

    lines = texts(read_docx(io.BytesIO(edited.content)))
    assert any("Agreed to meet again in May" in line for line in lines)

"""Files the importer is given: Word (.docx) read into the same text form as text files, other
kinds refused with a message saying what to do, and problems in a Word file named by where they
are in it."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from emg.docx import document_docx
from emg.importing import ImportProblem, Source, import_path
from emg.importing.files import MAX_FILE_BYTES, read_file
from emg.importing.word import MAX_UNPACKED_BYTES
from emg.models import Document
from emg.tests.imports import history_rows
from emg.tests.word_files import SAMPLES, WordFile, import_sample, import_word


def text_of(word: WordFile) -> list[str]:
    """The lines of the text form of ``word``, blank ones left out."""
    return [line for line in read_file("test.docx", word.bytes()).lines if line]


def test_word_lists_are_numbered_as_word_shows_them():
    word = WordFile()
    word.item("First paragraph", kind="legal")
    word.item("Lettered clause", kind="legal", level=1)
    word.item("Roman sub-clause", kind="legal", level=2)
    word.item("Second roman sub-clause", kind="legal", level=2)
    word.item("Second lettered clause", kind="legal", level=1)
    word.paragraph("A plain paragraph between items of the same list.")
    word.item("Second paragraph", kind="legal")
    word.item("Its lettered clause starts again", kind="legal", level=1)
    word.item("Section heading", kind="outline", style="Heading 1")
    word.item("Numbered under it", kind="outline", level=1)
    word.item("Lettered under that", kind="outline", level=2)
    word.item("Section heading", kind="roman", style="Heading 2")
    word.item("Lettered", kind="roman", level=1)
    word.item("Roman with a dot", kind="roman", level=2)
    word.item("A bullet", kind="bullets")
    word.item("A bullet under it", kind="bullets", level=1)

    assert text_of(word) == [
        "1. First paragraph",
        "a) Lettered clause",
        "(i) Roman sub-clause",
        "(ii) Second roman sub-clause",
        "b) Second lettered clause",
        "A plain paragraph between items of the same list.",
        "2. Second paragraph",
        "a) Its lettered clause starts again",
        "A. Section heading",
        "1. Numbered under it",
        "(a) Lettered under that",
        "I. Section heading",
        "a) Lettered",
        "i. Roman with a dot",
        "\u2022 A bullet",
        "\u2022 A bullet under it",
    ]


def test_a_list_started_again_counts_from_its_start():
    word = WordFile()
    word.item("One", kind="legal")
    word.item("Two", kind="legal")
    word.item("One again", kind="legal", restart=True)

    assert text_of(word) == ["1. One", "2. Two", "1. One again"]


def test_numbering_a_paragraph_style_carries_is_written_out():
    word = WordFile()
    num_id = word.list_id("outline")
    heading = word.document.styles["Heading 1"].element
    properties = heading.get_or_add_pPr()
    properties.insert(
        0,
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        ),
    )
    word.paragraph("Background", style="Heading 1")
    word.paragraph("Functions", style="Heading 1")

    assert text_of(word) == ["A. Background", "B. Functions"]


def test_merged_cells_keep_the_columns_aligned():
    word = WordFile()
    table = word.table(
        [
            ["Outcome", "Activity", "Schedule"],
            ["", "First activity", "Q1 2023"],
            ["", "Second activity", ""],
        ],
        columns=3,
    )
    table.cell(0, 1).merge(table.cell(0, 2))  # a heading across two columns
    merged = table.cell(1, 0).merge(table.cell(2, 0))  # an outcome down two rows
    merged.paragraphs[0].add_run("Outcome A")
    table.cell(2, 2).paragraphs[0].add_run("Q2 2023")

    rows = text_of(word)

    assert [row.split("\t") for row in rows] == [
        ["<p>Outcome</p>", "<p>Activity</p> <p>Schedule</p>", ""],
        ["<p>Outcome A</p>", "<p>First activity</p>", "<p>Q1 2023</p>"],
        ["", "<p>Second activity</p>", "<p>Q2 2023</p>"],
    ]


def test_cell_text_that_looks_like_markup_stays_text():
    word = WordFile()
    word.table([["Tasks <ul> & more", "x"]], columns=2)

    (row,) = text_of(word)

    assert row == "<p>Tasks &lt;ul&gt; &amp; more</p>\t<p>x</p>"


def test_footnotes_follow_their_paragraph_numbered_in_the_order_of_their_marks():
    word = WordFile()
    first = word.paragraph("The Group was established in 2009")
    word.footnote(first, "See the report of the meeting.")
    first.add_run(" and met twice")
    word.footnote(first, "In New York and Geneva.")
    first.add_run(".")
    word.paragraph("It reports every year.")

    assert text_of(word) == [
        "The Group was established in 2009\u00b9 and met twice\u00b2.",
        "\u00b9 See the report of the meeting.",
        "\u00b2 In New York and Geneva.",
        "It reports every year.",
    ]


def test_endnotes_are_read_as_notes_and_a_note_marked_twice_is_written_once():
    word = WordFile()
    first = word.paragraph("Established in 2009")
    note = word.footnote(first, "See the report.")
    first.add_run(" and renewed in 2011")
    word.footnote(first, "By the 17th meeting.", kind="endnote")
    first.add_run(".")
    second = word.paragraph("The report again")
    word.mark(second, note)

    assert text_of(word) == [
        "Established in 2009\u00b9 and renewed in 2011\u00b2.",
        "\u00b9 See the report.",
        "\u00b2 By the 17th meeting.",
        "The report again\u00b9",
    ]


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_word_file_that_unpacks_into_too_much_is_refused_before_it_is_opened():
    # A few hundred kilobytes that would unpack into more than the importer reads.
    bomb = _zip({"word/document.xml": b" " * (MAX_UNPACKED_BYTES + 1)})
    assert len(bomb) < MAX_UNPACKED_BYTES // 100

    with pytest.raises(ImportProblem, match="unpacks into more than"):
        Source.from_upload("minutes.docx", bomb)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"%PDF-1.7\n...", "is a PDF: export it to Word (.docx) or text"),
        ("report.txt", b"%PDF-1.4\n...", "is a PDF"),
        ("minutes.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word (.doc) file"),
        ("minutes.rtf", b"{\\rtf1\\ansi hello}", "rich text (.rtf) file"),
        ("minutes.odt", b"PK\x03\x04odt", "OpenDocument (.odt) file"),
        ("minutes.dotx", b"PK\x03\x04dotx", "a Word template or macro document"),
        ("photo.png", b"\x89PNG\r\n\x1a\n", "an image, not a document"),
        ("archive.zip", _zip({"a.txt": b"hello"}), "a zip archive, not a document"),
        ("minutes.docx", _zip({"a.txt": b"hello"}), "not a Word (.docx) document"),
        ("minutes.docx", b"PK\x03\x04 cut short", "the file is damaged"),
        ("minutes.docx", b"just text named .docx", "the file is damaged"),
    ],
)
def test_a_file_that_is_not_text_or_word_is_refused_saying_what_it_is(name, data, message):
    with pytest.raises(ImportProblem) as refused:
        Source.from_upload(name, data)

    assert message in refused.value.message


def test_a_word_file_with_numbers_that_are_not_numbers_is_refused_as_damaged():
    word = WordFile()
    table = word.table([["a", "b"]], columns=2)
    table.cell(0, 0)._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="two"/>')
    )

    with pytest.raises(ImportProblem, match="the file is damaged"):
        Source.from_upload("minutes.docx", word.bytes())


def test_a_word_file_with_no_text_is_refused():
    with pytest.raises(ImportProblem, match="the Word document has no text"):
        Source.from_upload("blank.docx", WordFile().bytes())


def test_a_damaged_word_file_missing_its_parts_is_refused():
    good = WordFile().bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        parts = {
            info.filename: archive.read(info.filename)
            for info in archive.infolist()
            if info.filename != "[Content_Types].xml"
        }

    with pytest.raises(ImportProblem, match="damaged"):
        Source.from_upload("minutes.docx", _zip(parts))


def test_a_file_larger_than_any_document_is_refused():
    with pytest.raises(ImportProblem, match="larger than"):
        Source.from_upload("huge.txt", b"x" * (MAX_FILE_BYTES + 1))


def test_text_is_still_read_as_text():
    source = Source.from_upload("notes.txt", "Terms of Reference\n\n1. Text\u2019s\n".encode())

    assert source.lines == ["Terms of Reference", "", "1. Text\u2019s", ""]
    assert source.places is None


@pytest.mark.django_db
def test_a_problem_in_a_word_file_names_the_paragraph_it_is_in():
    word = WordFile()
    word.paragraph("Terms of Reference for the Task Team on Marine Litter", style="Title")
    word.item("Background", kind="outline", style="Heading 1")
    word.item("Map the work of the members;", kind="legal", level=1)

    result = import_word("tor.docx", word.bytes())

    assert not result.ok
    assert str(result.problem) == (
        "paragraph 3 (“a) Map the work of the …”): the clause “a)” is not inside a numbered "
        "paragraph"
    )


@pytest.mark.django_db
def test_a_problem_in_a_word_table_names_the_table_and_row():
    word = WordFile()
    word.paragraph("Mid-term technical segment of the 28th Senior Officials Meeting")
    word.paragraph("EMG/SOM.28/mid-term/2")
    word.paragraph("Mid-Term Progress Report", style="Title")
    word.item("Collaboration", kind="roman", style="Heading 1")
    word.item("Task Team on Marine Litter", kind="roman", level=1, style="Heading 2")
    word.table(
        [
            ["Tasks", "Progress", "Next steps"],
            ["Present the results.", "Ongoing: Drafting.", "Share it."],
            ["Map the work.", "Delayed: no money.", "Ask again."],
        ],
        columns=3,
    )

    result = import_word("report.docx", word.bytes())

    assert not result.ok
    assert str(result.problem) == (
        "table 1, row 3: “Delayed” is not a status the importer knows "
        "(Completed, Ongoing, Ongoing/postponed, Not yet started)"
    )


# The sample, its kind, and what its text says that the workspace's Word file of it does not
# (as counted in the summary: in the text's words, then the Word file's). A document's head
# prints the meeting's title, not its host or its sessions' dates, hours and platforms; the
# printed 2014 plan leaves out the heading naming the body of its activity "UN Sustainability
# management", so no mandate is found for it.
SAMPLES_AND_KINDS = [
    ("tor-img-sustainability-management.txt", Document.Kind.TERMS_OF_REFERENCE, {}),
    (
        "work-plan-2014-2015-rev1.txt",
        Document.Kind.WORK_PLAN,
        {"1 entity, ": "", "2 sessions, ": "", "5 mandates": "4 mandates"},
    ),
    ("work-plan-2021-2022-draft.txt", Document.Kind.WORK_PLAN, {}),
    ("progress-report-som26-mid-term.txt", Document.Kind.PROGRESS_REPORT, {}),
    ("action-points-som26.txt", Document.Kind.ACTION_POINTS, {"1 session, ": ""}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("sample", "kind", "not_printed"), SAMPLES_AND_KINDS)
def test_import_documents_counts_the_same_records_from_word_as_from_text(
    sample, kind, not_printed, tmp_path, capsys
):
    text = SAMPLES / sample
    with transaction.atomic():
        call_command("import_documents", str(text))
        from_text = capsys.readouterr().out
        word = tmp_path / f"{text.stem}.docx"
        word.write_bytes(document_docx(Document.objects.get(kind=kind)).bytes())
        transaction.set_rollback(True)

    call_command("import_documents", str(word))
    from_word = capsys.readouterr().out

    # "<path>: <kind>: created …": the same kind, the same counts.
    expected = from_text.split(": ", 1)[1]
    for text_says, word_says in not_printed.items():
        expected = expected.replace(text_says, word_says)
    assert from_word.split(": ", 1)[1] == expected
    assert ": created " in from_word


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sample", "kind"), [(sample, kind) for sample, kind, _ in SAMPLES_AND_KINDS]
)
def test_the_workspaces_own_word_file_imported_where_it_came_from_changes_nothing(sample, kind):
    import_sample(sample)
    document = Document.objects.get(kind=kind)
    data = document_docx(document).bytes()
    rows = history_rows()

    again = import_word(f"{sample}.docx", data)

    assert again.ok, again.problem
    if sample == "work-plan-2021-2022-draft.txt":
        # The seed's head says "DRAFT"; the workspace prints no status, so its Word file reads
        # as the plan its introduction says was approved.
        assert str(again.summary).startswith("updated 1 work plan, 1 document;")
        return
    assert str(again.summary).startswith("nothing to change")
    assert history_rows() == rows


@pytest.mark.django_db
def test_a_pdf_given_to_the_importer_is_refused_saying_what_to_do(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n")

    result = import_path(path)

    assert not result.ok
    assert str(result.problem) == "the file is a PDF: export it to Word (.docx) or text first"


def test_text_in_links_and_tracked_insertions_is_read_and_tracked_deletions_are_not():
    word = WordFile()
    paragraph = word.paragraph("See ")
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>the report</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="A"><w:r><w:delText> (withdrawn)'
            "</w:delText></w:r></w:del>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="A"><w:r><w:t xml:space="preserve"> of '
            "2020.</w:t></w:r></w:ins>"
        )
    )

    assert text_of(word) == ["See the report of 2020."]


def test_a_row_that_starts_past_the_first_column_keeps_its_cells_in_their_columns():
    word = WordFile()
    table = word.table([["Tasks", "Progress", "Next steps"], ["Ongoing: more.", "Ask.", ""]], 3)
    rows = table._tbl.findall(qn("w:tr"))
    # Word writes a row whose first column is left out with gridBefore and fewer cells.
    second = rows[1]
    second.remove(second.findall(qn("w:tc"))[-1])
    second.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))

    assert [row.split("\t") for row in text_of(word)] == [
        ["<p>Tasks</p>", "<p>Progress</p>", "<p>Next steps</p>"],
        ["", "<p>Ongoing: more.</p>", "<p>Ask.</p>"],
    ]


def test_paragraphs_of_a_cell_indented_by_their_styles_say_how_deep_they_sit():
    word = WordFile()
    styles = word.document.styles
    for name, indent in (("Milestone", 0.6), ("Sub-milestone", 1.2)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.paragraph_format.left_indent = Cm(indent)
    table = word.table([["", ""]], columns=2)
    cell = table.cell(0, 1)
    cell.paragraphs[0].add_run("1. Activity")
    cell.add_paragraph("\u2013 A milestone", style="Milestone")
    cell.add_paragraph("\u2013 Under it", style="Sub-milestone")
    cell.add_paragraph("\u2013 Another milestone", style="Milestone")

    (row,) = text_of(word)

    assert row.split("\t")[1] == (
        '<p data-level="0">1. Activity</p> <p data-level="1">\u2013 A milestone</p> '
        '<p data-level="2">\u2013 Under it</p> <p data-level="1">\u2013 Another milestone</p>'
    )

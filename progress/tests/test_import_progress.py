"""Importing progress reports: the SOM 26 mid-term report as a careful reader reads it, edited
editions of it, broken ones, and all five seed documents together."""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from emg.importing import Source, import_path, import_source
from emg.models import Document, Meeting, Session
from emg.numbering import label
from mandates.matching import find_mandate, read_body_name
from mandates.models import Mandate, MandateAlias
from progress.importers import ProgressReportReader
from progress.importing.cells import carry_on, cell_paragraphs, read_status
from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
REPORT = "progress-report-som26-mid-term.txt"
SEEDS = sorted(SAMPLES.glob("*.txt"))

C, O, P, N = Status.COMPLETED, Status.ONGOING, Status.ONGOING_POSTPONED, Status.NOT_STARTED  # noqa: E741

# Counted by reading the report: per section, per body, each task's first words and its status
# items in order.
SOM26_MID_TERM = [
    (
        "Collaboration on Global Environmental Issues",
        [
            (
                "Consultative Process on Biodiversity",
                Mandate.Kind.CONSULTATIVE_PROCESS,
                [
                    ("Agree to establish an interagency Consultative Process", [C]),
                    ("Prepare a compilation of EMG Members' contributions", [C]),
                    ("Provide coordinated input from the UN system", [O]),
                    ("The Consultative Process will produce an Outcome Report", [O]),
                    ("Present its contributions, inter alia,", [P]),
                ],
            ),
            (
                "E-waste Coalition",
                Mandate.Kind.COALITION,
                [("Decide to extend the mandate of the Environment Management Group", [O])],
            ),
            (
                "UN Coalition on Combatting Sand and Dust Storms",
                Mandate.Kind.COALITION,
                [("Invite the Coalition to finalize its Strategy and Action Plan", [C])],
            ),
            (
                "Task Team on Marine Litter and Microplastics",
                Mandate.Kind.TASK_TEAM,
                [("Welcome the establishment of a Task Team", [O])],
            ),
        ],
    ),
    (
        "Enhancing UN environmental and social sustainability",
        [
            (
                "Consultations on Environmental and Social Sustainability (ESS)",
                Mandate.Kind.CONSULTATIVE_PROCESS,
                [
                    ("Collectively develop tools and guidance notes", [O]),
                    ("Raise awareness and facilitate shared learning", [O]),
                    ("Create an online knowledge sharing space", [C]),
                    ("Prepare Phase II of the Strategy for Sustainability Management", [O]),
                ],
            ),
            (
                "IMG on Environmental Sustainability Management",
                Mandate.Kind.IMG,
                [
                    ("Invite the IMG to continue its work", [C, C, C, C, O, O]),
                    ("Request the IMG to continue its work", [O, O]),
                    ("Welcome the collaboration with the Common Premises", [C, O, C]),
                ],
            ),
            (
                "Peer Review of environmental management",
                Mandate.Kind.REVIEW_PROCESS,
                [
                    ("Welcome the continued interest by UN agencies", [O]),
                    ("Invite the EMG members to examine", [N]),
                    ("Invite reviewed agencies to use the peer review reports", [O]),
                ],
            ),
        ],
    ),
    (
        "Supporting the UN Sustainable Development Goals",
        [
            (
                "Consultative Process on a UN System-Wide Framework of Strategies (SWFS)",
                Mandate.Kind.CONSULTATIVE_PROCESS,
                [
                    ("Encourage UN agencies to contribute to the second edition", [O]),
                    ("Extend the Consultative Process", [N]),
                ],
            ),
            (
                "EMG Nexus Dialogues",
                Mandate.Kind.DIALOGUE_SERIES,
                [
                    ("Encourage UN agencies to propose themes", [P]),
                    ("Invite UN agencies to share their ideas", [O]),
                ],
            ),
        ],
    ),
]
TASK_COUNT = 22  # 8 in section I, 10 in II, 4 in III
ITEM_COUNT = 30  # the IMG on Environmental Sustainability Management reports 11 of them


def seed_text(name: str = REPORT) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def import_text(text: str, name: str = REPORT):
    result = import_source(Source(name, text))
    return result


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of ``text`` where ``fragment`` first appears."""
    for number, line in enumerate(text.split("\n"), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} is not in the text")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} appears {text.count(old)} times"
    return text.replace(old, new)


def history_rows() -> int:
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


def nothing_saved() -> bool:
    return not any(
        model.objects.exists()
        for model in (Meeting, Session, ReportingRound, Task, Update, Document, Mandate)
    )


def the_round(number: int = 26) -> ReportingRound:
    return ReportingRound.objects.get(meeting__number=number)


def tasks_of(report_round: ReportingRound) -> list[Task]:
    return list(report_round.tasks.select_related("section", "mandate", "update").order_by("order"))


def statuses(task: Task) -> list[str]:
    return [item.status for item in task.update.items.order_by("order")]


@pytest.fixture
def imported(db):
    result = import_text(seed_text())
    assert result.ok, result.problem
    return result


# --- small readers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "rest"),
    [
        (
            "Completed: The Consultative Process was established.",
            C,
            "The Consultative Process was established.",
        ),
        ("Completed:", C, ""),
        ("Ongoing: A mapping of resources", O, "A mapping of resources"),
        ("On-going: SUN is working on plans", O, "SUN is working on plans"),
        ("Ongoing.", O, ""),
        ("Ongoing", O, ""),
        ("ONGOING – the group met twice", O, "the group met twice"),
        ("Ongoing/postponed: Three dialogues", P, "Three dialogues"),
        ("On-going / postponed:", P, ""),
        ("Postponed: to 2021", P, "to 2021"),
        ("Not yet started.", N, ""),
        ("Not  started", N, ""),
    ],
)
def test_read_status_knows_every_way_a_report_writes_a_status(text, status, rest):
    assert read_status(text) == (status, rest)


@pytest.mark.parametrize(
    "text",
    [
        "Ongoing discussions with FAO have started.",
        "Completed in January, the strategy was endorsed.",
        "Delayed: the workshop moved",
        "The task is ongoing.",
        "",
    ],
)
def test_read_status_finds_no_status_in_a_sentence_or_an_unknown_word(text):
    assert read_status(text) is None


def test_a_list_in_a_cell_stays_in_its_paragraph_one_line_per_item():
    cell = (
        "<p>Ongoing/postponed: Two dialogues were postponed:</p> "
        '<ol style="list-style-type: none"> 1) <u>Chemicals</u> 2) Fashion (June) '
    )

    assert cell_paragraphs(cell) == [
        "Ongoing/postponed: Two dialogues were postponed:\n1) Chemicals\n2) Fashion (June)"
    ]


def test_a_list_with_li_items_is_numbered_or_bulleted_as_written():
    numbered = "<p>Done:</p><ol><li>First</li><li>Second</li></ol><p>After.</p>"
    bulleted = "<ul><li>One</li><li>Two</li></ul>"

    assert cell_paragraphs(numbered) == ["Done:\n1) First\n2) Second", "After."]
    assert cell_paragraphs(bulleted) == ["\u2022 One\n\u2022 Two"]


def test_text_cut_mid_sentence_is_joined_with_a_space_else_starts_a_paragraph():
    cut = ["The meeting of the Open-ended Working"]
    carry_on(cut, ["Group, and others.", "A new paragraph."])
    whole = ["The meeting was held."]
    carry_on(whole, ["Another paragraph."])
    lowercase = ["See the report of the U.N."]
    carry_on(lowercase, ["and its annex."])

    assert cut == ["The meeting of the Open-ended Working Group, and others.", "A new paragraph."]
    assert whole == ["The meeting was held.", "Another paragraph."]
    assert lowercase == ["See the report of the U.N. and its annex."]


def test_only_the_progress_report_looks_like_a_progress_report():
    reader = ProgressReportReader()

    scores = {path.name: reader.score(Source(path.name, seed_text(path.name))) for path in SEEDS}

    assert scores.pop(REPORT) > 0
    assert set(scores.values()) == {0}


# --- the SOM 26 mid-term report --------------------------------------------------------------


def test_the_som26_mid_term_report_has_every_task_with_its_status_items(imported):
    report_round = the_round()
    tasks = tasks_of(report_round)

    assert len(tasks) == TASK_COUNT
    assert UpdateItem.objects.filter(update__task__round=report_round).count() == ITEM_COUNT
    position = 0
    for section_order, (section_title, bodies) in enumerate(SOM26_MID_TERM, start=1):
        for _body_name, _kind, expected_tasks in bodies:
            for start, expected_statuses in expected_tasks:
                task = tasks[position]
                position += 1
                assert task.order == position
                assert task.section.order == section_order
                assert task.section.title == section_title
                assert task.text.startswith(start), (task.order, task.text)
                assert statuses(task) == expected_statuses, task.text


def test_sections_are_numbered_from_their_position_not_stored(imported):
    sections = list(the_round().sections.order_by("order"))

    assert [(s.order, s.title) for s in sections] == [
        (1, "Collaboration on Global Environmental Issues"),
        (2, "Enhancing UN environmental and social sustainability"),
        (3, "Supporting the UN Sustainable Development Goals"),
    ]
    assert [label(ReportSection.NUMBER_PATTERN, s.order) for s in sections] == ["I.", "II.", "III."]


def test_each_body_is_one_mandate_of_the_kind_its_name_says(imported):
    tasks = tasks_of(the_round())
    position = 0
    seen = []
    for _, bodies in SOM26_MID_TERM:
        for body_name, kind, expected_tasks in bodies:
            body_tasks = tasks[position : position + len(expected_tasks)]
            position += len(expected_tasks)
            mandates = {task.mandate for task in body_tasks}
            assert len(mandates) == 1, body_name
            mandate = mandates.pop()
            assert mandate.kind == kind
            assert body_name.lower() in mandate.name.lower()
            seen.append(mandate)
    assert len(set(seen)) == 9
    assert Mandate.objects.count() == 9


def test_the_head_gives_the_meeting_its_mid_term_session_and_the_document(imported):
    report_round = the_round()
    session = report_round.session
    document = Document.objects.get(kind=Document.Kind.PROGRESS_REPORT)

    assert report_round.meeting.number == 26
    assert report_round.state == ReportingRound.State.CLOSED
    assert report_round.opens_on is None and report_round.deadline is None
    assert report_round.title.startswith("Mid-Term Progress Report")
    assert "26th" in report_round.title
    assert session.segment == Session.Segment.MID_TERM_TECHNICAL
    assert session.date == datetime.date(2020, 4, 29)
    assert (session.start_time, session.end_time) == (datetime.time(15), datetime.time(17))
    assert session.time_zone == "Geneva time"
    assert session.online and session.online_platform == "GoToMeeting"
    assert document.symbol == "EMG SOM26/mid-term/03"
    assert document.title == "Mid-Term Progress Report"
    assert document.author_line == "Note by the Secretariat"
    assert document.distribution == "EMG members"
    assert document.date == datetime.date(2020, 4, 29)
    assert document.meeting == report_round.meeting
    assert document.source == report_round
    assert document.status == Document.Status.FINAL


def test_imported_updates_are_accepted_and_have_no_author(imported):
    updates = Update.objects.all()

    assert updates.count() == TASK_COUNT
    assert set(updates.values_list("state", flat=True)) == {Update.State.ACCEPTED}
    assert not updates.filter(author__isnull=False).exists()


def test_rows_cut_by_page_breaks_read_as_one_task(imported):
    tasks = tasks_of(the_round())
    present = next(t for t in tasks if t.text.startswith("Present its contributions"))
    harmonize = next(t for t in tasks if t.text.startswith("Collectively develop tools"))
    strategy = next(t for t in tasks if t.text.startswith("Invite the Coalition to finalize"))

    assert "meetings of the Open-ended Working Group, the IUCN World Conservation" in present.text
    assert present.update.items.get().text.startswith("As a result of the ongoing pandemic")
    assert harmonize.text.endswith("to harmonize the operationalization of the Model Approach")
    assert harmonize.update.items.get().text == (
        "A mapping of existing resources including references, guidance and tools related to "
        "the Model Approach to Environmental and Social Standards for UN Programming has been "
        "prepared.\n\nThe Consultative Process has discussed sharing of available guidance and "
        "information with regard to safeguards in the context of the Covid-19 pandemic."
    )
    paragraphs = strategy.update.items.get().text.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[1].endswith(
        "to define the modalities of the Coalition's work; the structure of the Coalition and "
        "other issues relevant to its functioning."
    )
    assert strategy.update.next_steps.endswith(
        "next steps of the Coalition based on the approach in the Strategy and Action Plan."
    )


def test_a_task_continued_on_the_next_page_keeps_all_its_items_and_next_steps(imported):
    task = Task.objects.get(text__startswith="Invite the IMG to continue its work that has led")
    items = list(task.update.items.order_by("order"))

    assert items[0].text.endswith("95% of the UN System reported emissions were offset")
    assert items[1].text.startswith("The IMG met face-to-face in October 2019")
    assert items[5].text.startswith("SUN is working on implementation plans")
    assert task.update.next_steps.split("\n\n")[0].startswith("The IMG will meet online")
    assert len(task.update.next_steps.split("\n\n")) == 3


def test_progress_text_is_plain_with_paragraphs_and_list_lines(imported):
    outcome = Task.objects.get(text__startswith="The Consultative Process will produce")
    dialogues = Task.objects.get(text__startswith="Encourage UN agencies to propose themes")

    assert outcome.update.items.get().text.split("\n\n") == [
        "A drafting group was created by the Consultative Process at its 2nd meeting in Rome on "
        "27th February to support preparation of the EMG outcome document on post 2020 global "
        "biodiversity framework.",
        "The group held its first workshop on 24 March.",
        "An outline for the report was shared with the focal points of the Consultative Process "
        "for comments on the 16th of April.",
    ]
    assert len(outcome.update.next_steps.split("\n\n")) == 3
    lines = dialogues.update.items.get().text.split("\n")
    assert lines[0].endswith("have been postponed due to the pandemic:")
    assert lines[1:] == [
        "1) Enhancing Synergies between the post 2020 biodiversity and chemicals frameworks",
        "2) Sustainable fashion in the context of the SDGs and SCP",
        "3) Environment and human rights (scheduled to be held 22 June 2020, postponement to be "
        "confirmed)",
    ]
    assert not Task.objects.filter(text__contains="<").exists()
    assert not UpdateItem.objects.filter(text__contains="<").exists()
    assert not Update.objects.filter(next_steps__contains="<").exists()


def test_a_status_without_text_gives_an_item_with_empty_text(imported):
    task = Task.objects.get(text__startswith="Invite the EMG members to examine")

    item = task.update.items.get()
    assert (item.status, item.text) == (N, "")
    assert task.update.next_steps == ""


def test_importing_the_same_report_twice_changes_nothing(imported):
    rows_before = history_rows()

    again = import_text(seed_text())

    assert again.ok, again.problem
    assert not again.summary.created and not again.summary.updated and not again.summary.deleted
    assert str(again.summary).startswith("nothing to change")
    assert history_rows() == rows_before


def test_the_command_imports_the_report_and_says_what_it_created(db, capsys):
    call_command("import_documents", str(SAMPLES / REPORT))

    out = capsys.readouterr().out
    assert f"{SAMPLES / REPORT}: progress report: created" in out
    assert "22 tasks" in out and "30 progress items" in out


# --- other editions --------------------------------------------------------------------------

EXTRA_ROW = (
    "<p>Invite the Coalition to report to the next meeting.</p>\t"
    "<p>Not yet started.</p>\t<p>A report will be prepared.</p>\n"
)


def with_extra_e_waste_task(text: str) -> str:
    row = next(line for line in text.split("\n") if line.startswith("<p>Decide to extend"))
    return replace_once(text, row + "\n", row + "\n" + EXTRA_ROW)


def test_a_report_with_one_more_task_in_a_body_imports_it_in_place(imported):
    result = import_text(with_extra_e_waste_task(seed_text()))

    assert result.ok, result.problem
    tasks = tasks_of(the_round())
    assert len(tasks) == TASK_COUNT + 1
    e_waste = [t for t in tasks if t.mandate.name == "E-waste Coalition"]
    assert [t.order for t in e_waste] == [6, 7]
    assert e_waste[1].text == "Invite the Coalition to report to the next meeting."
    assert statuses(e_waste[1]) == [N]
    assert e_waste[1].update.next_steps == "A report will be prepared."
    assert tasks[7].text.startswith("Invite the Coalition to finalize its Strategy")
    assert Mandate.objects.count() == 9


def test_a_report_with_one_task_fewer_drops_it_on_reimport(imported):
    text = seed_text()
    row = next(line for line in text.split("\n") if line.startswith("Raise awareness and"))
    result = import_text(replace_once(text, row + "\n", ""))

    assert result.ok, result.problem
    assert result.summary.deleted[Task] == 1
    tasks = tasks_of(the_round())
    assert len(tasks) == TASK_COUNT - 1
    assert not any(t.text.startswith("Raise awareness and") for t in tasks)
    assert [t.order for t in tasks] == list(range(1, TASK_COUNT))
    assert Update.objects.count() == TASK_COUNT - 1


def test_one_more_status_item_in_a_cell_is_one_more_item(imported):
    text = replace_once(
        seed_text(),
        "<p>Ongoing</p>",
        "<p>Ongoing</p> <p>Completed: A first report was shared in March.</p>",
    )

    result = import_text(text)

    assert result.ok, result.problem
    task = Task.objects.get(text__startswith="Invite reviewed agencies")
    assert statuses(task) == [O, C]
    assert task.update.items.get(order=2).text == "A first report was shared in March."
    assert UpdateItem.objects.count() == ITEM_COUNT + 1


def test_a_report_for_another_meeting_is_a_round_of_its_own(imported):
    text = seed_text().replace("26th Senior Officials", "27th Senior Officials")
    for old, new in [
        ("EMG SOM26/mid-term/03", "EMG SOM27/mid-term/02"),
        ("29 April 2020", "5 May 2021"),
    ]:
        text = replace_once(text, old, new)

    result = import_text(text, name="progress-report-som27.txt")

    assert result.ok, result.problem
    later = the_round(27)
    assert later.session.date == datetime.date(2021, 5, 5)
    assert "27th" in later.title
    assert len(tasks_of(later)) == TASK_COUNT
    assert len(tasks_of(the_round(26))) == TASK_COUNT
    assert Document.objects.get(symbol="EMG SOM27/mid-term/02").source == later
    assert Mandate.objects.count() == 9  # the same bodies report again


def test_a_body_heading_written_another_way_is_the_same_mandate(imported):
    img = Task.objects.get(text__startswith="Request the IMG to continue").mandate
    text = replace_once(
        seed_text(),
        "b. The IMG on Environmental Sustainability Management in the United Nations system",
        "**b) Issue Management Group on Environmental Sustainability Management**",
    )

    result = import_text(text)

    assert result.ok, result.problem
    assert Task.objects.get(text__startswith="Request the IMG to continue").mandate == img
    assert Mandate.objects.count() == 9
    assert MandateAlias.objects.filter(
        mandate=img, name="Issue Management Group on Environmental Sustainability Management"
    ).exists()


def test_a_fresh_report_with_renamed_bodies_and_letters_in_brackets_imports(db):
    text = seed_text()
    for old, new in [
        ("a) Consultative Process on Biodiversity", "(a) Consultative process on biodiversity"),
        ("b) The E-waste Coalition", "(b) UN E-Waste Coalition"),
        ("Tasks\tProgress\tNext steps", "TASKS\tPROGRESS\tNEXT STEPS"),
    ]:
        text = text.replace(old, new, 1)

    result = import_text(text)

    assert result.ok, result.problem
    tasks = tasks_of(the_round())
    assert len(tasks) == TASK_COUNT
    assert tasks[0].mandate.kind == Mandate.Kind.CONSULTATIVE_PROCESS
    assert tasks[5].mandate.kind == Mandate.Kind.COALITION


def test_a_header_row_repeated_after_a_page_break_is_not_a_task(db):
    text = seed_text()
    row = next(line for line in text.split("\n") if line.startswith("Raise awareness and"))
    text = replace_once(text, row + "\n", row + "\n\n---\t---\t---\nTasks\tProgress\tNext steps\n")

    result = import_text(text)

    assert result.ok, result.problem
    assert len(tasks_of(the_round())) == TASK_COUNT
    assert not Task.objects.filter(text__iexact="Tasks").exists()


def test_an_unknown_word_inside_a_cell_with_a_status_stays_text_of_its_item(db):
    text = replace_once(
        seed_text(),
        "<p>Ongoing</p>",
        "<p>Ongoing</p> <p>Delayed: the report is due in June.</p>",
    )

    result = import_text(text)

    assert result.ok, result.problem
    item = Task.objects.get(text__startswith="Invite reviewed agencies").update.items.get()
    assert (item.status, item.text) == (O, "Delayed: the report is due in June.")


def test_closing_prose_after_the_last_table_is_left_out(db):
    text = seed_text().rstrip("\n") + (
        "\n\nThe Senior Officials are invited to take note of the progress made.\n"
    )

    result = import_text(text)

    assert result.ok, result.problem
    assert len(tasks_of(the_round())) == TASK_COUNT


# --- broken reports --------------------------------------------------------------------------


def assert_refused(text: str, line: int, words: str):
    result = import_text(text)

    assert not result.ok
    assert result.problem.line == line, str(result.problem)
    assert words in result.problem.message
    assert nothing_saved()


def test_a_table_row_cut_in_half_is_refused_at_its_first_half(db):
    text = seed_text()
    cut = "A series of deep-dive calls serves as opportunities"
    text = replace_once(text, cut, "A series of deep-dive calls\nserves as opportunities")

    assert_refused(text, line_of(text, "Raise awareness and"), "cut in half")


def test_a_row_broken_in_its_last_cell_is_refused_at_the_broken_line(db):
    text = seed_text()
    text = replace_once(
        text, "The deep-dive call series continues.", "The deep-dive call\nseries continues."
    )

    assert_refused(text, line_of(text, "Raise awareness and") + 1, "cut in half")


def test_a_section_without_its_heading_is_refused_at_its_first_body(db):
    text = replace_once(
        seed_text(), "II. Enhancing UN environmental and social sustainability\n", ""
    )

    assert_refused(text, line_of(text, "a. Consultations on Environmental"), "section heading")


def test_a_body_before_the_first_section_heading_is_refused(db):
    text = replace_once(seed_text(), "I. Collaboration on Global Environmental Issues\n", "")

    assert_refused(
        text, line_of(text, "a) Consultative Process on Biodiversity"), "before any section"
    )


def test_a_table_without_its_header_row_is_refused_at_its_first_row(db):
    text = seed_text()
    start = text.index("d) Task Team on Marine Litter")
    header_at = text.index("Tasks\tProgress\tNext steps\n", start)
    text = text[:header_at] + text[header_at + len("Tasks\tProgress\tNext steps\n") :]

    assert_refused(text, line_of(text, "Welcome the establishment of a Task Team"), "header row")


def test_an_unknown_status_that_would_start_a_task_is_refused(db):
    text = replace_once(
        seed_text(),
        "Ongoing: A series of deep-dive calls",
        "Delayed: A series of deep-dive calls",
    )

    assert_refused(text, line_of(text, "Raise awareness and"), "“Delayed” is not a status")


def test_a_first_task_without_a_status_is_refused(db):
    text = replace_once(
        seed_text(),
        "Completed: The Consultative Process was established",
        "The Consultative Process was established",
    )

    assert_refused(
        text, line_of(text, "Agree to establish an interagency"), "does not start with a status"
    )


def test_a_body_heading_that_names_no_body_is_refused(db):
    text = replace_once(
        seed_text(),
        "d) Task Team on Marine Litter and Microplastics",
        "d) Marine litter and microplastics",
    )

    assert_refused(text, line_of(text, "d) Marine litter"), "does not name a kind of body")


def test_a_body_without_a_table_is_refused(db):
    text = seed_text()
    start = text.index("d) Task Team on Marine Litter")
    end = text.index("II. Enhancing")
    text = text[:start] + "d) Task Team on Marine Litter and Microplastics\n\n" + text[end:]

    assert_refused(text, line_of(text, "d) Task Team on Marine Litter"), "no table of tasks")


def test_a_garbage_file_is_refused_at_its_first_line(db):
    assert_refused("\x1b[31mPK\x03\x04 lorem ipsum\n\t\t\nzzz\n", 1, "not a kind of document")


# --- all five seeds --------------------------------------------------------------------------


def other_names_of_the_same_body(mandate: Mandate) -> list[Mandate]:
    return [
        other
        for other in Mandate.objects.exclude(pk=mandate.pk)
        if find_mandate(read_body_name(other.name), [mandate]) is not None
    ]


@pytest.mark.parametrize("reverse", [False, True], ids=["sorted", "reversed"])
@pytest.mark.django_db
def test_all_five_seeds_give_one_mandate_per_body_in_either_order(reverse):
    paths = sorted(SAMPLES.glob("*.txt"), reverse=reverse)
    assert len(paths) == 5

    results = [import_path(path) for path in paths]

    assert [r.problem for r in results if not r.ok] == []
    mandates = {task.mandate for task in tasks_of(the_round())}
    assert len(mandates) == 9
    for mandate in mandates:
        assert other_names_of_the_same_body(mandate) == [], mandate.name
    assert len(tasks_of(the_round())) == TASK_COUNT

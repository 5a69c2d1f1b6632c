"""Importing progress reports: the SOM 26 mid-term report as a careful reader reads it."""

import datetime

from django.core.management import call_command

from emg.models import Document, Session
from emg.numbering import label
from emg.tests.imports import check_a_second_import_changes_nothing
from mandates.models import Mandate
from progress.models import ReportingRound, ReportSection, Task, Update, UpdateItem
from progress.tests.legacy_reports import (
    ITEM_COUNT,
    REPORT,
    SAMPLES,
    TASK_COUNT,
    C,
    N,
    O,
    P,
    import_text,
    seed_text,
    statuses,
    tasks_of,
    the_round,
)

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


def test_importing_the_same_report_twice_changes_nothing(db):
    check_a_second_import_changes_nothing(lambda: import_text(seed_text()))


def test_the_command_imports_the_report_and_says_what_it_created(db, capsys):
    call_command("import_documents", str(SAMPLES / REPORT))

    out = capsys.readouterr().out
    assert f"{SAMPLES / REPORT}: progress report: created" in out
    assert "22 tasks" in out and "30 progress items" in out

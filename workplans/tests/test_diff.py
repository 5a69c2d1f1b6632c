"""What changed between two revisions of a plan, in the plan's own numbering: diff_snapshots and
the pieces it is made of. Snapshots are built by hand here (as JSON, the way they are stored), so
these tests need no database."""

import copy

from workplans.diff import Kind, _stayed_in_place, diff_snapshots, word_diff


def quarter(year, first, last=None):
    last = last or first
    ends = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}
    return {
        "start": f"{year}-{3 * first - 2:02d}-01",
        "start_precision": "quarter",
        "end": f"{year}-{ends[last]}",
        "end_precision": "quarter",
    }


def months(start_year, start_month, end_year, end_month):
    return {
        "start": f"{start_year}-{start_month:02d}-01",
        "start_precision": "month",
        "end": f"{end_year}-{end_month:02d}-28",
        "end_precision": "month",
    }


class Plan:
    """A snapshot written by hand: orders follow the order of the calls."""

    def __init__(self, **head):
        self.data = {
            "version": 1,
            "title": "Environment Management Group work plan 2021\u20132022",
            "period_start": 2021,
            "period_end": 2022,
            "status": "draft",
            "meeting": None,
            "introduction": "This note presents the work plan.",
            "outcome_numbering": "{I}.",
            "activity_numbering": "continuous",
            "milestone_style": "lettered",
            "footnotes": [],
            "outcomes": [],
            "activities": [],
            "milestones": [],
            **head,
        }

    def _next(self, rows, **same):
        return 1 + sum(1 for r in rows if all(r[k] == v for k, v in same.items()))

    def outcome(self, pk, heading, statement=""):
        order = self._next(self.data["outcomes"])
        self.data["outcomes"].append(
            {"id": pk, "order": order, "heading": heading, "statement": statement}
        )
        return self

    def activity(self, pk, outcome, title, *, mandate=None, schedule=None, description=""):
        self.data["activities"].append(
            {
                "id": pk,
                "outcome": outcome,
                "order": self._next(self.data["activities"], outcome=outcome),
                "title": title,
                "description": description,
                "mandate": {"id": mandate[0], "name": mandate[1]} if mandate else None,
                "schedule": schedule,
            }
        )
        return self

    def milestone(self, pk, activity, text, *, parent=None, schedule=None, due_date=None):
        self.data["milestones"].append(
            {
                "id": pk,
                "activity": activity,
                "parent": parent,
                "order": self._next(self.data["milestones"], activity=activity, parent=parent),
                "text": text,
                "due_date": due_date,
                "schedule": schedule,
            }
        )
        return self

    def footnote(self, pk, text, anchor=""):
        order = self._next(self.data["footnotes"])
        self.data["footnotes"].append({"id": pk, "order": order, "anchor": anchor, "text": text})
        return self

    def snapshot(self):
        return copy.deepcopy(self.data)


def base(**head):
    """Outcome I with activities 1–4, outcome II with activity 5; milestones under 1 and 2."""
    return (
        Plan(**head)
        .outcome(1, "Enhanced coherence in programming")
        .outcome(2, "Enhanced sustainability of the UN system")
        .activity(
            11, 1, "Issue Management Group on Biodiversity", mandate=(7, "IMG on biodiversity")
        )
        .activity(12, 1, "Task Team on Marine Litter")
        .activity(13, 1, "Consultative Process on Sustainable Infrastructure")
        .activity(14, 1, "IMG on Human Rights and the Environment")
        .activity(15, 2, "Consultative Process on Pollution Free Planet")
        .milestone(111, 11, "Draft the common approach to biodiversity")
        .milestone(1111, 11, "Consult the members", parent=111)
        .milestone(1112, 11, "Agree the text", parent=111)
        .milestone(112, 11, "Report to the Senior Officials")
        .milestone(121, 12, "Present the report to UNEA", schedule=quarter(2022, 1))
        .milestone(122, 12, "Hold targeted webinars", schedule=quarter(2022, 1))
        .milestone(123, 12, "Establish a digital inventory")
        .snapshot()
    )


def row(snapshot, table, pk):
    return next(r for r in snapshot[table] if r["id"] == pk)


def summaries(old, new):
    return [change.summary for change in diff_snapshots(old, new)]


def test_two_equal_snapshots_have_no_changes():
    assert diff_snapshots(base(), base()) == []


def test_a_milestone_schedule_change_is_named_by_activity_number_and_letter():
    old, new = base(), base()
    row(new, "milestones", 122)["schedule"] = quarter(2022, 3)

    changes = diff_snapshots(old, new)

    assert [c.summary for c in changes] == ["2.(b) schedule: Q1 2022 \u2192 Q3 2022"]
    assert changes[0].kind == Kind.CHANGED
    assert changes[0].item == "milestone"
    assert (changes[0].old, changes[0].new) == ("Q1 2022", "Q3 2022")


def test_an_activity_moved_to_another_outcome_keeping_its_number():
    old, new = base(), base()
    moved = row(new, "activities", 15)
    moved["outcome"], moved["order"] = 1, 5

    changes = diff_snapshots(old, new)

    assert [c.summary for c in changes] == ["activity 5 moved from outcome II to I"]
    assert changes[0].kind == Kind.MOVED


def test_an_activity_moved_to_another_outcome_says_its_new_number():
    old, new = base(), base()
    moved = row(new, "activities", 12)
    moved["outcome"], moved["order"] = 2, 0  # before activity 5 in outcome II

    assert summaries(old, new) == ["activity 2 moved from outcome I to II, now activity 4"]


def test_a_text_change_gives_a_word_level_diff():
    old, new = base(), base()
    row(new, "milestones", 111)["text"] = "Draft and publish the common approach to biodiversity"

    (change,) = diff_snapshots(old, new)

    assert change.summary == "1.(a) text changed"
    assert change.field == "text"
    assert change.words == (
        ("equal", "Draft"),
        ("insert", " and publish"),
        ("equal", " the common approach to biodiversity"),
    )


def test_an_added_activity_is_named_with_its_outcome_and_later_ones_are_not_moved():
    old = base()
    new = Plan()
    new.data = copy.deepcopy(old)
    for activity in new.data["activities"]:
        if activity["outcome"] == 1 and activity["order"] >= 3:
            activity["order"] += 1
    new.data["activities"].append(
        {
            "id": 16,
            "outcome": 1,
            "order": 3,
            "title": "Task Team on Stockholm+50",
            "description": "",
            "mandate": None,
            "schedule": None,
        }
    )

    changes = diff_snapshots(old, new.snapshot())

    assert [c.summary for c in changes] == ["activity 3 added under outcome I"]
    assert changes[0].kind == Kind.ADDED
    assert changes[0].new == "Task Team on Stockholm+50"


def test_a_removed_activity_is_reported_once_with_its_milestones_counted():
    old, new = base(), base()
    new["activities"] = [a for a in new["activities"] if a["id"] != 12]
    new["milestones"] = [m for m in new["milestones"] if m["activity"] != 12]

    changes = diff_snapshots(old, new)

    assert [c.summary for c in changes] == ["activity 2 removed (with 3 milestones)"]
    assert changes[0].kind == Kind.REMOVED
    assert changes[0].old == "Task Team on Marine Litter"


def test_an_added_activity_with_milestones_is_reported_once():
    old, new = base(), base()
    new["activities"].append(
        {
            "id": 16,
            "outcome": 2,
            "order": 2,
            "title": "Nexus dialogues",
            "description": "",
            "mandate": None,
            "schedule": None,
        }
    )
    new["milestones"].append(
        {
            "id": 161,
            "activity": 16,
            "parent": None,
            "order": 1,
            "text": "Organise six dialogues",
            "due_date": None,
            "schedule": None,
        }
    )

    assert summaries(old, new) == ["activity 6 added under outcome II (with 1 milestone)"]


def test_a_reordered_activity_moves_up_and_says_its_new_number():
    old, new = base(), base()
    row(new, "activities", 14)["order"] = 1
    for pk, order in ((11, 2), (12, 3), (13, 4)):
        row(new, "activities", pk)["order"] = order

    changes = diff_snapshots(old, new)

    assert [c.summary for c in changes] == ["activity 4 moved up, now activity 1"]
    assert changes[0].kind == Kind.MOVED


def test_a_milestone_moved_down_within_its_activity():
    old, new = base(), base()
    row(new, "milestones", 121)["order"] = 3
    row(new, "milestones", 123)["order"] = 1

    # Of three, swapping the first and the last leaves one (b) in place and moves two.
    assert summaries(old, new) == ["2.(c) moved up, now 2.(a)", "2.(a) moved down, now 2.(c)"]


def test_a_milestone_moved_to_another_activity():
    old, new = base(), base()
    moved = row(new, "milestones", 112)
    moved["activity"], moved["order"] = 12, 4

    assert summaries(old, new) == ["1.(b) moved to activity 2, now 2.(d)"]


def test_nested_milestones_are_cited_with_the_full_label():
    old, new = base(), base()
    row(new, "milestones", 1112)["schedule"] = months(2021, 10, 2022, 9)

    assert summaries(old, new) == [
        "1.(a)(ii) schedule: \u2014 \u2192 October 2021 \u2013 September 2022"
    ]


def test_a_reordered_outcome_moves_and_carries_its_activities_without_more_changes():
    old, new = base(), base()
    row(new, "outcomes", 1)["order"] = 2
    row(new, "outcomes", 2)["order"] = 1

    assert summaries(old, new) == ["outcome II moved up, now outcome I"]


def test_a_changed_item_that_was_renumbered_says_its_old_number():
    old, new = base(), base()
    new["activities"] = [a for a in new["activities"] if a["id"] != 13]
    row(new, "activities", 14)["order"] = 3
    row(new, "activities", 14)["title"] = "IMG on Human Rights"

    assert summaries(old, new) == [
        "activity 3 removed",
        "activity 3 (was 4) title changed",
    ]


def test_mandate_and_activity_schedule_changes_show_old_and_new():
    old, new = base(), base()
    changed = row(new, "activities", 11)
    changed["mandate"] = {"id": 8, "name": "Consultative Process on Biodiversity"}
    changed["schedule"] = months(2021, 10, 2022, 9)

    assert summaries(old, new) == [
        "activity 1 mandate: IMG on biodiversity \u2192 Consultative Process on Biodiversity",
        "activity 1 schedule: \u2014 \u2192 October 2021 \u2013 September 2022",
    ]


def test_changes_come_in_reading_order_with_removed_items_where_they_were():
    old, new = base(), base()
    row(new, "activities", 15)["title"] = "Consultative Process on a Pollution Free Planet"
    new["milestones"] = [m for m in new["milestones"] if m["id"] != 122]
    row(new, "milestones", 123)["order"] = 2
    row(new, "milestones", 111)["text"] = "Draft the UN common approach to biodiversity"
    new["status"] = "proposed"

    assert summaries(old, new) == [
        "The plan's status: Draft \u2192 Proposed",
        "1.(a) text changed",
        "2.(b) removed",
        "activity 5 title changed",
    ]


def test_plan_head_changes_are_listed_first():
    old = base()
    new = base(
        title="Environment Management Group work plan 2021\u20132022 (revised)",
        status="approved",
        meeting={"id": 3, "number": 27},
    )

    changes = diff_snapshots(old, new)

    assert [c.summary for c in changes] == [
        "The plan's title changed",
        "The plan's status: Draft \u2192 Approved",
        "The plan's SOM: \u2014 \u2192 SOM 27",
    ]
    assert changes[0].words[-1] == ("insert", " (revised)")


def test_per_outcome_numbering_cites_activities_under_their_outcome():
    old = base(outcome_numbering="{A}.", activity_numbering="per_outcome")
    new = copy.deepcopy(old)
    row(new, "milestones", 122)["schedule"] = quarter(2022, 3)
    row(new, "activities", 15)["title"] = "Pollution"

    assert summaries(old, new) == [
        "A.2.(b) schedule: Q1 2022 \u2192 Q3 2022",
        "activity B.1 title changed",
    ]


def test_bulleted_milestones_are_counted():
    old = base(milestone_style="bulleted")
    new = copy.deepcopy(old)
    row(new, "milestones", 122)["schedule"] = quarter(2022, 3)
    row(new, "milestones", 1112)["text"] = "Agree the final text"

    assert summaries(old, new) == [
        "activity 1, bullet 1.2 text changed",
        "activity 2, bullet 2 schedule: Q1 2022 \u2192 Q3 2022",
    ]


def test_footnotes_added_and_changed():
    old = Plan().outcome(1, "Coherence").footnote(1, "Subject to approval by SOM 27").snapshot()
    new = copy.deepcopy(old)
    row(new, "footnotes", 1)["text"] = "Approved by SOM 27"
    new["footnotes"].append({"id": 2, "order": 2, "anchor": "", "text": "Un-costed."})

    assert summaries(old, new) == ["footnote 1 text changed", "footnote 2 added"]


def test_a_removed_outcome_counts_its_activities():
    old, new = base(), base()
    new["outcomes"] = [o for o in new["outcomes"] if o["id"] != 2]
    new["activities"] = [a for a in new["activities"] if a["outcome"] != 2]

    assert summaries(old, new) == ["outcome II removed (with 1 activity)"]


def test_word_diff_marks_deleted_and_inserted_words():
    assert word_diff("Hold two webinars in 2021", "Hold six webinars in 2022") == (
        ("equal", "Hold "),
        ("delete", "two"),
        ("insert", "six"),
        ("equal", " webinars in "),
        ("delete", "2021"),
        ("insert", "2022"),
    )
    assert word_diff("", "New text") == (("insert", "New text"),)
    assert word_diff("Same", "Same") == (("equal", "Same"),)
    assert word_diff("Hold two webinars", "Run six webinars") == (
        ("delete", "Hold two"),
        ("insert", "Run six"),
        ("equal", " webinars"),
    )


def test_the_items_kept_in_order_are_a_longest_increasing_run():
    assert _stayed_in_place([1, 2, 3]) == {0, 1, 2}
    assert _stayed_in_place([4, 1, 2, 3]) == {1, 2, 3}
    assert _stayed_in_place([2, 1]) == {1}  # the second moved up
    assert _stayed_in_place([1, 3, 2, 4]) == {0, 2, 3}
    assert _stayed_in_place([3, 2, 1]) == {1}  # the middle one kept its place
    assert _stayed_in_place([]) == set()

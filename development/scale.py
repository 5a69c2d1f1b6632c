"""Data at N times one decade of the Group's work, for measuring the workspace at scale.

``scale_data_generate(factor=1)`` writes, next to whatever the database already holds, about:
20 SOMs (two sessions, five agenda items, five to seven documents and ~15 decisions each), 40
mandates (terms of reference with nested clauses and footnotes, members, focal points), 10 work
plans of 30–60 activities with nested milestones and schedules, 20 reporting rounds with a task
per activity reported on and an update per task (draft, submitted, returned, accepted) and 60
people across the three roles. Factor 10 writes ten times as much.

This is tooling that spans every app (the benchmark measures them all), which is why it imports
from the apps to the right of ``emg``; no page or service imports it.

Rows are written with ``bulk_create`` and ``bulk_update`` inside one transaction, so they leave
no history entries behind: unlike every write of the application, which leaves history, these
rows are nobody's edits, only data to measure with, and written as fast as the database takes
them. The same seed on the same starting data gives the same rows: every choice comes from
one ``random.Random(seed)`` and every timestamp from the generated timeline, never from the clock.

Living next to the demo (``setup_demo``) or an earlier run:
- SOM numbers start after the highest one already there, and never below 101, so symbols
  ("EMG/SOM.101/03") and numbers are new;
- mandate keys, usernames and e-mail addresses carry that first SOM number ("scale-101:0007",
  "…-101-12");
- a generated current work plan whose biennium already has one moves to the next free biennium
  (one current plan per period is a rule of the schema).
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import json
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Max

from emg.management.commands.setup_demo import entities_load
from emg.models import AgendaItem, Document, Entity, Meeting, Session, User
from emg.schedules import Precision
from mandates.models import (
    Clause,
    Decision,
    DecisionSection,
    FocalPoint,
    Footnote,
    Mandate,
    Membership,
    TermsOfReference,
)
from progress.models import ReportingRound, ReportSection, Status, Task, Update, UpdateItem
from workplans.models import Activity, Milestone, Outcome, WorkPlan, WorkPlanRevision
from workplans.models import Footnote as PlanFootnote
from workplans.snapshots import plan_snapshot

# One decade of the Group's work.
BASE = {
    "meetings": 20,
    "mandates": 40,
    "work_plans": 10,
    "rounds": 20,
    "users": 60,
}
DECISIONS_PER_MEETING = 15
FIRST_YEAR = 1990
LOWEST_FIRST_NUMBER = 101
BATCH = 2000

TOPICS = (
    "Biodiversity",
    "Land Degradation",
    "Green Economy",
    "Sustainable Consumption and Production",
    "Environmental Sustainability Management",
    "Chemicals and Waste",
    "Human Rights and the Environment",
    "Marine Litter and Microplastics",
    "Sound Management of Chemicals",
    "Climate Neutrality",
    "Environmental and Social Safeguards",
    "Air Quality",
    "Sand and Dust Storms",
    "Fresh Water",
    "Environment and Humanitarian Action",
    "Frontier Technologies",
    "Nature-based Solutions",
    "Environmental Data and Statistics",
    "Sustainable Procurement",
    "Disaster Risk Reduction",
    "Oceans and Coastal Zones",
    "Mountains",
    "Forests",
    "Urban Environment",
    "Gender and the Environment",
    "Youth Engagement",
    "Circular Economy",
    "Tourism and the Environment",
    "Environmental Rule of Law",
    "Health and the Environment",
    "Food Systems",
    "Energy Transitions",
    "Mercury",
    "Ozone",
    "Desertification",
    "Wetlands",
    "Migratory Species",
    "Digital Transformation",
    "Just Transition",
    "Resilience in Small Island Developing States",
)
KIND_NAMES = (
    (Mandate.Kind.IMG, "Issue Management Group on {topic}", "IMG on {topic}"),
    (Mandate.Kind.TASK_TEAM, "Task Team on {topic}", "TT on {topic}"),
    (Mandate.Kind.CONSULTATIVE_PROCESS, "Consultative Process on {topic}", "CP on {topic}"),
    (Mandate.Kind.DIALOGUE_SERIES, "Nexus Dialogue Series on {topic}", "Dialogues on {topic}"),
    (Mandate.Kind.COALITION, "Coalition on {topic}", "Coalition on {topic}"),
    (Mandate.Kind.REVIEW_PROCESS, "Review Process on {topic}", "Review on {topic}"),
)
FIRST_NAMES = (
    "Amina",
    "Lars",
    "Maria",
    "Kofi",
    "Ingrid",
    "Wei",
    "Fatima",
    "Pedro",
    "Olga",
    "Samir",
    "Aiko",
    "Chidi",
    "Elena",
    "Rahul",
    "Sofia",
    "Tomás",
    "Nadia",
    "Jonas",
    "Leila",
    "Mateus",
    "Yuki",
    "Grace",
    "Ahmed",
    "Camille",
    "Ivan",
    "Zanele",
    "Hiroshi",
    "Laura",
    "Omar",
    "Priya",
)
LAST_NAMES = (
    "Diallo",
    "Berg",
    "Santos",
    "Mensah",
    "Johansson",
    "Zhang",
    "Haddad",
    "Alvarez",
    "Petrova",
    "Nasser",
    "Tanaka",
    "Okafor",
    "Rossi",
    "Sharma",
    "García",
    "Moreau",
    "Novak",
    "Kimani",
    "Müller",
    "Silva",
    "Ito",
    "Ochieng",
    "Farouk",
    "Dubois",
    "Ivanova",
    "Dlamini",
    "Sato",
    "Fischer",
    "Benali",
    "Iyer",
)
SECTIONS = (
    "Background",
    "Objectives",
    "Composition",
    "Functions",
    "Working methods",
    "Reporting",
    "Secretariat support",
)
PARAGRAPHS = (
    "The {name} shall consist of focal points nominated by the members of the Group.",
    "Members shall nominate focal points with the expertise the work requires.",
    "The {name} shall work for a period of {months} months from its establishment.",
    "The {name} shall report to the Senior Officials at their {som} meeting.",
    "The secretariat shall support the {name} within the resources available.",
    "Observers may take part at the invitation of the lead agencies.",
    "The {name} shall prepare a common approach on {topic} for the UN system.",
)
ITEMS = (
    "identify the mandates and activities of the members related to {topic}",
    "prepare a synthesis of good practice for the Senior Officials",
    "propose options for system-wide cooperation",
    "organise an expert consultation open to observers",
    "consult Member States through the relevant governing bodies",
    "draw up a communication strategy",
)
ACTIVITY_TITLES = (
    "Common approach to {topic}",
    "System-wide framework on {topic}",
    "Joint report on {topic}",
    "Nexus dialogue on {topic}",
    "Capacity-building package on {topic}",
    "Inter-agency review of {topic}",
    "Toolkit for integrating {topic} in programming",
)
MILESTONES = (
    "Draft the terms of reference and circulate them to the members",
    "Hold the first meeting of the focal points",
    "Consolidate the members' contributions",
    "Circulate the draft to the Senior Officials for comments",
    "Present the final version to the Senior Officials Meeting",
    "Launch the publication at a side event",
    "Organise a webinar for the members",
    "Map existing initiatives of the members",
)
PROGRESS = (
    "The focal points met twice and agreed on the outline.",
    "A first draft was circulated to the members for comments.",
    "Contributions were received from {n} members.",
    "The consultation was postponed to the next quarter.",
    "The final report was presented at a side event.",
    "Work will start once the lead agency has been confirmed.",
)
NEXT_STEPS = (
    "Finalise the draft and circulate it to the Senior Officials.",
    "Hold the expert consultation.",
    "Present the results at the next Senior Officials Meeting.",
    "Agree on the communication plan.",
)
OTHER_VERBS = (
    Decision.Verb.REQUEST,
    Decision.Verb.WELCOME,
    Decision.Verb.TAKE_NOTE,
    Decision.Verb.ENCOURAGE,
    Decision.Verb.ENDORSE,
    Decision.Verb.INVITE,
)
VERB_TEXT = {
    Decision.Verb.ESTABLISH: "Decide to establish the {name} for a period of two years.",
    Decision.Verb.EXTEND: "Agree to extend the mandate of the {name} for two more years, to:",
    Decision.Verb.CONCLUDE: "Agree to conclude the work of the {name} and thank its members.",
    Decision.Verb.REQUEST: "Request the {name} to report on progress at the next meeting.",
    Decision.Verb.WELCOME: "Welcome the progress report of the {name}.",
    Decision.Verb.TAKE_NOTE: "Take note of the work of the {name} on {topic}.",
    Decision.Verb.ENCOURAGE: "Encourage members to nominate focal points to the {name}.",
    Decision.Verb.ENDORSE: "Endorse the workplan of the {name}.",
    Decision.Verb.INVITE: "Invite the {name} to cooperate with observers on {topic}.",
}


def scaled(count: int, factor: float) -> int:
    return max(1, round(count * factor))


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class Generated:
    """What one run wrote, by kind; the benchmark picks the pages it measures from it."""

    first_number: int
    meetings: list = field(default_factory=list)
    mandates: list = field(default_factory=list)
    work_plans: list = field(default_factory=list)
    rounds: list = field(default_factory=list)
    users: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


class _Run:
    def __init__(self, *, factor: float, seed: int):
        self.rng = random.Random(seed)
        self.factor = factor
        first = (Meeting.objects.aggregate(top=Max("number"))["top"] or 0) + 1
        self.out = Generated(first_number=max(first, LOWEST_FIRST_NUMBER))
        self.entities = list(Entity.objects.filter(kind=Entity.Kind.UN_ENTITY).order_by("acronym"))
        self.meeting_type = ContentType.objects.get_for_model(Meeting)

    def bulk(self, model, rows: list) -> list:
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        self.out.counts[model._meta.label] = self.out.counts.get(model._meta.label, 0) + len(rows)
        return created

    # People ----------------------------------------------------------------------------------

    def users(self):
        total = scaled(BASE["users"], self.factor)
        secretariat = max(1, total // 10)
        senior = max(1, total * 15 // 100)
        rows = []
        for index in range(total):
            if index < secretariat:
                role = User.Role.SECRETARIAT
            elif index < secretariat + senior:
                role = User.Role.SENIOR_OFFICIAL
            else:
                role = User.Role.FOCAL_POINT
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            entity = (
                next(e for e in self.entities if e.acronym == "UNEP")
                if role == User.Role.SECRETARIAT and any(e.acronym == "UNEP" for e in self.entities)
                else self.rng.choice(self.entities)
            )
            rows.append(
                User(
                    username=f"{first}.{last}.{self.out.first_number}-{index}".lower(),
                    first_name=first,
                    last_name=last,
                    email=f"{first}.{last}.{self.out.first_number}-{index}@example.org".lower(),
                    role=role,
                    entity=entity,
                    # Unusable: nobody signs in as generated people (the benchmark logs in
                    # without a password).
                    password="!scale-data",
                    date_joined=datetime.datetime(FIRST_YEAR, 1, 1, tzinfo=datetime.UTC),
                )
            )
        self.out.users = self.bulk(User, rows)
        # Their addresses as an accepted invitation records them (emg.people): what confirms
        # who one is by an e-mailed code, as the Security pages ask before a change.
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in self.out.users
            ],
            batch_size=BATCH,
        )
        self.focal_users = [u for u in self.out.users if u.role == User.Role.FOCAL_POINT]

    # Meetings ------------------------------------------------------------------------------

    def meeting_year(self, index: int) -> int:
        return FIRST_YEAR + index // 2

    def meetings(self):
        total = scaled(BASE["meetings"], self.factor)
        rows = [
            Meeting(
                number=self.out.first_number + index,
                host=self.rng.choice(self.entities),
            )
            for index in range(total)
        ]
        self.out.meetings = self.bulk(Meeting, rows)
        sessions, items = [], []
        self.senior_dates = []
        for index, meeting in enumerate(self.out.meetings):
            year = self.meeting_year(index)
            month = 4 if index % 2 == 0 else 10
            senior = datetime.date(year, month, 10 + self.rng.randrange(15))
            self.senior_dates.append(senior)
            online = self.rng.random() < 0.3
            venue = self.rng.choice(
                ("Palais des Nations, Geneva", "UN Gigiri, Nairobi", "New York")
            )
            for segment, day in (
                (Session.Segment.TECHNICAL, senior - datetime.timedelta(days=1)),
                (Session.Segment.SENIOR, senior),
            ):
                sessions.append(
                    Session(
                        meeting=meeting,
                        segment=segment,
                        date=day,
                        start_time=datetime.time(14, 0),
                        end_time=datetime.time(17, 0),
                        time_zone="Geneva time",
                        venue="" if online else venue,
                        online=online,
                        online_platform="Microsoft Teams" if online else "",
                    )
                )
            for order, title in enumerate(
                (
                    "Opening of the meeting",
                    "Adoption of the agenda",
                    "Progress of the Group's working bodies",
                    "Work plan of the Group",
                    "Any other business",
                ),
                start=1,
            ):
                items.append(AgendaItem(meeting=meeting, order=order, title=title))
        self.sessions = self.bulk(Session, sessions)
        self.agenda_items = self.bulk(AgendaItem, items)

    def session_of(self, index: int) -> Session:
        return self.sessions[index * 2 + 1]

    def agenda_item_of(self, index: int, position: int) -> AgendaItem:
        return self.agenda_items[index * 5 + position - 1]

    # Mandates ------------------------------------------------------------------------------

    def mandates(self):
        total = scaled(BASE["mandates"], self.factor)
        meetings = len(self.out.meetings)
        rows, self.timeline = [], []
        for index in range(total):
            kind, long, short = KIND_NAMES[index % len(KIND_NAMES)]
            topic = TOPICS[(index // len(KIND_NAMES) + index) % len(TOPICS)]
            phase = index // (len(TOPICS) * len(KIND_NAMES))
            name = long.format(topic=topic) + (f" (phase {phase + 1})" if phase else "")
            established = self.rng.randrange(meetings)
            extensions = self.rng.choice((0, 0, 1, 1, 2))
            ends_at = established + 2 * (extensions + 1)
            concluded = ends_at < meetings
            start = self.senior_dates[established]
            end = datetime.date(start.year + 2 * (extensions + 1), 12, 31)
            self.timeline.append((established, extensions, concluded, topic))
            rows.append(
                Mandate(
                    kind=kind,
                    name=name,
                    short_name=short.format(topic=topic)[:60],
                    key=f"scale-{self.out.first_number}:{index:04d}",
                    description=f"Coordinates the UN system's work on {topic.lower()}.",
                    status=Mandate.Status.CONCLUDED if concluded else Mandate.Status.ACTIVE,
                    start_date=start,
                    end_date=end,
                )
            )
        self.out.mandates = self.bulk(Mandate, rows)

        memberships, focal_points = [], []
        for mandate in self.out.mandates:
            members = self.rng.sample(self.entities, min(len(self.entities), 6))
            for position, entity in enumerate(members):
                role = Membership.Role.LEAD if position == 0 else Membership.Role.MEMBER
                if position == 1:
                    role = Membership.Role.CO_LEAD
                memberships.append(Membership(mandate=mandate, entity=entity, role=role))
            if self.focal_users:
                for user in self.rng.sample(self.focal_users, min(len(self.focal_users), 2)):
                    focal_points.append(
                        FocalPoint(
                            mandate=mandate,
                            user=user,
                            nominated_by=user.entity,
                            since=mandate.start_date,
                        )
                    )
        self.bulk(Membership, memberships)
        self.bulk(FocalPoint, focal_points)
        self.focal_points_of: dict[int, list] = {}
        for row in focal_points:
            self.focal_points_of.setdefault(row.mandate_id, []).append(row.user)

    def terms_of_reference(self):
        tors = []
        for mandate, (established, *_rest) in zip(self.out.mandates, self.timeline, strict=True):
            reports_to = min(established + 2, len(self.out.meetings) - 1)
            tors.append(
                TermsOfReference(
                    mandate=mandate,
                    title=f"Terms of Reference of the {mandate.name}",
                    established_at=self.out.meetings[established],
                    reports_to=self.out.meetings[reports_to],
                    duration_months=24,
                )
            )
        self.tors = self.bulk(TermsOfReference, tors)
        sections, plan = [], []
        for tor, mandate, (_established, _e, _c, topic) in zip(
            self.tors, self.out.mandates, self.timeline, strict=True
        ):
            for order, title in enumerate(self.rng.sample(SECTIONS, 4), start=1):
                sections.append(Clause(tor=tor, order=order, kind=Clause.Kind.SECTION, text=title))
            plan.append((tor, mandate, topic, tor.reports_to))
        sections = self.bulk(Clause, sections)
        words = {}
        for tor, mandate, topic, reports_to in plan:
            words[tor.pk] = {
                "name": mandate.name,
                "topic": topic.lower(),
                "months": 24,
                "som": reports_to.ordinal_title if reports_to else "next",
            }

        def under(parents, kind, texts, orders, *, chance=1.0, end=""):
            """Clauses of ``kind`` under each of ``parents`` (under a share ``chance`` of them),
            ``orders()`` of them, their texts from ``texts`` for each parent's body."""
            clauses = []
            for parent in parents:
                if chance < 1 and self.rng.random() >= chance:
                    continue
                for order in orders():
                    text = self.rng.choice(texts).format(**words[parent.tor_id]) + end
                    clauses.append(
                        Clause(
                            tor_id=parent.tor_id, parent=parent, order=order, kind=kind, text=text
                        )
                    )
            return self.bulk(Clause, clauses)

        paragraphs = under(
            sections,
            Clause.Kind.PARAGRAPH,
            PARAGRAPHS,
            lambda: range(1, self.rng.randrange(2, 4) + 1),
        )
        items = under(
            paragraphs,
            Clause.Kind.ITEM,
            ITEMS,
            lambda: range(1, self.rng.randrange(2, 5)),
            chance=0.35,
            end=";",
        )
        under(items, Clause.Kind.ITEM, ITEMS, lambda: (1, 2), chance=0.2, end=";")
        footnotes = []
        first_paragraph = {}
        for paragraph in paragraphs:
            first_paragraph.setdefault(paragraph.tor_id, paragraph)
        for tor in self.tors:
            for order in (1, 2):
                footnotes.append(
                    Footnote(
                        tor=tor,
                        clause=first_paragraph.get(tor.pk) if order == 1 else None,
                        order=order,
                        anchor="focal points" if order == 1 else "",
                        text=f"See document EMG/SOM.{tor.established_at.number}/0{order + 1}.",
                    )
                )
        self.bulk(Footnote, footnotes)

    def decisions(self):
        meetings = len(self.out.meetings)
        # What happens to each mandate at each meeting, from its timeline.
        changes: dict[int, list] = {index: [] for index in range(meetings)}
        active_at: dict[int, list] = {index: [] for index in range(meetings)}
        for mandate, (established, extensions, concluded, _topic) in zip(
            self.out.mandates, self.timeline, strict=True
        ):
            changes[established].append((mandate, Decision.Verb.ESTABLISH, 0))
            for step in range(1, extensions + 1):
                if established + 2 * step < meetings:
                    changes[established + 2 * step].append((mandate, Decision.Verb.EXTEND, step))
            if concluded:
                changes[established + 2 * (extensions + 1)].append(
                    (mandate, Decision.Verb.CONCLUDE, 0)
                )
            last = established + 2 * (extensions + 1) if concluded else meetings - 1
            for index in range(established, min(last, meetings - 1) + 1):
                active_at[index].append(mandate)
        topics = {
            m.pk: t for m, (_a, _b, _c, t) in zip(self.out.mandates, self.timeline, strict=True)
        }

        sections, planned = [], []
        for index, meeting in enumerate(self.out.meetings):
            wanted = []
            for mandate, verb, step in changes[index]:
                wanted.append((mandate, verb, step))
            others = active_at[index] or self.out.mandates
            while len(wanted) < DECISIONS_PER_MEETING:
                wanted.append((self.rng.choice(others), self.rng.choice(OTHER_VERBS), 0))
            by_mandate: dict[int, list] = {}
            for entry in wanted:
                by_mandate.setdefault(entry[0].pk, []).append(entry)
            for order, entries in enumerate(by_mandate.values(), start=1):
                mandate = entries[0][0]
                sections.append(
                    DecisionSection(
                        meeting=meeting,
                        order=order,
                        title=mandate.name,
                        mandate=mandate,
                        label_style=self.rng.choice(DecisionSection.LabelStyle.values),
                    )
                )
                planned.append((index, entries))
        sections = self.bulk(DecisionSection, sections)

        decisions, children_of = [], []
        for section, (index, entries) in zip(sections, planned, strict=True):
            for order, (mandate, verb, _step) in enumerate(entries, start=1):
                until = None
                if verb in (Decision.Verb.ESTABLISH, Decision.Verb.EXTEND):
                    until = datetime.date(self.senior_dates[index].year + 2, 12, 31)
                text = VERB_TEXT[verb].format(name=mandate.name, topic=topics[mandate.pk].lower())
                if verb == Decision.Verb.EXTEND:
                    children_of.append(len(decisions))
                decisions.append(
                    Decision(
                        section=section,
                        order=order,
                        verb=verb,
                        text=text,
                        mandate=mandate,
                        effective_until=until,
                    )
                )
        decisions = self.bulk(Decision, decisions)
        children = []
        for position in children_of:
            lead_in = decisions[position]
            for order, text in enumerate(self.rng.sample(ITEMS, 2), start=1):
                children.append(
                    Decision(
                        section_id=lead_in.section_id,
                        parent=lead_in,
                        order=order,
                        verb=Decision.Verb.OTHER,
                        text=text.format(topic=topics[lead_in.mandate_id].lower()).capitalize()
                        + ";",
                        mandate_id=lead_in.mandate_id,
                    )
                )
        self.bulk(Decision, children)
        # A mandate's status comes from its last establishing, extending or concluding decision.
        last_change = {}
        for decision in decisions:
            if decision.verb in Decision.STATUS_AFTER:
                last_change[decision.mandate_id] = decision
        for mandate in self.out.mandates:
            mandate.status_decision = last_change.get(mandate.pk)
        # No history, as for every generated row (see the module's docstring).
        Mandate.objects.bulk_update(self.out.mandates, ["status_decision"], batch_size=BATCH)
        self.active_at = active_at

    # Work plans ---------------------------------------------------------------------------

    def work_plans(self):
        total = scaled(BASE["work_plans"], self.factor)
        meetings = len(self.out.meetings)
        taken = set(
            WorkPlan.objects.exclude(status=WorkPlan.Status.SUPERSEDED).values_list(
                "period_start", "period_end"
            )
        )
        plans = []
        for index in range(total):
            # Plans come in pairs over one biennium: the original, superseded by Rev.1. A
            # current plan goes to the next biennium without one (one current plan a period).
            start_year = FIRST_YEAR + 2 * (index // 2)
            first_of_pair = index % 2 == 0 and index + 1 < total
            while not first_of_pair and (start_year, start_year + 1) in taken:
                start_year += 2
            if first_of_pair:
                status = WorkPlan.Status.SUPERSEDED
            elif index == total - 1:
                status = WorkPlan.Status.DRAFT
            else:
                status = WorkPlan.Status.APPROVED
            if status != WorkPlan.Status.SUPERSEDED:
                taken.add((start_year, start_year + 1))
            meeting_index = max(0, min(meetings - 1, 2 * (start_year - FIRST_YEAR) - 1))
            plans.append(
                WorkPlan(
                    title=f"EMG work plan {start_year}\u2013{start_year + 1}",
                    period_start=start_year,
                    period_end=start_year + 1,
                    status=status,
                    revision=0 if first_of_pair else 1,
                    meeting=self.out.meetings[meeting_index],
                    introduction=(
                        "The present note sets out the work plan of the Group for the biennium, "
                        "as requested by the Senior Officials."
                    ),
                    outcome_numbering=self.rng.choice(WorkPlan.OutcomeNumbering.values),
                    activity_numbering=self.rng.choice(WorkPlan.ActivityNumbering.values),
                    milestone_style=self.rng.choice(WorkPlan.MilestoneStyle.values),
                )
            )
        self.out.work_plans = self.bulk(WorkPlan, plans)
        self.bulk(
            PlanFootnote,
            [
                PlanFootnote(work_plan=plan, order=order, anchor="", text=text)
                for plan in self.out.work_plans
                for order, text in enumerate(
                    ("See EMG/SOM.19/03.", "Subject to available resources."), start=1
                )
            ],
        )
        outcomes = []
        for plan in self.out.work_plans:
            for order, heading in enumerate(
                (
                    "Enhanced coherence in programming",
                    "Strengthened environmental sustainability of the UN system",
                    "Improved cooperation on emerging issues",
                ),
                start=1,
            ):
                outcomes.append(
                    Outcome(
                        work_plan=plan,
                        order=order,
                        heading=heading,
                        statement=f"{heading} across the members of the Group.",
                    )
                )
        outcomes = self.bulk(Outcome, outcomes)
        activities, per_outcome = [], {}
        for position, plan in enumerate(self.out.work_plans):
            plan_outcomes = outcomes[position * 3 : position * 3 + 3]
            meeting_index = min(meetings - 1, 2 * (plan.period_start - FIRST_YEAR))
            running = self.active_at.get(meeting_index) or self.out.mandates
            count = self.rng.randrange(30, 61)
            if plan.status == WorkPlan.Status.DRAFT:
                count = 60  # the plan being drafted now is the largest: the editor's worst case
            for number in range(count):
                outcome = plan_outcomes[number * 3 // count]
                mandate = self.rng.choice(running)
                topic = mandate.name.split(" on ", 1)[-1]
                start_month = self.rng.randrange(1, 13)
                end_year = plan.period_start + self.rng.randrange(2)
                end_month = self.rng.randrange(1, 13)
                if end_year == plan.period_start and end_month < start_month:
                    end_month = start_month
                precision = self.rng.choice((Precision.MONTH, Precision.MONTH, Precision.QUARTER))
                start, end = self.period(
                    plan.period_start, start_month, end_year, end_month, precision
                )
                per_outcome[outcome.pk] = per_outcome.get(outcome.pk, 0) + 1
                activities.append(
                    Activity(
                        outcome=outcome,
                        order=per_outcome[outcome.pk],
                        mandate=mandate,
                        title=self.rng.choice(ACTIVITY_TITLES).format(topic=topic),
                        description=f"Led by the {mandate.name}.",
                        schedule_start=start,
                        schedule_start_precision=precision,
                        schedule_end=end,
                        schedule_end_precision=precision,
                    )
                )
        activities = self.bulk(Activity, activities)
        self.activities_of: dict[int, list] = {}
        for activity in activities:
            self.activities_of.setdefault(activity.outcome.work_plan_id, []).append(activity)
        milestones = []
        for activity in activities:
            for order in range(1, self.rng.randrange(2, 5) + 1):
                milestone = Milestone(
                    activity=activity,
                    order=order,
                    text=self.rng.choice(MILESTONES),
                )
                if self.rng.random() < 0.5:
                    milestone.schedule_start = activity.schedule_start
                    milestone.schedule_start_precision = activity.schedule_start_precision
                    milestone.schedule_end = activity.schedule_end
                    milestone.schedule_end_precision = activity.schedule_end_precision
                    milestone.due_date = activity.schedule_end
                milestones.append(milestone)
        milestones = self.bulk(Milestone, milestones)
        nested = []
        for milestone in milestones:
            if self.rng.random() < 0.25:
                for order in range(1, self.rng.randrange(2, 4) + 1):
                    nested.append(
                        Milestone(
                            activity_id=milestone.activity_id,
                            parent=milestone,
                            order=order,
                            text=self.rng.choice(MILESTONES),
                        )
                    )
        milestones += self.bulk(Milestone, nested)
        self.milestones_of: dict[int, list] = {}
        for milestone in milestones:
            self.milestones_of.setdefault(milestone.activity_id, []).append(milestone)
        # Each plan as issued: the original, and Rev.1 where there is one (the same text here).
        revisions = []
        for plan in self.out.work_plans:
            snapshot = plan_snapshot(plan)
            for number in range(plan.revision + 1):
                revisions.append(
                    WorkPlanRevision(
                        work_plan=plan,
                        number=number,
                        snapshot=snapshot,
                        issued_by=self.out.users[0],
                    )
                )
        self.bulk(WorkPlanRevision, revisions)

    @staticmethod
    def period(start_year, start_month, end_year, end_month, precision):
        if precision == Precision.QUARTER:
            start_month = (start_month - 1) // 3 * 3 + 1
            end_month = (end_month - 1) // 3 * 3 + 3
        return datetime.date(start_year, start_month, 1), month_end(end_year, end_month)

    # Progress -----------------------------------------------------------------------------

    def plan_for(self, year: int):
        current = [
            p
            for p in self.out.work_plans
            if p.period_start <= year <= p.period_end and p.revision == 1
        ] or [p for p in self.out.work_plans if p.period_start <= year <= p.period_end]
        return (current or self.out.work_plans)[-1]

    def rounds(self):
        total = min(scaled(BASE["rounds"], self.factor), len(self.out.meetings))
        start = len(self.out.meetings) - total
        rounds = []
        for position in range(total):
            index = start + position
            meeting = self.out.meetings[index]
            senior = self.senior_dates[index]
            if position == total - 1 and total > 1:
                state = ReportingRound.State.DRAFT
            elif position == total - 2 or total == 1:
                state = ReportingRound.State.OPEN
            else:
                state = ReportingRound.State.CLOSED
            rounds.append(
                ReportingRound(
                    meeting=meeting,
                    session=self.session_of(index),
                    title=f"Progress Report, {meeting.ordinal_title}",
                    opens_on=senior - datetime.timedelta(days=60),
                    deadline=senior - datetime.timedelta(days=30),
                    state=state,
                )
            )
        self.out.rounds = self.bulk(ReportingRound, rounds)
        sections = self.bulk(
            ReportSection,
            [
                ReportSection(round=report_round, order=order, title=title)
                for report_round in self.out.rounds
                for order, title in enumerate(
                    (
                        "Collaboration on Global Environmental Issues",
                        "Environmental Sustainability Management in the UN system",
                        "Other matters",
                    ),
                    start=1,
                )
            ],
        )
        tasks = []
        for position, report_round in enumerate(self.out.rounds):
            plan = self.plan_for(self.senior_dates[start + position].year)
            activities = self.activities_of.get(plan.pk, [])
            chosen = self.rng.sample(activities, min(30, len(activities)))
            for order, activity in enumerate(chosen, start=1):
                milestones = self.milestones_of.get(activity.pk, [])
                milestone = self.rng.choice(milestones) if milestones else None
                tasks.append(
                    Task(
                        round=report_round,
                        section=sections[position * 3 + self.rng.randrange(3)],
                        mandate=activity.mandate,
                        order=order,
                        text=milestone.text if milestone else activity.title,
                        source_activity=activity,
                        source_milestone=milestone,
                    )
                )
        tasks = self.bulk(Task, tasks)
        secretariat = [u for u in self.out.users if u.role == User.Role.SECRETARIAT]
        updates = []
        for task in tasks:
            report_round = task.round
            if report_round.state == ReportingRound.State.DRAFT:
                continue
            if report_round.state == ReportingRound.State.CLOSED:
                state = self.rng.choices(
                    (Update.State.ACCEPTED, Update.State.SUBMITTED), weights=(9, 1)
                )[0]
            else:
                state = self.rng.choice(Update.State.values)
            authors = self.focal_points_of.get(task.mandate_id) or self.out.users
            author = self.rng.choice(authors)
            reviewer = self.rng.choice(secretariat)
            moment = datetime.datetime.combine(
                report_round.deadline, datetime.time(12, 0), tzinfo=datetime.UTC
            )
            update = Update(
                task=task,
                state=state,
                next_steps=self.rng.choice(NEXT_STEPS),
                author=author,
            )
            if state != Update.State.DRAFT:
                update.submitted_by, update.submitted_at = author, moment
            if state == Update.State.RETURNED:
                update.returned_by = reviewer
                update.returned_at = moment + datetime.timedelta(days=2)
                update.reviewer_comment = "Please say which members contributed."
            if state == Update.State.ACCEPTED:
                update.accepted_by = reviewer
                update.accepted_at = moment + datetime.timedelta(days=3)
            updates.append(update)
        updates = self.bulk(Update, updates)
        items = []
        for update in updates:
            for order in range(1, self.rng.randrange(1, 4) + 1):
                items.append(
                    UpdateItem(
                        update=update,
                        order=order,
                        status=self.rng.choice(Status.values),
                        text=self.rng.choice(PROGRESS).format(n=self.rng.randrange(2, 12)),
                    )
                )
        self.bulk(UpdateItem, items)
        self.tasks = tasks

    # Documents -----------------------------------------------------------------------------

    def document(
        self, index, serial, title, kind, position, source_type=None, source_id=None, **extra
    ):
        meeting = self.out.meetings[index]
        return Document(
            symbol=f"EMG/SOM.{meeting.number}/{serial:02d}",
            title=title,
            kind=kind,
            date=self.senior_dates[index] - datetime.timedelta(days=21),
            distribution="EMG members",
            meeting=meeting,
            agenda_item=self.agenda_item_of(index, position),
            status=Document.Status.FINAL,
            source_type=source_type,
            source_id=source_id,
            **extra,
        )

    def documents(self):
        tor_type = ContentType.objects.get_for_model(TermsOfReference)
        plan_type = ContentType.objects.get_for_model(WorkPlan)
        round_type = ContentType.objects.get_for_model(ReportingRound)
        plans_at = {plan.meeting_id: plan for plan in self.out.work_plans}
        rounds_at = {r.meeting_id: r for r in self.out.rounds}
        tors_at: dict[int, list] = {}
        for tor in self.tors:
            tors_at.setdefault(tor.established_at_id, []).append(tor)
        documents = []
        for index, meeting in enumerate(self.out.meetings):
            serial = 1
            documents.append(
                self.document(
                    index,
                    serial,
                    "Provisional agenda",
                    Document.Kind.AGENDA,
                    2,
                    self.meeting_type,
                    meeting.pk,
                    author_line="Note by the Secretariat",
                )
            )
            serial += 1
            documents.append(
                self.document(
                    index,
                    serial,
                    "Summary of action points",
                    Document.Kind.ACTION_POINTS,
                    3,
                    self.meeting_type,
                    meeting.pk,
                )
            )
            if meeting.pk in rounds_at:
                serial += 1
                documents.append(
                    self.document(
                        index,
                        serial,
                        "Progress report of the Group's working bodies",
                        Document.Kind.PROGRESS_REPORT,
                        3,
                        round_type,
                        rounds_at[meeting.pk].pk,
                        author_line="Note by the Secretariat",
                    )
                )
            if meeting.pk in plans_at:
                serial += 1
                plan = plans_at[meeting.pk]
                documents.append(
                    self.document(
                        index,
                        serial,
                        plan.title,
                        Document.Kind.WORK_PLAN,
                        4,
                        plan_type,
                        plan.pk,
                        author_line="Note by the Chair",
                    )
                )
            for tor in tors_at.get(meeting.pk, []):
                serial += 1
                documents.append(
                    self.document(
                        index,
                        serial,
                        tor.title,
                        Document.Kind.TERMS_OF_REFERENCE,
                        3,
                        tor_type,
                        tor.pk,
                        author_line="Note by the Secretariat",
                    )
                )
            for title in ("Information note", "List of participants"):
                serial += 1
                documents.append(self.document(index, serial, title, Document.Kind.OTHER, 5))
        self.bulk(Document, documents)


@transaction.atomic
def scale_data_generate(*, factor: float = 1.0, seed: int = 0) -> Generated:
    """Write N times a decade of the Group's work (see the module's docstring)."""
    if factor <= 0:
        raise ValueError("factor must be positive")
    entities_load()
    run = _Run(factor=factor, seed=seed)
    run.users()
    run.meetings()
    run.mandates()
    run.terms_of_reference()
    run.decisions()
    run.work_plans()
    run.rounds()
    run.documents()
    return run.out


# Models whose rows the generator writes, in the order the digest reads them.
DIGEST_MODELS = (
    Entity,
    User,
    Meeting,
    Session,
    AgendaItem,
    Mandate,
    Membership,
    FocalPoint,
    TermsOfReference,
    Clause,
    Footnote,
    DecisionSection,
    Decision,
    WorkPlan,
    PlanFootnote,
    Outcome,
    Activity,
    Milestone,
    WorkPlanRevision,
    ReportingRound,
    ReportSection,
    Task,
    Update,
    UpdateItem,
    Document,
)


def scale_data_digest() -> str:
    """A SHA-256 of the rows of DIGEST_MODELS that does not depend on primary keys: each row is
    read in primary-key order and its references are replaced by the referenced row's position
    in its table. Left out: timestamps the database stamps (auto_now) and JSON snapshots (which
    hold primary keys)."""
    ranks: dict[type, dict] = {}
    for model in DIGEST_MODELS:
        pks = model.objects.order_by("pk").values_list("pk", flat=True)
        ranks[model] = {pk: position for position, pk in enumerate(pks)}
    digest = hashlib.sha256()
    for model in DIGEST_MODELS:
        fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not isinstance(f, models.JSONField)
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
        ]
        for row in model.objects.order_by("pk").values_list(*(f.attname for f in fields)):
            values = []
            for f, value in zip(fields, row, strict=True):
                target = f.related_model if f.is_relation else None
                if target is ContentType:
                    value = ContentType.objects.get_for_id(value).model if value else None
                elif target is not None and value is not None:
                    value = ranks.get(target, {}).get(value, value)
                values.append(value)
            if model is Document:
                # The generic source: a primary key of the model the content type names.
                by_name = dict(zip((f.attname for f in fields), row, strict=True))
                position = fields.index(Document._meta.get_field("source_id"))
                if by_name["source_type_id"]:
                    source = ContentType.objects.get_for_id(by_name["source_type_id"])
                    ranked = ranks.get(source.model_class(), {})
                    values[position] = ranked.get(by_name["source_id"], by_name["source_id"])
            digest.update(json.dumps([model._meta.label, values], default=str).encode())
    return digest.hexdigest()

"""Mandates on the home page: those ending soon for the secretariat, a focal point's own; and on
a meeting's page, its decisions (with their column in the meetings list). Found by emg.home."""

import datetime

from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emg import home, numbering
from emg.models import User
from emg.views.lists import count_rows
from mandates.models import Decision, DecisionSection, FocalPoint, Mandate, section_labels

# How far ahead the secretariat is warned that a mandate runs out: a SOM has to extend or
# conclude it, and SOM documents go out weeks before the meeting.
ENDING_WITHIN = datetime.timedelta(days=90)
# How many of them the panel names, soonest first; the list sorted by end date has the rest.
ENDING_SHOWN = 10


@home.panel(
    "mandates.ending",
    title=_("Mandates ending"),
    template="mandates/panels/ending.html",
    roles=[User.Role.SECRETARIAT],
    order=30,
)
def ending(request):
    today = timezone.localdate()
    mandates = Mandate.objects.filter(
        status=Mandate.Status.ACTIVE, end_date__lte=today + ENDING_WITHIN
    ).order_by("end_date", "name")
    return {
        "mandates": list(mandates.only("name", "kind", "end_date")[:ENDING_SHOWN]),
        "count": mandates.count(),
        "today": today,
    }


@home.panel(
    "mandates.mine",
    title=_("My mandates"),
    template="mandates/panels/mine.html",
    roles=[User.Role.FOCAL_POINT],
    order=10,
)
def mine(request):
    roles = (
        FocalPoint.objects.filter(user=request.user)
        .select_related("mandate", "nominated_by")
        .order_by("mandate__name")
    )
    return {"focal_points": list(roles)}


# A meeting's decisions: its action points, section by section.


def meeting_decisions_history(meeting) -> list:
    """Where the changes to a meeting's decision sections and decisions are kept, including
    those deleted since."""
    sections = DecisionSection.history.filter(meeting_id=meeting.pk)
    return [sections, Decision.history.filter(section_id__in=sections.values("id"))]


@home.panel(
    "mandates.decisions",
    title=_("Decisions"),
    template="mandates/panels/decisions.html",
    page=home.MEETING,
    order=10,
    wide=True,
    history=meeting_decisions_history,
)
def meeting_decisions(request, meeting):
    return action_points(meeting)


def _named_only(relation: str) -> list[str]:
    """The fields of the mandate reached through ``relation`` that the action points do not
    show (they show its name, as a link): left unloaded, so that the kept fragment's key
    (emg/fragments.py) does not hash every mandate's long texts with each decision."""
    return [
        f"{relation}__{field.name}"
        for field in Mandate._meta.concrete_fields
        if field.name not in ("id", "name")
    ]


def action_points(meeting) -> dict:
    """The meeting's decision sections in order ("I.", "II." …), each with its decisions in the
    order of the action points: lead-ins unlabelled with their items under them, the rest
    labelled in the section's style ("a)" or "i."). The meeting's page and its summary of
    action points (mandates/documents.py) both show this."""
    sections = (
        DecisionSection.objects.filter(meeting=meeting)
        .select_related("mandate")
        .defer(*_named_only("mandate"))
        .order_by("order")
    )
    # The meeting's decisions in one query, shared out by hand: a prefetch would build a
    # queryset per section.
    by_section: dict[int, list[Decision]] = {}
    for decision in (
        Decision.objects.filter(section__meeting=meeting)
        .select_related("mandate")
        .defer(*_named_only("mandate"))
        .order_by("parent_id", "order")
    ):
        by_section.setdefault(decision.section_id, []).append(decision)
    entries = []
    for position, section in enumerate(sections, start=1):
        decisions = by_section.get(section.pk, [])
        for decision in decisions:
            decision.section = section  # its label style, read by section_labels
        labels = section_labels(decisions)
        items: dict[int, list[dict]] = {}
        for decision in decisions:
            if decision.parent_id:
                items.setdefault(decision.parent_id, []).append(
                    {"decision": decision, "label": labels.get(decision.pk, ""), "items": []}
                )
        tops = [d for d in decisions if d.parent_id is None]
        entries.append(
            {
                "section": section,
                "number": numbering.label(DecisionSection.NUMBER_PATTERN, position),
                "decisions": [
                    {
                        "decision": decision,
                        "label": labels.get(decision.pk, ""),
                        "items": _with_ends(items.get(decision.pk, [])),
                    }
                    for decision in tops
                ],
                "count": len(decisions),
            }
        )
    for entry in entries:
        entry["decisions"] = _with_ends(entry["decisions"])
    _with_ends(entries)
    return {
        "meeting": meeting,
        "sections": entries,
        "count": sum(entry["count"] for entry in entries),
    }


def _with_ends(entries: list[dict]) -> list[dict]:
    """Mark the first and the last of siblings: they cannot move further up or down."""
    for position, entry in enumerate(entries):
        entry["first"], entry["last"] = position == 0, position == len(entries) - 1
    return entries


home.column(
    "decision_count",
    title=_("Decisions"),
    page=home.MEETINGS,
    annotation=lambda: count_rows(Decision.objects.filter(section__meeting=OuterRef("pk"))),
)

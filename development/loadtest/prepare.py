"""Ready a throw-away database that setup_demo has loaded for scripts/loadtest: an open reporting
round with one task per focal point user of the run (so that their drafts do not collide), SOM
26's pack built (in this process: the run has no Redis), and what the locustfile needs to know,
written as JSON to the path given.

Run by scripts/loadtest as ``python development/loadtest/prepare.py OUT.json`` with the run's
environment.
"""

import datetime
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from emg.models import Meeting, MeetingPack, User  # noqa: E402
from emg.packs.queue import pack_request  # noqa: E402
from mandates.models import FocalPoint  # noqa: E402
from progress.services import rounds  # noqa: E402
from workplans.models import Milestone, WorkPlan  # noqa: E402

TASKS = 60  # more than the focal point users of a run with 50 users


@transaction.atomic
def prepare() -> dict:
    focal_point = FocalPoint.objects.select_related("mandate").get(user__username="focalpoint")
    meeting = Meeting.objects.order_by("-number").first()
    report_round = rounds.round_create(
        meeting=meeting,
        title=f"Load test round, {meeting}",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    section = rounds.section_add(report_round=report_round, title="Load test")
    tasks = [
        rounds.task_add(
            report_round=report_round,
            mandate=focal_point.mandate,
            text=f"Task {number} of the load test",
            section=section,
        )
        for number in range(1, TASKS + 1)
    ]
    rounds.round_open(report_round=report_round)
    plan = WorkPlan.objects.filter(status=WorkPlan.Status.DRAFT).order_by("-period_start").first()
    milestones = Milestone.objects.filter(activity__outcome__work_plan=plan).order_by("pk")
    return {
        "password": os.environ.get("DEMO_PASSWORD") or "emg-demo-2026",
        "work_plan": plan.pk,
        "milestones": list(milestones.values_list("pk", flat=True)),
        "tasks": [task.pk for task in tasks],
        "meeting": Meeting.objects.get(number=26).number,  # the senior official's SOM 26
    }


def build_pack(number: int) -> None:
    """The pack the senior officials download (built here and now, tasks being run eagerly)."""
    secretariat = User.objects.get(username="secretariat")
    pack, _created = pack_request(meeting=Meeting.objects.get(number=number), user=secretariat)
    pack.refresh_from_db()
    if pack.status != MeetingPack.Status.READY:
        sys.exit(f"the SOM {number} pack was not built: {pack.status} {pack.error}")


if __name__ == "__main__":
    fixture = prepare()
    build_pack(fixture["meeting"])
    Path(sys.argv[1]).write_text(json.dumps(fixture, indent=2))

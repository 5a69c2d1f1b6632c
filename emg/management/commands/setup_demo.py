"""Load the demo: the Group's member entities, the sample documents, one login per role, and the
current cycle relative to today (emg.demo: an upcoming SOM, an open round, a plan under revision).

Safe to run again: entities are matched on their acronym, documents are handed to
``import_documents``, users are created only when missing, and the story's steps make only what
they have not made before.
"""

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from emg import demo as story
from emg.models import Entity, User

ENTITIES_CSV = Path(__file__).resolve().parents[2] / "data" / "entities.csv"
SAMPLE_DATA = settings.BASE_DIR / "sample_data"

# Shown in the README; set DEMO_PASSWORD to use another one.
DEFAULT_DEMO_PASSWORD = "emg-demo-2026"

# The demo focal point reports for this mandate when the sample documents created it.
FOCAL_POINT_MANDATE = "Environmental Sustainability Management"

# Who does what in the story of the current cycle (emg.demo), by the story's name for them.
STORY_USERS = {
    "secretariat": "secretariat",
    "focal_point": "focalpoint",
    "senior_official": "senior",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    entity: str
    first_name: str = ""
    last_name: str = ""
    superuser: bool = False

    @property
    def role_label(self) -> str:
        label = User.Role(self.role).label
        return f"superuser, {label}" if self.superuser else str(label)


DEMO_USERS = (
    DemoUser("secretariat", User.Role.SECRETARIAT, "UNEP", "Amina", "Diallo"),
    DemoUser("focalpoint", User.Role.FOCAL_POINT, "UNEP", "Lars", "Berg"),
    DemoUser("senior", User.Role.SENIOR_OFFICIAL, "UNDP", "Maria", "Santos"),
    DemoUser("admin", User.Role.SECRETARIAT, "UNEP", superuser=True),
)


def entities_load(*, path: Path = ENTITIES_CSV) -> tuple[int, int]:
    """Create or update the entities listed in ``path`` (acronym,name,kind), matched on acronym.

    Rows that already match are not saved again, so a re-run leaves no history entries behind.
    Returns how many entities were created and how many updated."""
    created = updated = 0
    with path.open(newline="", encoding="utf-8") as file, transaction.atomic():
        for row in csv.DictReader(file):
            if row["kind"] not in Entity.Kind.values:
                raise CommandError(f"{path}: unknown kind {row['kind']!r} for {row['acronym']}")
            wanted = {"name": row["name"], "kind": row["kind"]}
            entity, was_created = Entity.objects.get_or_create(
                acronym=row["acronym"], defaults=wanted
            )
            if was_created:
                created += 1
            elif any(getattr(entity, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(entity, field, value)
                entity.save()
                updated += 1
    return created, updated


def demo_users_ensure(*, password: str) -> list[tuple[DemoUser, bool, str]]:
    """Create the demo users that are missing and give every one of them ``password``.

    Returns, per demo user, whether it was created and what it does in the demo."""
    # The demo spans the whole project, so the mandates app is looked up rather than imported:
    # the emg app itself never depends on the apps to its right.
    Mandate = apps.get_model("mandates", "Mandate")
    FocalPoint = apps.get_model("mandates", "FocalPoint")
    results = []
    with transaction.atomic():
        for demo in DEMO_USERS:
            entity = Entity.objects.get(acronym=demo.entity)
            user, created = User.objects.get_or_create(
                username=demo.username,
                defaults={
                    "role": demo.role,
                    "entity": entity,
                    "first_name": demo.first_name,
                    "last_name": demo.last_name,
                    "email": f"{demo.username}@example.org",
                    "is_staff": demo.superuser,
                    "is_superuser": demo.superuser,
                },
            )
            if created or not user.check_password(password):
                user.set_password(password)
                user.save()
            note = ""
            if demo.role == User.Role.FOCAL_POINT:
                mandate = (
                    Mandate.objects.filter(name__icontains=FOCAL_POINT_MANDATE).first()
                    or Mandate.objects.first()
                )
                if mandate is None:
                    note = "no mandate yet to report for"
                else:
                    FocalPoint.objects.get_or_create(
                        mandate=mandate, user=user, defaults={"nominated_by": entity}
                    )
                    note = f"for {mandate.name}"
            results.append((demo, created, note))
    return results


class Command(BaseCommand):
    help = (
        "Load the demo: the Group's member entities, every file in sample_data/, and one login "
        f"per role (password: $DEMO_PASSWORD, or {DEFAULT_DEMO_PASSWORD!r}). Safe to run again."
    )

    def handle(self, *args, **options):
        created, updated = entities_load()
        self.stdout.write(f"Entities: {created} created, {updated} updated.")

        paths = sorted(str(path) for path in SAMPLE_DATA.iterdir() if path.is_file())
        if paths:
            call_command("import_documents", *paths, stdout=self.stdout, stderr=self.stderr)

        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        results = demo_users_ensure(password=password)
        width = max(len(demo.username) for demo, _, _ in results)
        lines = ["", "Demo logins (username  /  password  /  role):"]
        for demo, _, note in results:
            role = f"{demo.role_label} ({demo.entity})" + (f", {note}" if note else "")
            lines.append(f"  {demo.username:<{width}}  /  {password}  /  {role}")
        new = [demo.username for demo, was_created, _ in results if was_created]
        lines.append(f"Created: {', '.join(new)}." if new else "All demo users already existed.")

        users = {
            user.username: user for user in User.objects.filter(username__in=STORY_USERS.values())
        }
        told = story.tell(**{role: users[username] for role, username in STORY_USERS.items()})
        lines += ["", "The current cycle:"]
        lines += [f"  {line}" for line in told] or ["  already there, nothing to add."]
        self.stdout.write("\n".join(lines) + "\n")
        # The importer writes some rows in bulk, which no save announces to the search.
        call_command("search_index", stdout=self.stdout, stderr=self.stderr)

"""The world's task's update taken a step on by the services, for tests that start later in its
life."""

from progress.models import Update
from progress.services.updates import ItemData, update_accept, update_submit


def submitted(world, *items: ItemData, next_steps: str = "") -> Update:
    """The update saved with ``items`` and submitted by the task's focal point."""
    return update_submit(
        task=world.task,
        user=world.people["focal_point"],
        items=list(items),
        next_steps=next_steps,
        version=world.update.version,
    )


def accepted(world, *items: ItemData, next_steps: str = "") -> Update:
    """The update submitted with ``items``, then accepted by the secretariat."""
    update = submitted(world, *items, next_steps=next_steps)
    return update_accept(update=update, version=update.version, user=world.people["secretariat"])

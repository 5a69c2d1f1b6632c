"""How progress is written in pages and the compiled report."""

from django import template

from progress.models import Status

register = template.Library()


@register.filter
def status_lead(status: str) -> str:
    """ "Completed:", "Ongoing:", "Ongoing/postponed:" or "Not yet started." (Status.lead)."""
    return Status(status).lead if status else ""

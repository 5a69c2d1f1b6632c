"""How progress is written in pages and the compiled report."""

from django import template

from progress.compile import status_lead as lead

register = template.Library()


@register.filter
def status_lead(status: str) -> str:
    """ "Completed:", "Ongoing:", "Ongoing/postponed:" or "Not yet started." (see
    progress.compile.status_lead)."""
    return lead(status) if status else ""

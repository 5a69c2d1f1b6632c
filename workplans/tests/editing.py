"""What the editor's tests share: asking as htmx does, reading the table and the messages that
come back, and a form's data for an activity."""

import html
import re

from workplans.models import Activity

HTMX = {"HX-Request": "true"}


def activity_of(plan, title) -> Activity:
    return Activity.objects.select_related("outcome").get(outcome__work_plan=plan, title=title)


def words(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


ITEM = re.compile(
    r'<span class="emg-wp-label">([^<]+)</span>\s*'
    r'<span class="emg-wp-(?:outcome-heading|activity-title|milestone-text)">([^<]+)<'
)


def outline(response) -> list[str]:
    """Every numbered item of the table in reading order, as "label text"."""
    return [f"{label} {text}" for label, text in ITEM.findall(response.content.decode())]


def field_block(response, auto_id: str) -> str:
    """The html of one field as crispy renders it, its errors included."""
    page = response.content.decode()
    start = page.index(f'id="div_{auto_id}"')
    following = page.find('id="div_', start + 1)
    return page[start : following if following > 0 else len(page)]


def activity_data(activity, **changes) -> dict:
    schedule = activity.schedule
    data = {
        "version": activity.version,
        "outcome": activity.outcome_id,
        "title": activity.title,
        "description": activity.description,
        "mandate": activity.mandate_id or "",
        "start_period": f"{schedule.start.precision}-{schedule.start.index}" if schedule else "",
        "start_year": schedule.start.year if schedule else "",
        "end_period": f"{schedule.end.precision}-{schedule.end.index}" if schedule else "",
        "end_year": schedule.end.year if schedule else "",
    }
    data.update(changes)
    return data


def assert_table_swapped(response, status=200):
    assert response.status_code == status
    assert response["HX-Retarget"] == "#plan-table"
    assert response["HX-Reswap"] == "outerHTML"
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="plan-table"')
    assert '<div id="editor-messages" hx-swap-oob="innerHTML">' in page

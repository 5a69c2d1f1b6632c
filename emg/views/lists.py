"""What every list page does with its rows: filter (django-filter), sort by a column header, and
show them 25 at a time, keeping the whole state in the query string."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

# The work plans' selectors still import the count from here; it is a query helper, kept in
# emg.selectors.

PER_PAGE = 25


@dataclass(frozen=True)
class SortHeader:
    """A sortable column header: the ``ordering`` value its link sets, and how the list is
    sorted by it now (for aria-sort)."""

    label: str
    ordering: str  # the value of the "ordering" parameter that sorts by this column
    current: str  # "ascending", "descending" or "" (not sorted by it)

    @property
    def next_ordering(self) -> str:
        return f"-{self.ordering}" if self.current == "ascending" else self.ordering


def sort_headers(
    request: HttpRequest, columns, *, param: str = "ordering", default: str = ""
) -> dict[str, SortHeader]:
    """``columns``: (ordering value, label) pairs. The headers by ordering value. ``default``:
    the ordering of a list that is not sorted by a column, so that its header says so."""
    chosen = [value for value in (request.GET.get(param) or default).split(",") if value]
    first = chosen[0] if chosen else ""
    headers = {}
    for value, label in columns:
        if first == value:
            current = "ascending"
        elif first == f"-{value}":
            current = "descending"
        else:
            current = ""
        headers[value] = SortHeader(label=str(label), ordering=value, current=current)
    return headers


def paginate(request: HttpRequest, queryset, *, per_page: int = PER_PAGE) -> Page:
    """The page of ``queryset`` the "page" parameter asks for (the last one if beyond it),
    evaluated, so that the template costs no further query."""
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


def page_context(page: Page) -> dict:
    """The page and the numbers of its links, as templates/emg/includes/pagination.html reads
    them."""
    return {"page": page, "page_range": list(page.paginator.get_elided_page_range(page.number))}


def list_context(request: HttpRequest, filterset, page: Page) -> dict:
    """What every list page shows besides its rows: the filters, with whether any is set (to
    offer clearing them), and the page with its links (templates/emg/includes/)."""
    return {
        "filter": filterset,
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "ordering")),
        **page_context(page),
    }

"""The boxes ("panels") that pages gather from every app, and the registry that collects them.

emg may not import the apps to its right, yet the secretariat's home page shows mandates, work
plans and progress, and a meeting's page shows the decisions the mandates app keeps. So every app
keeps its own panels in its ``panels.py`` and registers them with ``@home.panel(...)``, naming the
page they belong on (``HOME``, the default, or ``MEETING``); a page only asks this registry which
panels a user gets there. The ``panels`` modules are found the way the admin finds ``admin``
modules (as the importer finds ``importers``).

A panel's function takes the request, and the page's subject when the page has one (the meeting
for ``MEETING``), and returns the context of the panel's template. It must run a constant number
of queries whatever the amount of data (select_related, prefetch_related, annotate), and should
hand the template evaluated lists, not lazy querysets, so that the count does not depend on how
the template happens to use them.

A panel that lists rows (``rows="sessions"``) has its function return their queryset: the
template gets the first PANEL_ROWS of them under that name and how many there are as
``total``, and links to the page that lists them all.

A panel on a page about a record may also name where its rows' changes are kept (``history``: a
function of the subject returning historical querysets), so that the subject's history page shows
them with its own, to those who get the panel; and ``columns`` lets an app add a counted column to
the meetings list.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template import Engine
from django.template.loader import get_template
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString

# A panel listing rows shows at most this many, with a link to the page that lists them all:
# the home page must not grow with the years.
PANEL_ROWS = 10

HOME = "home"
MEETING = "meeting"  # a meeting's page
MEETINGS = "meetings"  # the meetings list
PERSON = "person"  # a person's page (emg.views.people): given the person

ContextFunction = Callable[..., dict]
HistoryFunction = Callable[[object], list]


@dataclass(frozen=True)
class Panel:
    name: str
    title: str
    template: str
    page: str
    # None: everyone who may open the page (the page itself checks who that is).
    roles: frozenset[str] | None
    order: int
    wide: bool
    context: ContextFunction
    history: HistoryFunction | None = None

    @property
    def html_id(self) -> str:
        return "panel-" + self.name.replace(".", "-").replace("_", "-")

    def render(self, request: HttpRequest, *subject, common: dict | None = None) -> SafeString:
        """The panel's HTML. ``common``: what the context processors give the request's
        templates (``request_context``), when the caller has it already."""
        if common is None:
            common = request_context(request)
        context = {**common, "panel": self, **self.context(request, *subject)}
        return get_template(self.template).render(context)


def request_context(request: HttpRequest) -> dict:
    """What the context processors (request, user, CSRF token, messages, navigation) give every
    template rendered for ``request``, as RequestContext would."""
    common: dict = {}
    for processor in Engine.get_default().template_context_processors:
        common.update(processor(request))
    return common


def render_panels(request: HttpRequest, panels: list[Panel], *subject) -> list[tuple]:
    """Each of ``panels`` with its HTML. The context processors run once for them all: rendered
    one by one with the request, each panel would work out the navigation's links (and the rest)
    again, ~1 ms a panel."""
    common = request_context(request)
    return [(panel, panel.render(request, *subject, common=common)) for panel in panels]


_panels: dict[str, Panel] = {}


@functools.cache
def discover() -> None:
    """Import every app's ``panels`` module (which registers its panels), once a process:
    autodiscover_modules looks for the module on disk in every installed app each time it is
    asked, a few milliseconds of every page that shows panels."""
    autodiscover_modules("panels")


def panel(
    name: str,
    *,
    title: str,
    template: str,
    roles=None,
    page: str = HOME,
    order: int = 100,
    wide: bool = False,
    history: HistoryFunction | None = None,
    rows: str = "",
) -> Callable[[ContextFunction], ContextFunction]:
    """Register the decorated function as the panel ``name`` of ``page`` for ``roles`` (None:
    for everyone who may see the page).

    ``order`` places the panel on the page (lower first); ``wide`` gives it the full width,
    for tables; ``rows`` names the rows of a panel that lists a queryset (see the module's
    doc). Registering a name again replaces the earlier panel."""

    def register(function: ContextFunction) -> ContextFunction:
        context = function
        if rows:

            def context(request, *subject):
                shown, total = first_rows(function(request, *subject))
                return {rows: shown, "total": total}

        _panels[name] = Panel(
            name=name,
            title=title,
            template=template,
            page=page,
            roles=frozenset(roles) if roles is not None else None,
            order=order,
            wide=wide,
            context=context,
            history=history,
        )
        return function

    return register


def first_rows(queryset, *, limit: int = PANEL_ROWS) -> tuple[list, int]:
    """The first ``limit`` rows of ``queryset``, and how many there are in all: what a panel
    lists, with a link to the page that has the rest."""
    return list(queryset[:limit]), queryset.count()


def panels_for(user, page: str = HOME) -> list[Panel]:
    """The panels of ``page`` that ``user``'s role sees, in page order."""
    if not user.is_active:
        return []
    discover()
    mine = (
        p for p in _panels.values() if p.page == page and (p.roles is None or user.role in p.roles)
    )
    return sorted(mine, key=lambda p: (p.order, p.name))


def history_sources(page: str, subject, user) -> list:
    """The historical querysets the panels of ``page`` that ``user`` gets keep about
    ``subject``: a panel's changes are for those it is shown to."""
    return [qs for p in panels_for(user, page) if p.history for qs in p.history(subject)]


@dataclass(frozen=True)
class Column:
    """A counted column another app adds to a list page: ``annotation`` is given the list's
    queryset as ``name``; the column is sortable by it."""

    name: str
    title: str
    page: str
    annotation: Callable[[], object]
    order: int


_columns: dict[str, Column] = {}


def column(
    name: str, *, title: str, page: str, annotation: Callable[[], object], order: int = 100
) -> None:
    """Add the column ``name`` (a valid Python name) to the list page ``page``."""
    _columns[name] = Column(name=name, title=title, page=page, annotation=annotation, order=order)


def columns_for(page: str) -> list[Column]:
    discover()
    return sorted((c for c in _columns.values() if c.page == page), key=lambda c: (c.order, c.name))

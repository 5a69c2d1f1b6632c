"""The boxes ("panels") on each role's home page, and the registry that collects them.

emg may not import the apps to its right, yet the secretariat's home page shows mandates, work
plans and progress. So every app keeps its own panels in its ``panels.py``, registers them with
``@home.panel(...)``, and the home view only asks this registry which panels a user gets; the
``panels`` modules are found the way the admin finds ``admin`` modules (as the importer finds
``importers``).

A panel's function takes the request and returns the context of the panel's template. It must run
a constant number of queries whatever the amount of data (select_related, prefetch_related,
annotate), and should hand the template evaluated lists, not lazy querysets, so that the count
does not depend on how the template happens to use them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString

ContextFunction = Callable[[HttpRequest], dict]


@dataclass(frozen=True)
class Panel:
    name: str
    title: str
    template: str
    roles: frozenset[str]
    order: int
    wide: bool
    context: ContextFunction

    @property
    def html_id(self) -> str:
        return "panel-" + self.name.replace(".", "-").replace("_", "-")

    def render(self, request: HttpRequest) -> SafeString:
        context = {"panel": self, **self.context(request)}
        return render_to_string(self.template, context, request=request)


_panels: dict[str, Panel] = {}


def panel(
    name: str, *, title: str, template: str, roles, order: int = 100, wide: bool = False
) -> Callable[[ContextFunction], ContextFunction]:
    """Register the decorated function as the home-page panel ``name`` for ``roles``.

    ``order`` places the panel on the page (lower first); ``wide`` gives it the full width,
    for tables. Registering a name again replaces the earlier panel."""

    def register(context: ContextFunction) -> ContextFunction:
        _panels[name] = Panel(
            name=name,
            title=title,
            template=template,
            roles=frozenset(roles),
            order=order,
            wide=wide,
            context=context,
        )
        return context

    return register


def panels_for(user) -> list[Panel]:
    """The panels ``user``'s role sees, in page order."""
    if not user.is_active:
        return []
    autodiscover_modules("panels")
    mine = (p for p in _panels.values() if user.role in p.roles)
    return sorted(mine, key=lambda p: (p.order, p.name))

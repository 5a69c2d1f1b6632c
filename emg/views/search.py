"""The global search (/search/?q=…&kind=…&year=…): what the reader may find of everything the
apps register (emg.search), best first, 25 to a page, with how many there are of each kind and
year. Everyone with a role searches; each finds only what the pages would show them."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from emg import params, search
from emg.permissions import permission_required
from emg.search import query
from emg.views.lists import PER_PAGE, page_context

MAX_QUERY = 200


@require_safe
@permission_required("emg.search", raise_exception=True)
def search_page(request):
    text = params.text(request.GET, "q", max_length=MAX_QUERY)
    kind = params.text(request.GET, "kind", max_length=30)
    if kind and search.source_of(kind) is None:
        raise BadRequest("kind: no such kind of result.")
    year = params.integer(request.GET, "year", max_value=9999)
    params.integer(request.GET, "page", default=1)
    context = {"text": text, "kind": kind, "year": year}
    if text:
        found = query.matching(user=request.user, text=text)
        kinds = query.kind_facets(found, kind=kind, year=year)
        # The facets have counted the results already: the paginator need not count again.
        paginator = Paginator(
            query.with_excerpts(query.narrowed(found, kind=kind, year=year), text=text), PER_PAGE
        )
        paginator.count = sum(f.count for f in kinds if f.selected or not kind)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        context |= {
            "hits": query.hits(page.object_list, text=text),
            "total": paginator.count,
            "kinds": kinds,
            "years": query.year_facets(found, kind=kind, year=year),
            **page_context(page),
        }
    return render(request, "emg/search.html", context)

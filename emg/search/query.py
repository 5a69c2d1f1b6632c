"""Answering a search: the entries a reader may find for a text, best first, each with an
excerpt that marks what matched; and how many there are of each kind and year (the facets).

On PostgreSQL the text is read as a web search engine reads it (``websearch_to_tsquery``:
"quoted phrases", ``or``, ``-excluded``) against the entries' weighted vectors, ranked, with
excerpts by ``ts_headline``. A UN symbol typed as it is written ("EMG/SOM.26/INF.15",
"EMGSOM.26_3a") finds its document first, whatever the text search makes of its slashes and
dots. SQLite, on which the demo runs, has no full-text search here: every word must appear in
the entry's text, matched case-insensitively, with the excerpt cut around the first match.

The number of queries does not depend on the number of hits: the page's rows, and one aggregate
query per facet (the kinds' counts add up to the number of results).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from emg import search
from emg.models import SearchEntry

CONFIG = "english"
# What ts_headline marks a match with: control characters, which an entry's text never holds
# (search.clean), so that the excerpt can be escaped whole and the marks put in afterwards.
START, STOP = "\x02", "\x03"
EXCERPT_CHARS = 240
MAX_WORDS = 10
# A "quoted phrase" (perhaps excluded, -"…") or a word.
_TERMS = re.compile(r'-?"[^"]*"?|\S+')


@dataclass(frozen=True)
class Facet:
    value: str  # the query parameter's value ("" for entries without a year)
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    kind: str
    year: int | None
    symbol: str
    excerpt: SafeString


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def matching(*, user, text: str) -> QuerySet:
    """The entries ``user`` may find that match ``text``, best first."""
    entries = SearchEntry.objects.visible_to(user)
    exact = Q(symbol__iexact=text)
    if on_postgresql():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        vector = RawSQL(f'"{SearchEntry._meta.db_table}"."search_vector"', [])
        vector.output_field = SearchVectorField()
        entries = entries.alias(vector=vector).filter(exact | Q(vector=query))
        ranked = entries.annotate(
            exact=Case(When(exact, then=Value(1)), default=Value(0), output_field=IntegerField()),
            rank=SearchRank(F("vector"), query),
        )
        return ranked.order_by("-exact", "-rank", F("year").desc(nulls_last=True), "pk")
    include, exclude = _words(text)
    found = Q()
    for word in include:
        found &= _contains(word)
    for word in exclude:
        found &= ~_contains(word)
    entries = entries.filter(exact | found) if include else entries.filter(exact)
    first = include[0] if include else text
    return entries.annotate(
        exact=Case(When(exact, then=Value(1)), default=Value(0), output_field=IntegerField()),
        in_title=Case(
            When(title__icontains=first, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    ).order_by("-exact", "-in_title", F("year").desc(nulls_last=True), "pk")


def _contains(word: str) -> Q:
    return (
        Q(title__icontains=word)
        | Q(symbol__icontains=word)
        | Q(headings__icontains=word)
        | Q(body__icontains=word)
    )


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` an entry must hold, and those it must not ("-word"), as the web
    search syntax reads them, roughly: the SQLite fallback's."""
    include, exclude = [], []
    for term in _TERMS.findall(text)[:MAX_WORDS]:
        excluded = term.startswith("-") and len(term) > 1
        word = " ".join(term.removeprefix("-").replace('"', " ").split())
        if not word or word.lower() == "or":
            continue
        (exclude if excluded else include).append(word)
    return include, exclude


def narrowed(entries: QuerySet, *, kind: str = "", year: int | None = None) -> QuerySet:
    if kind:
        entries = entries.filter(kind=kind)
    if year is not None:
        entries = entries.filter(year=year)
    return entries


def kind_facets(entries: QuerySet, *, kind: str, year: int | None) -> list[Facet]:
    """How many of ``entries`` (in ``year`` if given) there are of each kind: one query."""
    counts = dict(
        narrowed(entries, year=year).order_by().values_list("kind").annotate(n=Count("pk"))
    )
    return [
        Facet(value=s.kind, label=str(s.label), count=counts[s.kind], selected=s.kind == kind)
        for s in search.sources()
        if counts.get(s.kind)
    ]


def year_facets(entries: QuerySet, *, kind: str, year: int | None) -> list[Facet]:
    """How many of ``entries`` (of ``kind`` if given) there are of each year, latest first:
    one query."""
    counts = narrowed(entries, kind=kind).order_by().values_list("year").annotate(n=Count("pk"))
    facets = [
        Facet(
            value=str(value) if value else "",
            label=str(value) if value else _("No year"),
            count=n,
            selected=value is not None and value == year,
        )
        for value, n in counts
    ]
    return sorted(facets, key=lambda f: (not f.value, -int(f.value or 0)))


def with_excerpts(entries: QuerySet, *, text: str) -> QuerySet:
    """``entries`` with what their page of results shows of them: on PostgreSQL the excerpts,
    which it works out only for the rows of the page, not the long texts themselves."""
    if not on_postgresql():
        return entries
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    options = {
        "config": CONFIG,
        "start_sel": START,
        "stop_sel": STOP,
        "max_words": 40,
        "min_words": 15,
        "max_fragments": 2,
        "fragment_delimiter": " … ",
    }
    return entries.defer("body", "headings").annotate(
        body_excerpt=SearchHeadline("body", query, **options),
        headings_excerpt=SearchHeadline("headings", query, **options),
    )


def hits(entries, *, text: str) -> list[Hit]:
    """The page's entries as results."""
    labels = {s.kind: str(s.label) for s in search.sources()}
    return [
        Hit(
            title=entry.title,
            url=entry.url,
            kind=labels.get(entry.kind, entry.kind),
            year=entry.year,
            symbol=entry.symbol,
            excerpt=_excerpt(entry, text),
        )
        for entry in entries
    ]


def _excerpt(entry: SearchEntry, text: str) -> SafeString:
    if on_postgresql():
        body, headings = entry.body_excerpt or "", entry.headings_excerpt or ""
        return _marked(headings if START in headings and START not in body else body or headings)
    return _cut(entry.body or entry.headings, _words(text)[0])


def _marked(headline: str) -> SafeString:
    """ts_headline's excerpt, escaped, with its marks as <mark> elements."""
    return mark_safe(  # escaped whole; only the control marks become tags
        escape(headline).replace(START, "<mark>").replace(STOP, "</mark>")
    )


def _cut(body: str, words: list[str]) -> SafeString:
    """EXCERPT_CHARS of ``body`` around the first of ``words`` it holds, each word marked."""
    if not body:
        return mark_safe("")
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    found = pattern.search(body) if pattern else None
    start = max(0, found.start() - EXCERPT_CHARS // 3) if found else 0
    end = start + EXCERPT_CHARS
    # Cut between words, never inside one (nor inside the match).
    if start:
        space = body.find(" ", start, found.start())
        start = space + 1 if space != -1 else start
    if end < len(body):
        space = body.rfind(" ", found.end() if found else start, end)
        end = space if space != -1 else end
    piece = body[start:end]
    if start:
        piece = "… " + piece
    if end < len(body):
        piece += " …"
    if pattern is None:
        return mark_safe(escape(piece))
    parts, last = [], 0
    for match in pattern.finditer(piece):
        parts.append(escape(piece[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(piece[last:]))
    return mark_safe("".join(parts))  # every piece of text is escaped

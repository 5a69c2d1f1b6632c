"""Rendered page fragments kept per content, so that a page shown again after no change does not
render its hundreds of rows again (``{% cached_include %}``, emg/templatetags/fragments.py).

Why it is safe (an edit shows at once, nobody sees another person's page):

- The fragment is rendered with *only* the variables the tag names (like ``{% include ... only
  %}``), and the key is a hash of everything those variables hold: every model instance's own
  field values, the related objects already loaded with it (select_related, prefetch_related),
  dicts, lists, strings, numbers, dates. Any change to a value the fragment can show changes the
  key, so the old HTML is simply never asked for again (nothing needs to be invalidated).
- The key also holds the active language (translations, date formats), the time zone, and the
  source of the fragment's template and of every template it includes by name, so a changed
  template is never served from an older rendering. Python code changes come with a new process,
  and so an empty store.
- The CSRF token, the one per-request value, is rendered as a placeholder and replaced with the
  request's own token on the way out (a page without a token, a printed one, is kept apart).
- A fragment must not reach data through a query of its own (a lazy relation the view did not
  load): that data is not in the key. The query-count tests keep the pages free of such queries.

The store is a small per-process LRU (no shared cache is configured; a miss only costs the
rendering it replaces).
"""

import dataclasses
import datetime
import decimal
import enum
import hashlib
import logging
import secrets
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import connection, models
from django.db.models import QuerySet
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import IncludeNode
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Random per process: no stored text can hold it by accident.
CSRF_PLACEHOLDER = f"emg-csrf-{secrets.token_hex(16)}"

# Rendered fragments kept per process; a plan's table is ~a few hundred KB per outcome at most.
MAX_ENTRIES = 512
# ... and at most this much of them (a 60-activity plan's table is ~1 MB): some 64 MB a process.
MAX_WEIGHT = 64 * 1024 * 1024

_PLAIN = frozenset(
    (str, int, float, bool, type(None), decimal.Decimal, datetime.date, datetime.datetime)
)


class Unkeyable(TypeError):
    """A value the key cannot hold for sure: the fragment is then rendered, not kept."""


class LRU:
    """The least recently used fragments go first, once there are more than ``size`` of them
    or they weigh more than ``weight`` characters or bytes in all."""

    # Every LRU of the process, so that all can be emptied at once (``clear_all``).
    instances: weakref.WeakSet = weakref.WeakSet()

    def __init__(self, size, weight):
        self.size, self.weight = size, weight
        self.items = OrderedDict()
        self.held = 0
        self.lock = threading.Lock()
        LRU.instances.add(self)

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def set(self, key, value):
        with self.lock:
            if key in self.items:
                self.held -= _weight(self.items.pop(key))
            self.items[key] = value
            self.held += _weight(value)
            while self.items and (len(self.items) > self.size or self.held > self.weight):
                self.held -= _weight(self.items.popitem(last=False)[1])

    def clear(self):
        with self.lock:
            self.items.clear()
            self.held = 0


def _weight(value) -> int:
    return sum(map(len, value)) if isinstance(value, tuple) else len(value)


store = LRU(MAX_ENTRIES, MAX_WEIGHT)


def clear_all() -> None:
    """Empty every LRU of the process: the fragments' store and those the apps keep with
    ``kept`` (diffs, downloads). Tests start from here: what one test kept would otherwise be
    served to the next, whose rows may have the same ids (SQLite gives them out again)."""
    for lru in list(LRU.instances):
        lru.clear()


def kept(key: tuple, build: Callable[[], T], *, lru: LRU = store) -> T:
    """What ``build()`` returns, kept in ``lru`` under ``key``, which must change whenever what
    it is built from does (a hash of its content): then nothing kept is ever stale, and nothing
    needs invalidating."""
    value = lru.get(key)
    if value is None:
        value = build()
        lru.set(key, value)
    return value


def _parts(value, out: list, seen: dict) -> None:
    """Append to ``out`` the text of ``value``, deterministically and with its types, so that
    two values that show differently never come out alike."""
    kind = type(value)
    if kind in _PLAIN:
        out.append(repr(value))
    elif kind is Rows:
        out.append(f"rows:{list.__repr__(value)}")
    elif isinstance(value, models.Model):
        _instance_parts(value, out, seen)
    elif kind is dict:
        out.append("{")
        for key, item in value.items():  # a view's dict: its order is the code's
            out.append(repr(key))
            _parts(item, out, seen)
        out.append("}")
    elif kind is list or kind is tuple or kind is set or kind is frozenset:
        out.append("[")
        for item in value if kind is list or kind is tuple else sorted(value, key=repr):
            _parts(item, out, seen)
        out.append("]")
    elif isinstance(value, Promise):  # a lazy translation
        out.append(repr(str(value)))
    elif isinstance(value, enum.Enum):
        out.append(f"{kind.__qualname__}.{value.value!r}")
    elif isinstance(value, tuple(_PLAIN)):  # a str subclass (SafeString), say
        out.append(f"{kind.__qualname__}:{value!r}")
    elif isinstance(value, QuerySet | list | tuple):
        _parts(list(value), out, seen)
    elif isinstance(value, QueryDict):
        _parts(sorted(value.lists()), out, seen)
    elif isinstance(value, dict):
        _parts(dict(value), out, seen)
    elif dataclasses.is_dataclass(value):  # a Schedule, say: every field
        out.append(kind.__qualname__)
        _parts({f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, out, seen)
    elif isinstance(value, forms.BaseForm):
        _form_parts(value, out, seen)
    else:
        # Nothing is guessed from a repr (it may be shortened, or name a memory address).
        raise Unkeyable(f"{kind.__qualname__} cannot be part of a cached fragment's key")


def _form_parts(form, out: list, seen: dict) -> None:
    """A form as it renders: its class, prefix, data (errors follow from it), initial values,
    each field's label, help, flags, widget and choices (a model choice field's are read from
    the database), and its crispy helper's layout."""
    out.append(f"form:{type(form).__module__}.{type(form).__qualname__}:{form.prefix!r}")
    _parts(form.data if form.is_bound else None, out, seen)
    _parts(form.initial, out, seen)
    for name, field in form.fields.items():
        widget = field.widget
        out.append(f"{name}:{type(field).__qualname__}:{type(widget).__qualname__}")
        _parts(
            [field.label, field.help_text, field.required, field.disabled, widget.attrs],
            out,
            seen,
        )
        _parts(form.get_initial_for_field(field, name), out, seen)
        choices = getattr(field, "choices", None)
        if choices is not None:
            _parts([(str(key), str(label)) for key, label in choices], out, seen)
    _layout_parts(getattr(form, "helper", None), out)


def _layout_parts(value, out: list) -> None:
    """A crispy helper or layout object: its class and attributes, recursively."""
    kind = type(value)
    if isinstance(value, Promise):
        out.append(repr(str(value)))
    elif isinstance(value, tuple(_PLAIN)):
        out.append(f"{kind.__qualname__}:{value!r}")
    elif kind is list or kind is tuple:
        out.append("[")
        for item in value:
            _layout_parts(item, out)
        out.append("]")
    elif kind is dict:
        for key in sorted(value):
            out.append(repr(key))
            _layout_parts(value[key], out)
    elif kind.__module__.startswith(("crispy_forms.", "emg.forms")):
        out.append(f"{kind.__module__}.{kind.__qualname__}(")
        _layout_parts(dict(vars(value)), out)
        out.append(")")
    else:
        raise Unkeyable(f"{kind.__qualname__} cannot be part of a cached fragment's key")


def _instance_parts(instance, out: list, seen: dict) -> None:
    opts = instance._meta
    # An object met again (the meeting each document was loaded with, or a cycle: a parent
    # loaded with its child, which holds it) is named by when it was first met, whose text
    # is already in ``out``.
    first = seen.get(id(instance))
    if first is not None:
        out.append(f"<{opts.label}:{instance.pk!r}@{first}>")
        return
    seen[id(instance)] = len(seen)
    values = instance.__dict__
    attnames = _attnames(opts)
    # Every field's value in one repr: dates, numbers, text and None print unambiguously.
    out.append(f"<{opts.label}:{tuple([values.get(name) for name in attnames])!r}")
    related = instance._state.fields_cache
    if related:
        for name in sorted(related):
            out.append(name)
            _parts(related[name], out, seen)
    prefetched = values.get("_prefetched_objects_cache")
    if prefetched:
        for name in sorted(prefetched):
            out.append(name)
            _parts(list(prefetched[name]), out, seen)
    # Annotations and attributes a view set on the instance.
    extra = values.keys() - _attnames_set(opts)
    if extra:
        for name in sorted(extra):
            if name[0] != "_":  # not Django's or a library's own bookkeeping
                out.append(name)
                _parts(values[name], out, seen)
    out.append(">")


_attnames_by_model: dict = {}
_attnames_sets: dict = {}


def _attnames_set(opts) -> frozenset:
    """The attribute names of the fields, and the instance's own bookkeeping ("_state" …)."""
    names = _attnames_sets.get(opts.label)
    if names is None:
        names = _attnames_sets[opts.label] = frozenset(_attnames(opts)) | {
            "_state",
            "_prefetched_objects_cache",
        }
    return names


def _attnames(opts) -> tuple:
    names = _attnames_by_model.get(opts.label)
    if names is None:
        names = _attnames_by_model[opts.label] = tuple(f.attname for f in opts.concrete_fields)
    return names


def fingerprint(values: dict) -> str:
    out: list[str] = []
    _parts(values, out, {})
    return hashlib.blake2b("\x1f".join(out).encode(), digest_size=20).hexdigest()


_template_versions: dict[int, tuple] = {}


def template_version(template) -> str:
    """A hash of ``template``'s source and of every template it includes by a fixed name,
    kept per loaded template object (a changed file is loaded as a new one)."""
    known = _template_versions.get(id(template))
    if known is not None and known[0] is template:
        return known[1]
    hasher = hashlib.blake2b(digest_size=20)
    pending, done = [template], set()
    while pending:
        current = pending.pop()
        if current.origin.name in done:
            continue
        done.add(current.origin.name)
        hasher.update(current.origin.name.encode() + b"\x1f" + current.source.encode())
        for node in current.nodelist.get_nodes_by_type(IncludeNode):
            name = node.template.var
            if isinstance(name, str) and not node.template.filters:
                pending.append(current.engine.get_template(name))
    version = hasher.hexdigest()
    _template_versions[id(template)] = (template, version)
    return version


def _has_form(values: dict) -> bool:
    return any(isinstance(value, forms.BaseForm) for value in values.values())


class _QueryCounter:
    """Counts the queries run while it wraps the connection (``connection.execute_wrapper``)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def render_cached(context, template, values: dict) -> str:
    """``template`` rendered with only ``values`` (and the CSRF token), from the store when the
    same values were rendered before in this language."""
    token = context.get("csrf_token")
    token = str(token) if token and str(token) != "NOTPROVIDED" else ""
    try:
        content = fingerprint(values)
    except Unkeyable:
        return template.render(context.new({**values, "csrf_token": token} if token else values))
    key = (
        get_language() or "",
        timezone.get_current_timezone_name(),  # times print in it
        bool(token),  # without a token (a printed page), forms render without their input
        template.origin.name,
        template_version(template),
        content,
    )
    html = store.get(key)
    if html is None:
        isolated = context.new({**values, "csrf_token": CSRF_PLACEHOLDER} if token else values)
        queries = _QueryCounter()
        with connection.execute_wrapper(queries):
            html = str(template.render(isolated))
        if queries.count and not _has_form(values):
            # The fragment read data through a query of its own (a relation the view did not
            # load): that data is not in the key, so this rendering is shown but never kept.
            # (A form's model choices are read again as it renders, but they are in its key.)
            logger.warning(
                "Fragment %s ran %s queries of its own: not kept",
                template.origin.name,
                queries.count,
            )
        else:
            store.set(key, html)
    # The token is letters and digits (a masked CSRF token): nothing to escape.
    return mark_safe(html.replace(CSRF_PLACEHOLDER, token) if token else html)


class Rows(list):
    """Rows as the database driver gives them (tuples of text, numbers, dates, None, JSON):
    their repr is unambiguous, and one repr of them all is much quicker than value by value."""


def rows_of(queryset, *also: str) -> list[tuple]:
    """Every concrete field of the rows of ``queryset`` (and the lookups ``also``, e.g. a related
    row's name), as plain tuples: the cheap way to key a fragment on the rows it shows, without
    loading them as objects."""
    fields = _attnames(queryset.model._meta) + also
    return Rows(queryset.order_by("pk").values_list(*fields))


def cached_bytes(request, key: dict, template_name: str, context) -> bytes:
    """``template_name`` rendered for ``request`` as the UTF-8 bytes a response is made of, kept
    under ``key``: a dict that must hold everything the rendering reads (``rows_of`` the rows it
    shows, the flags it depends on). ``context`` is a function called only when they are not
    kept. They are kept split where the CSRF token goes, which is put in per request as in
    ``render_cached``: a page whose bulk is one fragment (a work plan's table, ~1 MB) puts them
    in its body as they are, instead of copying and encoding the text again on every request."""
    template = get_template(template_name)
    token = get_token(request)
    try:
        content = fingerprint(key)
    except Unkeyable:
        return render_to_string(template_name, context(), request=request).encode()
    full_key = (
        "bytes",
        get_language() or "",
        timezone.get_current_timezone_name(),
        template_name,
        template_version(template.template),
        content,
    )

    def split() -> tuple[bytes, ...]:
        values = {**context(), "csrf_token": CSRF_PLACEHOLDER}
        html = render_to_string(template_name, values, request=request)
        return tuple(html.encode().split(CSRF_PLACEHOLDER.encode()))

    return token.encode().join(kept(full_key, split))

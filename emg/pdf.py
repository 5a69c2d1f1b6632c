"""A document's HTML printed to PDF by WeasyPrint, which may read the project's static files and
nothing else.

Every field of a document is typed by someone, and WeasyPrint fetches whatever an <img>, <link>,
@import or url() names: left to itself it would read file:///etc/passwd or the cloud's metadata
address (http://169.254.169.254/) into the PDF. The templates escape user text, so such markup
should never reach the renderer; the fetcher is the second wall. It serves only URLs under
STATIC_ROOT_URL (the page's own base URL plus STATIC_URL), found through the staticfiles finders,
and refuses everything else: other schemes, other hosts, data: URLs, paths leaving the static
directories. It never opens a network connection, so no redirect can be followed.
"""

from __future__ import annotations

import gc
import logging
import mimetypes
import os
import posixpath
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import billiard
from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The base URL WeasyPrint resolves the page's relative links against. ".invalid" is reserved
# (RFC 2606): nothing could answer there even if a fetch slipped through.
BASE_URL = "https://emg-document.invalid/"


class RefusedURL(ValueError):
    """A URL the document may not load. WeasyPrint logs it and goes on without the resource."""


def static_path(url: str) -> str:
    """The static file's name (``css/un-document.css``) that ``url`` names, or RefusedURL."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.query:
        raise RefusedURL(f"not one of the project's static files: {url[:200]}")
    path = unquote(parts.path)
    if not path.startswith(prefix):
        raise RefusedURL(f"not one of the project's static files: {url[:200]}")
    name = path.removeprefix(prefix)
    if posixpath.normpath(name) != name or name.startswith(("/", "..")) or "\\" in name:
        raise RefusedURL(f"not a plain static path: {url[:200]}")
    return name


def _collected(name: str) -> str | None:
    if not settings.STATIC_ROOT:
        return None
    path = Path(settings.STATIC_ROOT, name).resolve()
    root = Path(settings.STATIC_ROOT).resolve()
    return str(path) if path.is_relative_to(root) and path.is_file() else None


class StaticFilesOnly(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        name = static_path(url)
        # Embedded runs and tests link the source names, which the finders know; production
        # links the collected, hashed names ("css/un-document.1a2b3c.css"), which only the
        # collected files (STATIC_ROOT) have.
        found = finders.find(name) or _collected(name)
        if not found:
            raise RefusedURL(f"no such static file: {name}")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


# Control characters pasted with a text (an escape code, a form feed) have no glyph in any font:
# printed, each would be an empty box. Word and spreadsheet exports drop them too (emg.docx).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# Tagged for assistive technology: headings, paragraphs, lists and tables in a structure tree,
# the document's language and title shown, the running headers and footers marked as artifacts.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Printed:
    data: bytes
    page_count: int


def print_html(html: str, *, tagged: bool = True) -> Printed:
    """``html`` printed, tagged (PDF/UA-1) unless ``tagged`` is False (what is only ever stamped
    onto other pages, emg.packs.numbers, is marked as an artifact there instead), with its page
    count: WeasyPrint knows it, and reading it back from a tagged PDF's object streams with
    pypdf costs a tenth of a second."""
    html = CONTROL_CHARACTERS.sub("", html)
    options = {"pdf_variant": PDF_VARIANT} if tagged else {}
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).render(**options)
    return Printed(document.write_pdf(**options), len(document.pages))


def html_to_pdf(html: str, *, tagged: bool = True) -> bytes:
    return print_html(html, tagged=tagged).data


def _print_numbered(numbered: tuple[int, str]) -> tuple[int, Printed]:
    index, html = numbered
    return index, print_html(html)


def _leave_with(parent: int) -> None:
    """In a printing process: end when ``parent``, which started it, has ended (killed at a
    task's hard time limit, say), rather than wait for ever for pages nobody will send."""

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def print_side_by_side(
    pages: list[str], on_printed: Callable[[int], None] | None = None
) -> list[Printed]:
    """Each of ``pages`` printed (tagged, as ``print_html``), in order, on up to PDF_PROCESSES
    processes at once: WeasyPrint lays a page out in Python, one core per print, and the parts
    of a pack are independent. ``on_printed(n)`` is called as the n-th print is done.

    The processes are forked from this one, so they start with its fonts and code loaded, and
    only the HTML and the printed bytes cross between them. Celery's billiard forks them for
    the standard library's pool: a Celery worker's pool process is a daemon, which the standard
    library's own processes refuse to start children from (and billiard's pool takes most of a
    second to end). A process running other threads (the development server, a test's
    live server, a worker on the solo pool) prints one after the other instead: a thread
    holding a lock at the fork would leave it held for ever in the child."""
    if not pages:
        return []
    processes = min(len(pages), settings.PDF_PROCESSES)
    printed: dict[int, Printed] = {}

    def done(index: int, result: Printed) -> None:
        printed[index] = result
        if on_printed is not None:
            on_printed(len(printed))

    if processes < 2 or threading.active_count() > 1:
        for index, page in enumerate(pages):
            done(index, print_html(page))
        processes = 1
    else:
        pool = ProcessPoolExecutor(
            processes,
            mp_context=billiard.get_context("fork"),
            initializer=_leave_with,
            initargs=(os.getpid(),),
        )
        try:
            # What this process holds is left out of the children's garbage collections:
            # looking through it would copy every page of it into each child, and take seconds
            # in a process holding much. The children are forked at the first submit.
            gc.freeze()
            try:
                # The longest first, so that no process is left with a long print when the
                # others are done.
                futures = {
                    pool.submit(_print_numbered, (index, pages[index])): index
                    for index in sorted(range(len(pages)), key=lambda index: -len(pages[index]))
                }
            finally:
                gc.unfreeze()
            for future in as_completed(futures):
                done(*future.result())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    logger.info("Printed %d HTML documents on %d processes", len(pages), processes)
    return [printed[index] for index in range(len(pages))]

"""The meeting pack's figures, measured in one run (``manage.py benchmark_pack`` on the demo
data; ``manage.py benchmark`` on its scale data):

(a) a full build from nothing cached (``emg.packs.build.pack_build``) ÷ WeasyPrint printing
    the same pack's final HTML (``emg.packs.build.meeting_pack_html``) in one go;
(b) a rebuild after one document changed ÷ the full build, beside that document printed alone ÷
    the full build: the least any rebuild after a change to it can take;
(c) the peak memory of a full build of the meeting's pack, and of a pack four times as large
    (every document of the meeting four times over, in a meeting made for the purpose);
(d) the pack's PDF size ÷ that of WeasyPrint's one-document print of the same HTML.

Each memory figure comes from a process started for that build alone: its high-water resident
set (VmHWM), how far it rose during the build, and the highest of the processes it printed the
parts on (emg.pdf.print_side_by_side; forked from it, they share its pages until they write).
Python's own allocation tracing would miss what Pango and HarfBuzz allocate, which is most of it.

It changes the database it runs in (prints parts, adds packs, renames a document, adds a
meeting): both commands run it in a throw-away database of their own.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections, transaction

from development.benchmarks.files import database_url
from emg import pdf
from emg.models import AgendaItem, Document, Meeting, MeetingPack, RenderedPart, Session
from emg.packs.build import meeting_pack_html, pack_build
from emg.packs.plan import HTML_PART, pack_plan

COPIES = 4


def _timed(function: Callable) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def _forget_parts() -> None:
    """Nothing printed is cached any more: the next build prints every part."""
    for part in RenderedPart.objects.all():
        part.file.delete(save=False)
    RenderedPart.objects.all().delete()


def _build(meeting: Meeting) -> MeetingPack:
    """A new pack of ``meeting`` built here and now (not through the broker)."""
    pack = MeetingPack.objects.create(meeting=meeting)
    return pack_build(pack.pk)


def _full_build(meeting: Meeting) -> tuple[float, MeetingPack]:
    _forget_parts()
    # A ready pack with the same content would be re-used instead of built.
    MeetingPack.objects.filter(meeting=meeting).delete()
    return _timed(lambda: _build(meeting))


def _documents_by_pages(meeting: Meeting) -> list[tuple[Document, int]]:
    """The meeting's printed documents with their page counts, most pages first."""
    plan = pack_plan(meeting)
    pages = dict(
        RenderedPart.objects.filter(
            content_hash__in=[entry.content_hash for entry in plan.entries]
        ).values_list("content_hash", "page_count")
    )
    printed = [
        (entry.document, pages.get(entry.content_hash, 0))
        for entry in plan.entries
        if entry.way == HTML_PART
    ]
    return sorted(printed, key=lambda found: -found[1])


def _rebuilds_after_change(meeting: Meeting, document: Document, repetitions: int) -> float:
    """The median time of building the pack again after ``document``'s title changed (a late
    change: its own pages and the contents are printed again, nothing else)."""
    title, times = document.title, []
    for n in range(repetitions):
        # A new title each time: every rebuild finds that one document changed. Written without
        # history: the benchmark's own change, nobody's edit, put back below.
        Document.objects.filter(pk=document.pk).update(title=f"{title} (late change {n + 1})")
        seconds, _pack = _timed(lambda: _build(meeting))
        times.append(seconds)
    Document.objects.filter(pk=document.pk).update(title=title)
    return statistics.median(times)


def _printed_alone(meeting: Meeting, document: Document, repetitions: int) -> float:
    """The median time of WeasyPrint printing ``document`` as the pack prints it, alone: what a
    rebuild after a change to it cannot do without."""
    html = next(entry.html for entry in pack_plan(meeting).entries if entry.document == document)
    return statistics.median(_timed(lambda: pdf.print_html(html))[0] for _run in range(repetitions))


def memory_kib() -> dict[str, int]:
    """This process's resident set now (VmRSS) and at its highest (VmHWM), in KiB."""
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    return {name: int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM")}


def measure_full_build(meeting_pk: int) -> dict:
    """A full build of the meeting's pack, with this process's memory: resident at the start
    (``start_kib``) and at its peak (``peak_kib``)."""
    start = memory_kib()["VmRSS"]
    seconds, pack = _full_build(Meeting.objects.get(pk=meeting_pk))
    return {
        "seconds": seconds,
        "pages": pack.page_count,
        "start_kib": start,
        "peak_kib": memory_kib()["VmHWM"],
        # the largest resident set of the processes that printed, in KiB on Linux
        "printing_peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


def _in_new_process(meeting_pk: int) -> dict:
    """``measure_full_build`` in a process of its own, started for it alone
    (``manage.py benchmark_pack --measure``): its peak is what a worker building that pack
    reaches. An in-memory SQLite database cannot be opened from another process; there the
    build runs in a forked child, whose peak also counts what this process held."""
    url = database_url()
    if not url:
        return _in_fork(meeting_pk)
    folder = RenderedPart._meta.get_field("file").storage.location
    command = [
        *(sys.executable, "manage.py", "benchmark_pack"),
        *("--measure", str(meeting_pk), "--files", folder),
    ]
    connections.close_all()  # the child writes; SQLite must not find this process mid-write
    finished = subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    if finished.returncode:
        raise RuntimeError(f"the measured build failed:\n{finished.stderr[-3000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def _in_fork(meeting_pk: int) -> dict:
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read_end)
        code = 0
        try:
            result = measure_full_build(meeting_pk)
        except BaseException as exc:  # reported to the parent, which raises it
            result, code = {"error": repr(exc)}, 1
        with os.fdopen(write_end, "w") as pipe:
            json.dump(result, pipe)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        result = json.load(pipe)
    os.waitpid(child, 0)
    if "error" in result:
        raise RuntimeError(f"the measured build failed: {result['error']}")
    return result


@transaction.atomic
def quadrupled(meeting: Meeting) -> Meeting:
    """A new meeting whose agenda and documents are ``meeting``'s, each document ``COPIES``
    times (symbols and titles told apart, so that each copy prints as a part of its own)."""
    number = (Meeting.objects.order_by("-number").values_list("number", flat=True).first()) + 1
    copy = Meeting.objects.create(
        number=number, title=f"{meeting.title} ×{COPIES}".strip(), host=meeting.host
    )
    for session in Session.objects.filter(meeting=meeting):
        session.pk, session.meeting = None, copy
        session.save()
    items = {}
    for item in AgendaItem.objects.filter(meeting=meeting).order_by("order"):
        old_pk = item.pk
        item.pk, item.meeting = None, copy
        item.save()
        items[old_pk] = item
    documents = Document.objects.filter(meeting=meeting, superseded_by__isnull=True)
    for document in documents.exclude(kind=Document.Kind.AGENDA):
        for n in range(1, COPIES + 1):
            Document.objects.create(
                symbol=f"{document.symbol}/{n}" if document.symbol else None,
                title=f"{document.title} ({n})",
                kind=document.kind,
                date=document.date,
                distribution=document.distribution,
                author_line=document.author_line,
                meeting=copy,
                agenda_item=items.get(document.agenda_item_id),
                status=document.status,
                source_type=document.source_type,
                source_id=document.source_id,
                file=document.file.name if document.file else "",
            )
    return copy


def _ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "n/a"


def run(*, meeting: Meeting, repetitions: int = 3) -> list[str]:
    """The figures for ``meeting``'s pack, as printable lines. Each time is the median of
    ``repetitions`` runs."""
    # The first print of a process loads the fonts; no figure below should carry that.
    pdf.html_to_pdf('<html lang="en"><title>Warming up</title><p>Warming up</p></html>')
    builds = [_full_build(meeting) for _run in range(repetitions)]
    build = statistics.median(seconds for seconds, _pack in builds)
    pack = builds[-1][1]
    html = meeting_pack_html(meeting)
    alone = statistics.median(
        _timed(lambda: pdf.html_to_pdf(html))[0] for _run in range(repetitions)
    )
    pack_bytes = pack.file.size
    alone_bytes = len(pdf.html_to_pdf(html))
    by_pages = _documents_by_pages(meeting)
    changed = [by_pages[0], by_pages[-1]] if len(by_pages) > 1 else by_pages
    rebuilds = [
        (
            document,
            pages,
            _rebuilds_after_change(meeting, document, repetitions),
            _printed_alone(meeting, document, repetitions),
        )
        for document, pages in changed
    ]
    same = statistics.median(_timed(lambda: _build(meeting))[0] for _run in range(repetitions))
    small = _in_new_process(meeting.pk)
    large = _in_new_process(quadrupled(meeting).pk)

    def mib(kib: int) -> str:
        return f"{kib / 1024:.0f} MiB"

    def memory(figures: dict) -> str:
        rise = figures["peak_kib"] - figures["start_kib"]
        seconds = figures["seconds"]
        return (
            f"{mib(figures['peak_kib']):>8} peak, +{mib(rise)} during a {seconds:.1f} s build; "
            f"printing processes {mib(figures['printing_peak_kib'])} peak"
        )

    label = f"SOM {meeting.number}"
    lines = [
        f"{label} pack: {pack.page_count} pages; {len(by_pages)} printed documents besides the "
        f"cover, agenda and contents; times are medians of {repetitions} runs",
        f"(a) full build, nothing cached             {build:7.2f} s",
        f"    WeasyPrint printing the pack's HTML     {alone:7.2f} s",
        f"    full build ÷ WeasyPrint alone           {_ratio(build, alone):>7}",
        f"(d) pack PDF                                {pack_bytes / 1024:7.0f} KiB",
        f"    WeasyPrint's one-document PDF           {alone_bytes / 1024:7.0f} KiB",
        f"    pack ÷ one document                     {_ratio(pack_bytes, alone_bytes):>7}",
    ]
    for document, pages, seconds, alone_seconds in rebuilds:
        lines += [
            f"(b) rebuild after a change to {document.symbol or document.title} ({pages} pages)",
            f"    rebuild                                 {seconds:7.2f} s",
            f"    rebuild ÷ full build                    {_ratio(seconds, build):>7}",
            f"    that document printed alone ÷ full      {_ratio(alone_seconds, build):>7}"
            "  (no rebuild can take less)",
        ]
    lines += [
        f"    build again with nothing changed        {same:7.2f} s"
        f"  (÷ full build {_ratio(same, build)})",
        f"(c) {label} pack, {small['pages']} pages:  {memory(small)}",
        f"    pack ×{COPIES}, {large['pages']} pages:  {memory(large)}",
    ]
    return lines

"""A pack's parts printed side by side, one process per core (emg.pdf.print_side_by_side)."""

import io
import logging
import os
import signal
import threading
import time
from pathlib import Path

import billiard
from pypdf import PdfReader

from emg import pdf


def page(title: str, paragraphs: int) -> str:
    body = "".join(f"<p>{title}, paragraph {n}.</p>" for n in range(paragraphs))
    return (
        f'<html lang="en"><head><title>{title}</title><style>p {{ margin-bottom: 40mm }}</style>'
        f"</head><body><h1>{title}</h1>{body}</body></html>"
    )


PAGES = [page("Short", 1), page("Long", 40), page("Middle", 12)]


def summary(printed: list[pdf.Printed]) -> list[tuple[int, str]]:
    """Each print's page count and first line, as read back from its PDF."""
    found = []
    for result in printed:
        reader = PdfReader(io.BytesIO(result.data))
        assert len(reader.pages) == result.page_count
        found.append((result.page_count, reader.pages[0].extract_text().splitlines()[0]))
    return found


def _in_new_process(pages, answer):
    """``pages`` printed side by side in a process forked for it, which runs no other thread
    whatever this one runs; what it printed and logged sent back through ``answer``."""
    messages, done = [], []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    logging.getLogger("emg.pdf").addHandler(handler)
    logging.getLogger("emg.pdf").setLevel(logging.INFO)
    printed = pdf.print_side_by_side(pages, done.append)
    answer.send((summary(printed), messages, done))


def print_in_new_process(pages, *, daemon: bool):
    receiving, sending = billiard.Pipe(duplex=False)
    process = billiard.get_context("fork").Process(
        target=_in_new_process, args=(pages, sending), daemon=daemon
    )
    process.start()
    answer = receiving.recv()
    process.join(timeout=60)
    assert process.exitcode == 0
    return answer


def test_pages_printed_side_by_side_come_back_in_their_order_as_printed_one_by_one(settings):
    settings.PDF_PROCESSES = 2

    printed, messages, done = print_in_new_process(PAGES, daemon=False)

    assert messages == ["Printed 3 HTML documents on 2 processes"]
    one_by_one = summary([pdf.print_html(html) for html in PAGES])
    assert printed == one_by_one
    assert [title for _count, title in one_by_one] == ["Short", "Long", "Middle"]
    assert len({count for count, _title in one_by_one}) == 3  # told apart by their lengths
    assert done == [1, 2, 3]


def test_a_celery_pool_process_prints_side_by_side(settings):
    """As a Celery worker's pool process runs a task: a daemon started by billiard."""
    settings.PDF_PROCESSES = 2

    printed, messages, _done = print_in_new_process(PAGES, daemon=True)

    assert messages == ["Printed 3 HTML documents on 2 processes"]
    assert printed == summary([pdf.print_html(html) for html in PAGES])


def test_a_process_running_other_threads_prints_one_page_after_the_other(settings, caplog):
    settings.PDF_PROCESSES = 2
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with caplog.at_level(logging.INFO, logger="emg.pdf"):
            printed = pdf.print_side_by_side(PAGES[:2])
    finally:
        release.set()
        other.join()

    assert "Printed 2 HTML documents on 1 processes" in caplog.messages
    assert [result.page_count for result in printed] == [
        pdf.print_html(html).page_count for html in PAGES[:2]
    ]


def _printing_forever(pages, answer):
    answer.send(os.getpid())
    pdf.print_side_by_side(pages)


def children_of(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def test_the_printing_processes_end_when_the_process_that_started_them_is_killed(settings):
    settings.PDF_PROCESSES = 2
    long_pages = [page(f"Long {n}", 20000) for n in range(2)]  # minutes of printing
    receiving, sending = billiard.Pipe(duplex=False)
    process = billiard.get_context("fork").Process(
        target=_printing_forever, args=(long_pages, sending), daemon=True
    )
    process.start()
    parent = receiving.recv()
    deadline = time.monotonic() + 30
    while len(children_of(parent)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    printing = children_of(parent)
    assert len(printing) == 2
    while not all(cpu_seconds(pid) > 0.5 for pid in printing):  # each in the middle of a print
        assert time.monotonic() < deadline
        time.sleep(0.1)

    os.kill(parent, signal.SIGKILL)  # as Celery's hard time limit does
    process.join(timeout=10)

    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() and not zombie(pid) for pid in printing):
        assert time.monotonic() < deadline, "a printing process outlived its parent"
        time.sleep(0.2)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()
    return int(fields[11]) / os.sysconf("SC_CLK_TCK")  # utime, the 14th field of stat


def zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except FileNotFoundError:
        return True

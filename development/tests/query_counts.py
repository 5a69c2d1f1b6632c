"""Every page of an app's permission-matrix rows, requested in a small generated world and then in
a world three times larger, must cost no more queries the second time (development/scale.py makes
the data, development/benchmarks the worlds and pages)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from development.benchmarks.pages import clients, matrix_pages
from development.benchmarks.world import scale_world
from development.scale import scale_data_generate
from emg.search.index import index_rebuild

SMALL, LARGE = 0.3, 1.0

# Pages whose count follows the size of one object by design, with why. Each is still requested
# (it must answer), and the database's size must still not matter: manage.py benchmark shows the
# same count at one and ten times the data.
GROWS_WITH_ITS_OBJECT = {
    # Telling a stale pack hashes each of the meeting's documents' HTML (no printing), and a
    # document's HTML reads its source: a few queries per document of the meeting. The pack
    # page asks it once shown (emg.views.packs.pack_stale); the page itself reads no document.
    "GET packs:stale": "documents of the meeting",
}

# Pages that send some people on: confirming who one is (before changing one's second factor)
# asks for the password of those who have one, and sends those who sign in by e-mailed codes, as
# the generated people do, on to the code's page.
SENDS_ON = {"GET account_reauthenticate"}


def two_worlds():
    """A small world, then a larger one next to it: list pages see four times the rows, and the
    larger world's meeting, plan and round are the largest of theirs."""
    small = scale_world(scale_data_generate(factor=SMALL, seed=1))
    large = scale_world(scale_data_generate(factor=LARGE, seed=2))
    return small, large


def queries_of(client, url) -> int:
    client.get(url)  # caches filled once per process (content types, permissions) stay out
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def assert_pages_cost_no_more_queries(app: str, assert_max_num_queries):
    small, large = two_worlds()
    if app == "emg":
        # The rows are written in bulk, which the search's index does not hear of: the search
        # page is counted with everything found.
        index_rebuild()
    small_clients, large_clients = clients(small), clients(large)
    pages = list(zip(matrix_pages(small, (app,)), matrix_pages(large, (app,)), strict=True))
    assert pages
    for page_small, page_large in pages:
        allowed = queries_of(small_clients[page_small.user], page_small.url)
        if page_large.row_id in GROWS_WITH_ITS_OBJECT:
            allowed = None
        client = large_clients[page_large.user]
        client.get(page_large.url)
        if allowed is None:
            response = client.get(page_large.url)
        else:
            with assert_max_num_queries(allowed, info=f"{page_large.row_id} ({page_large.url})"):
                response = client.get(page_large.url)
        answers = (200, 302, 404) if page_large.row_id in SENDS_ON else (200, 404)
        assert response.status_code in answers, (page_large.row_id, response.status_code)

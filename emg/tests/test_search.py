"""The global search (/search/): what each role finds, how it is found, and how the index keeps
up with the records."""

from __future__ import annotations

import contextlib
import datetime
import io

import docx
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from weasyprint import HTML

from emg.models import Document, SearchEntry
from emg.search import index
from emg.search.index import index_rebuild
from emg.tests import payloads
from emg.tests.factories import uploaded_document
from emg.tests.payloads import chunks
from emg.tests.xss import read
from emg.views.search import MAX_QUERY
from mandates.models import Decision
from progress.models import Task, Update, UpdateItem

pytestmark = pytest.mark.django_db


def found(client, text: str, **params) -> list[str]:
    """The titles ``client``'s user finds for ``text`` (every page of results)."""
    response = client.get(reverse("search"), {"q": text, **params})
    assert response.status_code == 200
    return [hit.title for hit in response.context["hits"]]


@pytest.fixture
def clients(world):
    from django.test import Client

    def as_(user):
        client = Client()
        client.force_login(user)
        return client

    return {name: as_(user) for name, user in world.people.items() if user is not None}


def test_a_focal_point_finds_their_mandates_draft_but_never_another_mandates(world, clients):
    UpdateItem.objects.filter(update=world.update).update(text="The quokka census began.")
    index_rebuild()
    task = world.task.text
    assert task in found(clients["focal_point"], "quokka")
    assert task in found(clients["secretariat"], "quokka")
    assert found(clients["other_focal_point"], "quokka") == []
    assert found(clients["senior_official"], "quokka") == []
    # Nor the task itself, which only its mandate's focal points (and the secretariat) open.
    assert task not in found(clients["other_focal_point"], "approach")
    assert task in found(clients["focal_point"], "approach")


def test_senior_officials_find_progress_once_the_secretariat_accepted_it(world, clients):
    UpdateItem.objects.filter(update=world.update).update(text="The quokka census began.")
    Update.objects.filter(pk=world.update.pk).update(state=Update.State.ACCEPTED)
    index_rebuild()
    assert world.task.text in found(clients["senior_official"], "quokka")
    # Accepted or not, another mandate's progress is not a focal point's to read.
    assert found(clients["other_focal_point"], "quokka") == []


def test_a_round_being_prepared_is_found_by_the_secretariat_alone(world, clients):
    Task.objects.create(
        round=world.draft_round, mandate=world.mandate, order=1, text="Count the numbats"
    )
    index_rebuild()
    assert found(clients["secretariat"], "numbats") == ["Count the numbats"]
    for reader in ("focal_point", "other_focal_point", "senior_official"):
        assert found(clients[reader], "numbats") == [], reader


def test_everyone_with_a_role_finds_meetings_mandates_decisions_terms_and_plans(world, clients):
    index_rebuild()
    for reader, client in clients.items():
        assert world.meeting.ordinal_title in " ".join(found(client, "Senior Officials")), reader
        assert world.mandate.name in found(client, world.mandate.name), reader
        assert any("SOM 26" in t for t in found(client, "extend", kind="decision")), reader
        assert world.tor.title in found(client, "Background"), reader
        assert world.activity.title in found(client, "common approach"), reader


def test_a_symbol_typed_as_written_finds_its_document_first(world, clients):
    Document.objects.create(
        symbol="EMGSOM.26_3a", title="Summary of action points", kind="action_points"
    )
    index_rebuild()
    client = clients["senior_official"]
    assert found(client, "EMG/SOM.26/CRP.1")[0] == "List of participants"
    assert found(client, "emgsom.26_3a")[0] == "Summary of action points"


def _pdf_saying(text: str) -> bytes:
    return HTML(string=f"<p>{text}</p>").write_pdf()


def _docx_saying(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_text_of_uploaded_pdf_and_word_files_is_found(world, clients, private_files):
    uploaded_document(
        "inf-15.pdf",
        _pdf_saying("Mainstreaming biodiversity in the platypus sector"),
        symbol="EMG/SOM.26/INF.15",
        title="Information note",
        kind="other",
        meeting=world.meeting,
    )
    uploaded_document(
        "inf-16.docx",
        _docx_saying("Guidance on sustainable wallaby procurement"),
        symbol="EMG/SOM.26/INF.16",
        title="Procurement guidance",
        kind="other",
        meeting=world.meeting,
    )
    index_rebuild()
    client = clients["focal_point"]
    assert found(client, "platypus") == ["Information note"]
    assert found(client, "wallaby procurement") == ["Procurement guidance"]
    response = client.get(reverse("search"), {"q": "platypus"})
    assert "<mark>platypus</mark>" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_change_is_indexed_when_its_transaction_commits_and_a_deletion_removes_it(
    world, clients, monkeypatch
):
    handed_over = []

    def enqueue(batch):
        handed_over.append(batch)
        return real_enqueue(batch)

    real_enqueue = index.enqueue
    monkeypatch.setattr(index, "enqueue", enqueue)
    with transaction.atomic():
        decisions = [
            Decision.objects.create(
                section=world.section, order=10 + n, text=f"Welcome the bandicoot report {n}."
            )
            for n in range(3)
        ]
        assert found(clients["secretariat"], "bandicoot") == []
    # One task for the transaction, however many rows it wrote.
    assert handed_over == [{"decision": sorted(d.pk for d in decisions)}]
    assert len(found(clients["focal_point"], "bandicoot")) == 3
    decisions[0].delete()
    assert len(found(clients["focal_point"], "bandicoot")) == 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_is_not_indexed(world, clients):
    with contextlib.suppress(RuntimeError), transaction.atomic():
        Decision.objects.create(section=world.section, order=10, text="Welcome the potoroo.")
        raise RuntimeError
    Decision.objects.create(section=world.section, order=11, text="Note the quoll.")
    assert found(clients["secretariat"], "potoroo") == []
    assert found(clients["secretariat"], "quoll") == [f"SOM 26 · {world.section.title}"]


@pytest.mark.django_db(transaction=True)
def test_a_followed_change_indexes_what_it_changes(world, clients):
    """Accepting an update makes its task and its progress the Senior Officials' to find."""
    UpdateItem.objects.filter(update=world.update).update(text="The quokka census began.")
    world.update.save()
    assert found(clients["senior_official"], "quokka") == []
    assert found(clients["focal_point"], "quokka") == [world.task.text]
    world.update.state = Update.State.ACCEPTED
    world.update.save()
    assert found(clients["senior_official"], "quokka") == [world.task.text]
    assert world.task.text in found(clients["senior_official"], "approach", kind="task")


def test_excerpts_show_the_text_escaped_with_what_matched_marked(world, clients):
    Decision.objects.create(
        section=world.section,
        order=5,
        text='Note the <script>alert("bilby")</script> report on bilby habitats.',
    )
    index_rebuild()
    page = clients["senior_official"].get(reverse("search"), {"q": "bilby"}).content.decode()
    assert "<script>alert" not in page
    # PostgreSQL's excerpts leave out what reads as a tag; what is shown is escaped.
    assert "alert(&quot;" in page
    assert "<mark>bilby</mark>" in page


def test_facets_count_each_kind_and_year_and_narrow_the_results(world, clients):
    Decision.objects.create(section=world.section, order=5, text="Welcome the dingo study.")
    world.activity.description = "A dingo survey."
    world.activity.save()
    index_rebuild()
    client = clients["senior_official"]
    response = client.get(reverse("search"), {"q": "dingo"})
    kinds = {f.value: f.count for f in response.context["kinds"]}
    years = {f.value: f.count for f in response.context["years"]}
    assert kinds == {"decision": 1, "activity": 1}
    assert years == {"2020": 1, "2021": 1}
    assert found(client, "dingo", kind="activity") == [world.activity.title]
    assert found(client, "dingo", year="2020") == [f"SOM 26 · {world.section.title}"]
    narrowed = client.get(reverse("search"), {"q": "dingo", "kind": "decision"})
    # The other kinds stay offered, counted within the year chosen (none here).
    assert {f.value for f in narrowed.context["kinds"]} == {"decision", "activity"}


def test_an_empty_search_shows_the_hint_and_a_bad_parameter_is_refused(world, clients):
    client = clients["focal_point"]
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert "hits" not in response.context
    assert client.get(reverse("search"), {"q": "x", "kind": "secrets"}).status_code == 400
    assert client.get(reverse("search"), {"q": "x", "year": "twenty"}).status_code == 400
    assert client.get(reverse("search"), {"q": "x" * 201}).status_code == 400


def test_the_header_offers_the_search_to_every_role(world, clients):
    for reader, client in clients.items():
        page = client.get(reverse("home")).content.decode()
        assert 'role="search"' in page, reader
        assert 'for="header-search"' in page, reader


def test_the_results_page_asks_as_many_queries_for_many_hits_as_for_one(world, clients):
    Decision.objects.create(section=world.section, order=50, text="Welcome the echidna plan.")
    index_rebuild()
    client = clients["focal_point"]
    url = reverse("search")
    client.get(url, {"q": "echidna"})
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"q": "echidna"})
    for n in range(40):
        Decision.objects.create(
            section=world.section, order=100 + n, text=f"Welcome echidna plan {n}."
        )
    world.mandate.description = "The echidna mandate."
    world.mandate.save()
    index_rebuild()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"q": "echidna"})
    assert response.context["total"] == 42
    assert len(many) == len(one)


def test_the_rebuild_drops_entries_of_rows_gone_unannounced(world, clients):
    index_rebuild()
    assert SearchEntry.objects.filter(kind="decision").exists()
    # A bulk delete sends no signal.
    Decision.objects.filter(pk=world.decision.pk)._raw_delete(connection.alias)
    index_rebuild()
    assert not SearchEntry.objects.filter(kind="decision", object_id=world.decision.pk).exists()


def test_year_of_a_task_is_its_rounds(world):
    index_rebuild()
    entry = SearchEntry.objects.get(kind="task", object_id=world.task.pk)
    assert entry.year == datetime.date(2020, 4, 15).year


def test_payloads_searched_for_come_back_as_text(world, clients):
    index_rebuild()
    client = clients["focal_point"]
    for value in chunks(payloads.XSS, MAX_QUERY):
        response = client.get(reverse("search"), {"q": value})
        assert response.status_code == 200
        reader = read(response.content.decode())
        assert not reader.live, reader.live[:3]


def test_payloads_stored_in_what_is_found_come_back_as_text(world, clients):
    for order, payload in enumerate(payloads.XSS, start=100):
        Decision.objects.create(section=world.section, order=order, text=f"wombat {payload}")
    world.mandate.name = payloads.XSS[0][:300]
    world.mandate.description = "wombat " + " ".join(payloads.XSS)
    world.mandate.save()
    index_rebuild()
    response = clients["senior_official"].get(reverse("search"), {"q": "wombat"})
    assert response.context["total"] == len(payloads.XSS) + 1
    reader = read(response.content.decode())
    assert not reader.live, reader.live[:3]


def test_a_quoted_phrase_finds_its_words_together_and_a_minus_leaves_a_word_out(world, clients):
    Decision.objects.create(section=world.section, order=60, text="Welcome the red kangaroo study.")
    Decision.objects.create(section=world.section, order=61, text="Note a kangaroo that is red.")
    Decision.objects.create(section=world.section, order=62, text="Note a grey kangaroo.")
    index_rebuild()
    client = clients["senior_official"]

    def texts(query):
        response = client.get(reverse("search"), {"q": query})
        return sorted(str(hit.excerpt) for hit in response.context["hits"])

    assert len(texts("kangaroo")) == 3
    assert len(texts('"red kangaroo"')) == 1
    assert "study" in texts('"red kangaroo"')[0]
    assert len(texts("kangaroo -grey")) == 2

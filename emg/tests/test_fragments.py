"""Fragments kept per content (emg/fragments.py, ``{% cached_include %}``): a page shown again
after no change is served from them, yet every change shows at once, with nothing invalidated,
and nobody gets another person's CSRF token or controls."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from emg import fragments
from mandates.models import Mandate
from workplans.models import Activity, Milestone

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def plan_page(client, world) -> str:
    response = client.get(reverse("workplans:detail", kwargs={"pk": world.work_plan.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_page_shown_again_is_served_from_the_store(client_as, world):
    client = client_as(world.people["secretariat"])
    first = plan_page(client, world)
    kept = len(fragments.store.items)
    second = plan_page(client, world)
    assert kept > 0
    assert len(fragments.store.items) == kept
    masked_token = re.compile(r"\b[A-Za-z0-9]{64}\b")  # a masked CSRF token, new each request
    assert masked_token.sub("", first) == masked_token.sub("", second)
    assert "Draft the approach" in second


def test_an_edit_shows_at_once_without_invalidating_anything(client_as, world):
    client = client_as(world.people["secretariat"])
    assert "Draft the approach" in plan_page(client, world)
    # update() sends no signal: the page must notice the change by itself.
    Milestone.objects.filter(pk=world.milestone.pk).update(text="Circulate the approach")
    Activity.objects.filter(pk=world.activity.pk).update(title="A retitled activity")
    page = plan_page(client, world)
    assert "Circulate the approach" in page
    assert "Draft the approach" not in page
    assert "A retitled activity" in page


def test_a_renamed_mandate_shows_at_once_on_the_plan(client_as, world):
    client = client_as(world.people["secretariat"])
    assert world.mandate.name in plan_page(client, world)
    Mandate.objects.filter(pk=world.mandate.pk).update(name="Renamed issue management group")
    assert "Renamed issue management group" in plan_page(client, world)


def test_each_person_gets_forms_with_their_own_csrf_token(world):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(world.people["secretariat"])
    second.force_login(world.people["secretariat"])
    first_page, second_page = plan_page(first, world), plan_page(second, world)
    assert fragments.CSRF_PLACEHOLDER not in first_page + second_page
    first_tokens, second_tokens = TOKEN.findall(first_page), TOKEN.findall(second_page)
    assert first_tokens and second_tokens
    assert not set(first_tokens) & set(second_tokens)
    move = reverse("workplans:activity_move", kwargs={"pk": world.activity.pk})
    # Another session's token is refused; the page's own, taken from the kept rows, is accepted.
    refused = second.post(move, {"direction": "down", "csrfmiddlewaretoken": first_tokens[-1]})
    assert refused.status_code == 403
    accepted = second.post(move, {"direction": "down", "csrfmiddlewaretoken": second_tokens[-1]})
    assert accepted.status_code in (200, 302)


def test_a_reader_does_not_get_the_editors_controls(client_as, world):
    editor_page = plan_page(client_as(world.people["secretariat"]), world)
    assert "emg-wp-move" in editor_page
    reader_page = plan_page(client_as(world.people["senior_official"]), world)
    assert "Draft the approach" in reader_page
    assert "emg-wp-move" not in reader_page
    assert "csrfmiddlewaretoken" not in reader_page.split('id="plan-table"')[1]


def test_the_fingerprint_follows_every_value_shown(world):
    activity = Activity.objects.select_related("mandate").get(pk=world.activity.pk)
    before = fragments.fingerprint({"row": activity, "editing": True})
    assert before == fragments.fingerprint({"row": activity, "editing": True})
    assert before != fragments.fingerprint({"row": activity, "editing": False})
    activity.mandate.name = "Another name"
    assert before != fragments.fingerprint({"row": activity, "editing": True})
    activity.mandate.name = world.mandate.name
    activity.title = "Another title"
    assert before != fragments.fingerprint({"row": activity, "editing": True})
    assert fragments.fingerprint({"value": "1"}) != fragments.fingerprint({"value": 1})


def test_the_kept_table_is_the_table_the_editor_renders_from_the_plan(client_as, world):
    """The page builds the table from the rows its key holds; the editor's htmx answer renders
    it from the plan's own queries: the same HTML, the CSRF tokens aside."""
    client = client_as(world.people["secretariat"])
    url = reverse("workplans:detail", kwargs={"pk": world.work_plan.pk})
    for page in (plan_page(client, world), plan_page(client, world)):  # rendered, then kept
        table = client.get(url, headers={"HX-Request": "true"}).content.decode()
        masked_token = re.compile(r"\b[A-Za-z0-9]{64}\b")
        kept = page[page.index('<div id="plan-table"') :]
        assert masked_token.sub("", table).strip() in masked_token.sub("", kept)
        assert world.mandate.name in table


def test_a_value_the_key_cannot_hold_is_rendered_and_not_kept():
    from django.template import Context, Template

    class Opaque:  # a mandate-like object the key knows nothing of
        status = "active"

        def get_status_display(self):
            return "shown as it is"

    with pytest.raises(fragments.Unkeyable):
        fragments.fingerprint({"mandate": Opaque()})
    template = Template(
        '{% load fragments %}{% cached_include "mandates/includes/status.html" mandate=thing %}'
    )
    html = template.render(Context({"thing": Opaque()}))
    assert "shown as it is" in html
    assert len(fragments.store.items) == 0


def get_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_lists_and_the_meeting_page_show_a_change_at_once(client_as, world):
    from emg.models import Document, Entity
    from mandates.models import Decision
    from progress.models import Task

    client = client_as(world.people["secretariat"])
    mandates = reverse("mandates:list")
    meeting = reverse("meetings:detail", kwargs={"number": world.meeting.number})
    dashboard = reverse("progress:dashboard", kwargs={"pk": world.round.pk})
    for url in (mandates, meeting, dashboard):  # rendered, then kept
        get_text(client, url)
        get_text(client, url)
    assert len(fragments.store.items) > 0

    Mandate.objects.filter(pk=world.mandate.pk).update(name="Renamed issue management group")
    Entity.objects.create(acronym="NEWCO", name="A new member entity")
    page = get_text(client, mandates)
    assert "Renamed issue management group" in page
    assert 'value="NEWCO"' in page  # the filter's choices

    Decision.objects.filter(pk=world.decision.pk).update(text="Decide to conclude it.")
    Document.objects.filter(pk=world.document.pk).update(title="Summary, corrected")
    page = get_text(client, meeting)
    assert "Decide to conclude it." in page and "Summary, corrected" in page

    Task.objects.filter(pk=world.task.pk).update(text="Report on the new approach")
    assert "Report on the new approach" in get_text(client, dashboard)


def test_a_forms_key_follows_its_data_choices_widgets_and_layout():
    from django.http import QueryDict

    from emg.models import Entity
    from mandates.filters import MandateFilter

    def form(query=""):
        return MandateFilter(QueryDict(query), queryset=Mandate.objects.all()).form

    before = fragments.fingerprint({"form": form()})
    assert before == fragments.fingerprint({"form": form()})
    assert before != fragments.fingerprint({"form": form("q=water")})
    Entity.objects.create(acronym="NEWCO", name="A new member entity")
    assert before != (after := fragments.fingerprint({"form": form()}))
    changed = form()
    changed.fields["q"].widget.attrs["placeholder"] = "Search"
    assert after != fragments.fingerprint({"form": changed})
    changed = form()
    changed.helper.layout.fields.pop()
    assert after != fragments.fingerprint({"form": changed})


def test_the_store_lets_the_least_recently_used_go_by_number_and_by_weight():
    store = fragments.LRU(3, 10)
    store.set("a", "1234")
    store.set("b", (b"12", b"34"))
    assert store.get("a") == "1234"  # now the most recently used
    store.set("c", "1234")  # 12 > 10: "b" goes
    assert store.get("b") is None and store.get("a") == "1234" and store.held == 8
    store.set("d", "1")
    store.set("e", "1")  # four entries: the oldest, "c", goes
    assert store.get("c") is None and list(store.items) == ["a", "d", "e"]
    assert store.held == 6


def test_a_fragment_that_queries_data_of_its_own_is_shown_but_never_kept(world):
    # The meeting is not loaded with the document, so its title is not part of the key: a kept
    # rendering would go on showing the old title after a change.
    from django.template import Context, engines

    from emg.models import Document, Meeting

    template = engines["django"].from_string("{{ document.meeting.title }}").template
    document = Document.objects.get(pk=world.document.pk)

    html = fragments.render_cached(Context({}), template, {"document": document})

    assert html == str(world.meeting.title)
    assert not fragments.store.items
    Meeting.objects.filter(pk=world.meeting.pk).update(title="Renamed")
    loaded = Document.objects.select_related("meeting").get(pk=world.document.pk)
    assert fragments.render_cached(Context({}), template, {"document": loaded}) == "Renamed"
    assert len(fragments.store.items) == 1


# What is kept outlives a test in its process, and on SQLite the next test's rows take the same
# ids again: a test could be served what the one before kept, and pass or fail by their order.
# Every test starts from empty stores (conftest.py); these two, in this order, show it.
_kept_by_the_test_before: list = []


def kept_stores() -> dict:
    from workplans import revisions
    from workplans.views import exports

    return {
        "fragments": fragments.store,
        "diffs": revisions._kept_diffs,
        "files": exports._kept_files,
    }


def test_a_test_leaves_fragments_diffs_and_files_kept(client_as, world):
    client = client_as(world.people["secretariat"])
    plan_page(client, world)
    for name in ("workplans:revisions", "workplans:export_docx"):
        assert client.get(reverse(name, kwargs={"pk": world.work_plan.pk})).status_code == 200
    for name, store in kept_stores().items():
        assert store.items, f"nothing {name} kept"
        _kept_by_the_test_before.extend(store.items)


def test_the_next_test_finds_every_store_empty():
    for name, store in kept_stores().items():
        assert not store.items, f"{name} kept from an earlier test: {list(store.items)[:3]}"
        assert store.held == 0
    assert not set(_kept_by_the_test_before) & set(fragments.store.items)

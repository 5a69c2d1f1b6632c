"""The secretariat's edits through the browser: mandates, terms of reference, clauses and
footnotes, members and focal points."""

import datetime
import re

import pytest
from django.urls import reverse

from emg.models import User
from emg.tests.factories import EntityFactory, UserFactory
from mandates import services
from mandates.models import Clause, FocalPoint, Footnote, Mandate, Membership
from mandates.tests.pages import detail_url, list_page, listed, text_of

pytestmark = pytest.mark.django_db


def test_the_secretariat_creates_a_mandate_and_lands_on_its_page(client_as, secretariat):
    response = client_as(secretariat).post(
        reverse("mandates:create"),
        {"kind": "task_team", "name": "Task Team on Nature-Positive Procurement"},
        follow=True,
    )

    mandate = Mandate.objects.get(name="Task Team on Nature-Positive Procurement")
    assert response.redirect_chain[-1][0] == detail_url(mandate)
    assert "The mandate was created." in text_of(response)
    assert mandate.history.get().history_user == secretariat


def test_a_refused_mandate_form_saves_nothing_and_shows_the_message_by_the_field(
    client_as, secretariat, mandate
):
    before = Mandate.objects.count()

    response = client_as(secretariat).post(
        reverse("mandates:create"), {"kind": "img", "name": "IMG on Alpha"}
    )

    assert response.status_code == 200
    assert Mandate.objects.count() == before
    html = response.content.decode()
    assert re.search(r'id="id_name"[^>]*is-invalid|is-invalid[^>]*id="id_name"', html)
    assert re.search(
        r'id="error_1_id_name"[^>]*>\s*<strong>This is the name of an existing mandate', html
    )


def test_the_edit_page_says_status_and_dates_come_from_decisions(client_as, secretariat, world):
    page = text_of(client_as(secretariat).get(reverse("mandates:edit", args=[world.mandate.pk])))

    assert "Status, start and end date are not edited here" in page


def test_an_edit_over_someone_elses_change_is_refused_showing_the_current_values(
    client_as, secretariat, world
):
    url = reverse("mandates:edit", args=[world.mandate.pk])
    client = client_as(secretariat)
    opened = world.mandate.version
    Mandate.objects.filter(pk=world.mandate.pk).update(description="Theirs.")  # no history
    services.mandate_update(
        mandate=Mandate.objects.get(pk=world.mandate.pk),
        version=opened,
        kind="img",
        name=world.mandate.name,
        short_name="ALPHA",
        description="Theirs.",
    )

    response = client.post(
        url,
        {"kind": "img", "name": world.mandate.name, "description": "Mine.", "version": opened},
    )

    assert response.status_code == 409
    page = text_of(response)
    assert "changed this mandate on" in page
    assert "Its current values:" in page and "Short name ALPHA" in page
    assert re.search(r">\s*Mine\.</textarea>", response.content.decode())
    assert Mandate.objects.get(pk=world.mandate.pk).description == "Theirs."


def test_clauses_are_added_moved_and_deleted_with_the_numbers_following(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    add = reverse("mandates:clause_add", args=[world.tor.pk])
    client.post(add, {"parent": world.clause.pk, "kind": "paragraph", "text": "First."})
    client.post(add, {"parent": world.clause.pk, "kind": "paragraph", "text": "Second."})
    client.post(add, {"parent": "", "kind": "section", "text": "Functions"})
    second = Clause.objects.get(text="Second.")

    client.post(reverse("mandates:clause_move", args=[second.pk]), {"direction": "up"})

    page = text_of(client.get(detail_url(world.mandate)))
    assert "A. Background" in page and "1. Second. 2. First. B. Functions" in page

    client.post(reverse("mandates:clause_delete", args=[world.clause.pk]))

    page = text_of(client.get(detail_url(world.mandate)))
    assert "A. Functions" in page
    assert "First." not in page and "Second." not in page


def test_the_clauses_page_shows_each_change_at_once_with_the_requests_own_token(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    add = reverse("mandates:clause_add", args=[world.tor.pk])
    clauses = reverse("mandates:tor_clauses", args=[world.tor.pk])
    client.post(add, {"parent": world.clause.pk, "kind": "paragraph", "text": "First."})
    client.post(add, {"parent": world.clause.pk, "kind": "paragraph", "text": "Second."})
    assert "1. Paragraph First. " in text_of(client.get(clauses))  # the page, read once

    second = Clause.objects.get(text="Second.")
    client.post(reverse("mandates:clause_move", args=[second.pk]), {"direction": "up"})
    response = client.get(clauses)

    assert "1. Paragraph Second. " in text_of(response)
    tokens = set(
        re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    )
    assert len(tokens) == 1 and "emg-csrf" not in tokens.pop()


def test_the_add_clause_page_proposes_the_kind_that_fits_under_the_chosen_parent(
    client_as, secretariat, world
):
    url = reverse("mandates:clause_add", args=[world.tor.pk]) + f"?parent={world.clause.pk}"

    form = client_as(secretariat).get(url).context["form"]

    assert form["parent"].value() == world.clause.pk
    assert form["kind"].value() == Clause.Kind.PARAGRAPH


def test_a_move_without_a_direction_is_a_bad_request(client_as, secretariat, world):
    response = client_as(secretariat).post(reverse("mandates:clause_move", args=[world.clause.pk]))

    assert response.status_code == 400


def test_footnotes_are_added_and_edited_with_their_anchor(client_as, secretariat, world):
    client = client_as(secretariat)
    paragraph = services.clause_add(
        tor=world.tor, kind="paragraph", text="Decided at SOM 15 in 2009.", parent=world.clause
    )

    client.post(
        reverse("mandates:footnote_add", args=[world.tor.pk]),
        {"clause": paragraph.pk, "anchor": "SOM 15", "text": "EMG/SOM.15/02"},
    )
    html = client.get(detail_url(world.mandate)).content.decode()

    assert re.search(r"Decided at SOM 15<sup[^>]*><a [^>]*>.*?2</a></sup> in 2009\.", html)
    footnote = Footnote.objects.get(text="EMG/SOM.15/02")
    response = client.post(
        reverse("mandates:footnote_edit", args=[footnote.pk]),
        {"clause": paragraph.pk, "anchor": "in 2009", "text": "x", "version": "stale"},
    )
    assert "changed this footnote on" in text_of(response)


def test_members_are_added_their_roles_changed_and_removed(client_as, secretariat, world):
    client = client_as(secretariat)
    fao = EntityFactory(acronym="FAO")

    client.post(
        reverse("mandates:membership_add", args=[world.mandate.pk]),
        {"entity": fao.pk, "role": "member"},
    )
    membership = Membership.objects.get(entity=fao)
    client.post(
        reverse("mandates:membership_edit", args=[membership.pk]),
        {"role": "co_lead", "version": membership.version},
    )

    assert Membership.objects.get(entity=fao).role == Membership.Role.CO_LEAD
    assert listed(list_page(client, "lead=FAO")) == [world.mandate.name]

    client.post(reverse("mandates:membership_remove", args=[membership.pk]))

    assert not Membership.objects.filter(entity=fao).exists()


def test_focal_points_are_added_and_removed(client_as, secretariat, world):
    client = client_as(secretariat)
    oscar = world.people["other_focal_point"]

    response = client.post(
        reverse("mandates:focal_point_add", args=[world.mandate.pk]),
        {"user": oscar.pk, "since": "2024-01-15"},
        follow=True,
    )

    focal_point = FocalPoint.objects.get(mandate=world.mandate, user=oscar)
    assert focal_point.nominated_by == oscar.entity
    assert focal_point.since == datetime.date(2024, 1, 15)
    assert "is now a focal point of this mandate" in text_of(response)

    client.post(reverse("mandates:focal_point_remove", args=[focal_point.pk]))

    assert not FocalPoint.objects.filter(mandate=world.mandate, user=oscar).exists()


def offered_people(response) -> set[int]:
    html = response.content.decode()
    select = re.search(r'<select name="user".*?</select>', html, flags=re.S).group(0)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


def test_the_focal_point_page_lists_the_people_of_the_lead_or_of_the_entity_chosen(
    client_as, secretariat, world
):
    client = client_as(secretariat)
    url = reverse("mandates:focal_point_add", args=[world.mandate.pk])
    oscar, fiona = world.people["other_focal_point"], world.people["focal_point"]  # UNEP, UNDP
    undp_person = UserFactory(role=User.Role.FOCAL_POINT, entity=fiona.entity)

    # The mandate's lead, UNEP, first; Fiona of UNDP is one of its focal points already.
    assert offered_people(client.get(url)) == {oscar.pk}
    assert offered_people(client.get(url + "?entity=UNDP")) == {undp_person.pk}
    assert 'value="UNDP" selected' in client.get(url + "?entity=UNDP").content.decode()


def test_a_person_not_listed_for_the_entity_chosen_is_refused_next_to_the_field(
    client_as, secretariat, world
):
    undp_person = UserFactory(role=User.Role.FOCAL_POINT, entity=world.people["focal_point"].entity)
    url = reverse("mandates:focal_point_add", args=[world.mandate.pk]) + "?entity=UNEP"

    response = client_as(secretariat).post(url, {"user": undp_person.pk})

    assert "Choose one of the people listed: focal points of the entity chosen above" in (
        text_of(response)
    )
    assert not FocalPoint.objects.filter(user=undp_person).exists()
    client_as(secretariat).post(url.replace("UNEP", "UNDP"), {"user": undp_person.pk})
    assert FocalPoint.objects.filter(user=undp_person, mandate=world.mandate).exists()


def test_a_senior_official_cannot_add_a_focal_point(client_as, world):
    oscar = world.people["other_focal_point"]

    response = client_as(world.people["senior_official"]).post(
        reverse("mandates:focal_point_add", args=[world.mandate.pk]), {"user": oscar.pk}
    )

    assert response.status_code == 403
    assert not FocalPoint.objects.filter(mandate=world.mandate, user=oscar).exists()


def test_changes_without_the_csrf_token_are_refused(secretariat, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)

    response = client.post(reverse("mandates:clause_delete", args=[world.clause.pk]))

    assert response.status_code == 403
    assert Clause.objects.filter(pk=world.clause.pk).exists()

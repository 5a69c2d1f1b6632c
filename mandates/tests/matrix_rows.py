"""This app's pages in the permission matrix (see emg/tests/matrix.py).

Everyone with a role reads mandates; only the secretariat edits them. A valid POST by the
secretariat redirects (302); anyone else is refused before the form is even read (403)."""

from emg.tests.matrix import (
    EVERYONE_READS,
    POST_ONLY,
    SECRETARIAT_ONLY,
    SECRETARIAT_POSTS,
    Row,
)


def mandate(world):
    return {"pk": world.mandate.pk}


def tor(world):
    return {"pk": world.tor.pk}


def clause(world):
    return {"pk": world.clause.pk}


def footnote(world):
    return {"pk": world.footnote.pk}


def membership(world):
    return {"pk": world.membership.pk}


def focal_point(world):
    return {"pk": world.focal_point_row.pk}


def successor(world) -> int:
    """A focal point outside the standing cast, who takes over the world's focal point's
    drafts when replacing them."""
    from emg.models import User

    person, _created = User.objects.get_or_create(
        username="pablo",
        defaults={"role": User.Role.FOCAL_POINT, "entity": world.entity, "email": "p@example.org"},
    )
    return person.pk


def mandate_data(world):
    return {
        "kind": "img",
        "name": "Issue Management Group on Alpha and Beta",
        "version": world.mandate.version,
    }


def tor_data(world):
    return {"title": "Terms of Reference, second edition", "version": world.tor.version}


def footnote_data(world):
    return {
        "clause": world.clause.pk,
        "anchor": "Background",
        "text": "See the report of the 15th SOM.",
        "version": world.footnote.version,
    }


ROWS = [
    Row("mandates:list", EVERYONE_READS),
    Row(
        "mandates:list",
        EVERYONE_READS,
        query="q=alpha&kind=img&status=active&lead=UNEP&member=UNEP&active_on=2021-06-30"
        "&ordering=-end&page=1",
        note="filtered and sorted",
    ),
    Row("mandates:detail", EVERYONE_READS, kwargs=mandate),
    Row("mandates:history", EVERYONE_READS, kwargs=mandate),
    Row("mandates:create", SECRETARIAT_ONLY),
    Row(
        "mandates:create",
        SECRETARIAT_POSTS,
        method="post",
        data=lambda world: {"kind": "task_team", "name": "Task Team on Matrices"},
    ),
    Row("mandates:edit", SECRETARIAT_ONLY, kwargs=mandate),
    Row("mandates:edit", SECRETARIAT_POSTS, kwargs=mandate, method="post", data=mandate_data),
    # Terms of reference, clauses, footnotes
    Row("mandates:tor_create", SECRETARIAT_ONLY, kwargs=mandate),
    Row(
        "mandates:tor_create",
        SECRETARIAT_POSTS,
        kwargs=mandate,
        method="post",
        data=lambda world: {"title": "Terms of Reference, another"},
    ),
    Row("mandates:tor_edit", SECRETARIAT_ONLY, kwargs=tor),
    Row("mandates:tor_edit", SECRETARIAT_POSTS, kwargs=tor, method="post", data=tor_data),
    Row("mandates:tor_clauses", SECRETARIAT_ONLY, kwargs=tor),
    Row("mandates:tor_pdf", EVERYONE_READS, kwargs=tor),
    Row("mandates:tor_docx", EVERYONE_READS, kwargs=tor),
    Row("mandates:clause_add", SECRETARIAT_ONLY, kwargs=tor),
    Row(
        "mandates:clause_add",
        SECRETARIAT_POSTS,
        kwargs=tor,
        method="post",
        data=lambda world: {"parent": world.clause.pk, "kind": "paragraph", "text": "New."},
    ),
    Row("mandates:clause_edit", SECRETARIAT_ONLY, kwargs=clause),
    Row(
        "mandates:clause_edit",
        SECRETARIAT_POSTS,
        kwargs=clause,
        method="post",
        data=lambda world: {"text": "Background and purpose", "version": world.clause.version},
    ),
    Row("mandates:clause_move", POST_ONLY, kwargs=clause),
    Row(
        "mandates:clause_move",
        SECRETARIAT_POSTS,
        kwargs=clause,
        method="post",
        data=lambda world: {"direction": "down"},
    ),
    Row("mandates:clause_delete", POST_ONLY, kwargs=clause),
    Row("mandates:clause_delete", SECRETARIAT_POSTS, kwargs=clause, method="post"),
    Row("mandates:footnote_add", SECRETARIAT_ONLY, kwargs=tor),
    Row(
        "mandates:footnote_add",
        SECRETARIAT_POSTS,
        kwargs=tor,
        method="post",
        data=footnote_data,
    ),
    Row("mandates:footnote_edit", SECRETARIAT_ONLY, kwargs=footnote),
    Row(
        "mandates:footnote_edit",
        SECRETARIAT_POSTS,
        kwargs=footnote,
        method="post",
        data=footnote_data,
    ),
    Row("mandates:footnote_delete", POST_ONLY, kwargs=footnote),
    Row("mandates:footnote_delete", SECRETARIAT_POSTS, kwargs=footnote, method="post"),
    # Members and focal points
    Row("mandates:membership_add", SECRETARIAT_ONLY, kwargs=mandate),
    Row(
        "mandates:membership_add",
        SECRETARIAT_POSTS,
        kwargs=mandate,
        method="post",
        data=lambda world: {
            "entity": world.people["focal_point"].entity.pk,
            "role": "member",
        },
    ),
    Row("mandates:membership_edit", SECRETARIAT_ONLY, kwargs=membership),
    Row(
        "mandates:membership_edit",
        SECRETARIAT_POSTS,
        kwargs=membership,
        method="post",
        data=lambda world: {"role": "co_lead", "version": world.membership.version},
    ),
    Row("mandates:membership_remove", POST_ONLY, kwargs=membership),
    Row("mandates:membership_remove", SECRETARIAT_POSTS, kwargs=membership, method="post"),
    Row("mandates:focal_point_add", SECRETARIAT_ONLY, kwargs=mandate),
    Row(
        "mandates:focal_point_add",
        SECRETARIAT_POSTS,
        kwargs=mandate,
        method="post",
        data=lambda world: {"user": world.people["other_focal_point"].pk},
    ),
    Row("mandates:focal_point_remove", POST_ONLY, kwargs=focal_point),
    Row("mandates:focal_point_remove", SECRETARIAT_POSTS, kwargs=focal_point, method="post"),
    Row("mandates:focal_point_replace", SECRETARIAT_ONLY, kwargs=focal_point),
    Row(
        "mandates:focal_point_replace",
        SECRETARIAT_POSTS,
        kwargs=focal_point,
        method="post",
        data=lambda world: {"user": successor(world)},
    ),
    # Inviting someone (beside the people pages of emg, /people/).
    Row("people_invite", SECRETARIAT_ONLY),
    Row(
        "people_invite",
        SECRETARIAT_POSTS,
        method="post",
        data=lambda world: {
            "first_name": "Nadia",
            "last_name": "Newcomer",
            "email": "nadia.newcomer@example.org",
            "entity": world.entity.pk,
            "role": "focal_point",
            "mandates": [world.mandate.pk],
        },
    ),
]

# A meeting's decision sections and decisions (mandates/urls.py, decisions:).


def som(world):
    return {"number": world.meeting.number}


def section(world):
    return {"pk": world.section.pk}


def decision(world):
    return {"pk": world.decision.pk}


def section_data(world):
    return {
        "title": world.mandate.name,
        "mandate": world.mandate.pk,
        "label_style": "{i}.",
        "version": world.section.version,
    }


def decision_data(world):
    return {
        "section": world.section.pk,
        "verb": "extend",
        "text": f"Decide to extend the {world.mandate.name} for two more years.",
        "mandate": world.mandate.pk,
        "effective_until": "2022-12-31",
        "version": world.decision.version,
    }


ROWS += [
    Row("decisions:section_add", SECRETARIAT_ONLY, kwargs=som),
    Row(
        "decisions:section_add",
        SECRETARIAT_POSTS,
        kwargs=som,
        method="post",
        data=lambda world: {"title": "EMG Nexus Dialogues", "label_style": "{a})"},
    ),
    Row("decisions:section_edit", SECRETARIAT_ONLY, kwargs=section),
    Row(
        "decisions:section_edit",
        SECRETARIAT_POSTS,
        kwargs=section,
        method="post",
        data=section_data,
    ),
    Row("decisions:section_move", POST_ONLY, kwargs=section),
    Row(
        "decisions:section_move",
        SECRETARIAT_POSTS,
        kwargs=section,
        method="post",
        data=lambda world: {"direction": "up"},
    ),
    Row("decisions:section_delete", POST_ONLY, kwargs=section),
    Row("decisions:section_delete", SECRETARIAT_POSTS, kwargs=section, method="post"),
    Row("decisions:add", SECRETARIAT_ONLY, kwargs=lambda world: {"section_pk": world.section.pk}),
    Row(
        "decisions:add",
        SECRETARIAT_POSTS,
        kwargs=lambda world: {"section_pk": world.section.pk},
        method="post",
        data=lambda world: {
            "section": world.section.pk,
            "verb": "request",
            "text": "Request the EMG Secretariat to report to the next meeting.",
            "mandate": world.mandate.pk,
        },
    ),
    Row("decisions:edit", SECRETARIAT_ONLY, kwargs=decision),
    Row("decisions:edit", SECRETARIAT_POSTS, kwargs=decision, method="post", data=decision_data),
    Row("decisions:move", POST_ONLY, kwargs=decision),
    Row(
        "decisions:move",
        SECRETARIAT_POSTS,
        kwargs=decision,
        method="post",
        data=lambda world: {"direction": "down"},
    ),
    Row("decisions:delete", POST_ONLY, kwargs=decision),
    Row("decisions:delete", SECRETARIAT_POSTS, kwargs=decision, method="post"),
    Row("decisions:history", EVERYONE_READS, kwargs=decision),
]


# The read-only API (mandates/api.py): everyone with a role reads mandates and decisions.

from emg.tests.matrix import API_READS  # noqa: E402

ROWS += [
    Row("api:mandate-list", API_READS),
    Row("api:mandate-detail", API_READS, kwargs=mandate),
    Row("api:decision-list", API_READS),
    Row("api:decision-detail", API_READS, kwargs=decision),
]

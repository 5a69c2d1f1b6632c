"""SOM decisions in the browser: recording, editing, moving and deleting decisions and decision
sections, and what each does to the mandate it decides on (status, end date, and the decision
as their reason)."""

import datetime
import re

import pytest
from django.urls import reverse

from emg.models import Meeting, Session
from emg.tests.form_pages import field_errors, messages_of, text_of
from mandates import services
from mandates.models import Decision, DecisionSection, Mandate
from mandates.tests.factories import MandateFactory

pytestmark = pytest.mark.django_db

OCT_28 = datetime.date(2020, 10, 28)


@pytest.fixture
def som_27(world):
    meeting = Meeting.objects.create(number=27)
    Session.objects.create(
        meeting=meeting, segment="senior", date=datetime.date(2021, 10, 7), online=True
    )
    return meeting


def section_in(meeting, mandate, title=None):
    return services.decision_section_add(
        meeting=meeting, title=title or mandate.name, mandate=mandate
    )


def reloaded(mandate) -> Mandate:
    return Mandate.objects.get(pk=mandate.pk)


# The services: what a decision does to its mandate


SOM_27_DAY = datetime.date(2021, 10, 7)
END_OF_2022 = datetime.date(2022, 12, 31)


# An extension runs the mandate until its date; concluding or transferring it ends it on the
# meeting day.
@pytest.mark.parametrize(
    ("verb", "until", "status", "end_date"),
    [
        (Decision.Verb.EXTEND, END_OF_2022, Mandate.Status.ACTIVE, END_OF_2022),
        (Decision.Verb.CONCLUDE, None, Mandate.Status.CONCLUDED, SOM_27_DAY),
        (Decision.Verb.TRANSFER, None, Mandate.Status.TRANSFERRED, SOM_27_DAY),
    ],
    ids=["extension", "conclusion", "transfer"],
)
def test_recording_a_decision_sets_the_mandates_status_and_end_with_the_decision_as_reason(
    world, som_27, verb, until, status, end_date
):
    services.mandate_apply_decisions(mandate=world.mandate)

    decision = services.decision_record(
        section=section_in(som_27, world.mandate),
        verb=verb,
        text=f"Decide to {verb} the IMG.",
        mandate=world.mandate,
        effective_until=until,
    )

    mandate = reloaded(world.mandate)
    assert mandate.status == status
    assert mandate.end_date == end_date
    assert mandate.status_decision == decision


def test_deleting_a_decision_recomputes_the_mandate_from_the_decisions_that_remain(world, som_27):
    services.mandate_apply_decisions(mandate=world.mandate)
    later = services.decision_record(
        section=section_in(som_27, world.mandate),
        verb=Decision.Verb.EXTEND,
        text="Extend again.",
        mandate=world.mandate,
        effective_until=datetime.date(2023, 12, 31),
    )
    assert reloaded(world.mandate).end_date == datetime.date(2023, 12, 31)

    services.decision_delete(decision=later)

    mandate = reloaded(world.mandate)
    assert mandate.end_date == datetime.date(2021, 12, 31)
    assert mandate.status_decision == world.decision

    services.decision_delete(decision=world.decision)

    mandate = reloaded(world.mandate)
    assert (mandate.status, mandate.end_date, mandate.status_decision) == ("active", None, None)


def test_a_decision_moved_to_another_mandate_updates_both(world, som_27):
    services.mandate_apply_decisions(mandate=world.mandate)

    services.decision_update(
        decision=world.decision,
        version=world.decision.version,
        section=world.section,
        verb=Decision.Verb.EXTEND,
        text=world.decision.text,
        mandate=world.other_mandate,
        effective_until=datetime.date(2021, 12, 31),
    )

    assert reloaded(world.mandate).status_decision is None
    assert reloaded(world.mandate).end_date is None
    assert reloaded(world.other_mandate).status_decision == world.decision
    assert reloaded(world.other_mandate).end_date == datetime.date(2021, 12, 31)


def test_moving_decisions_changes_which_one_takes_effect_last(world):
    conclusion = services.decision_record(
        section=world.section, verb="conclude", text="Conclude it.", mandate=world.mandate
    )
    assert reloaded(world.mandate).status == Mandate.Status.CONCLUDED

    assert services.decision_move(decision=conclusion, direction="up")

    mandate = reloaded(world.mandate)
    assert [d.text for d in world.section.decisions.order_by("order")] == [
        "Conclude it.",
        world.decision.text,
    ]
    assert (mandate.status, mandate.status_decision) == ("active", world.decision)
    assert not services.decision_move(decision=conclusion, direction="up")


def test_a_decision_recorded_at_a_place_makes_room_and_keeps_labels_in_order(world):
    first = services.decision_record(
        section=world.section, verb="welcome", text="Welcome.", mandate=None, order=1
    )

    assert list(world.section.decisions.order_by("order").values_list("pk", flat=True)) == [
        first.pk,
        world.decision.pk,
    ]


def test_items_go_under_a_lead_in_of_the_same_section_only(world, som_27):
    lead_in = services.decision_record(
        section=world.section, verb="extend", text="Agree to extend it to:", mandate=world.mandate
    )
    item = services.decision_record(
        section=world.section, verb="other", text="Finish.", mandate=None, parent=lead_in
    )

    assert (item.parent, item.order) == (lead_in, 1)
    with pytest.raises(Exception, match="another section"):
        services.decision_record(
            section=section_in(som_27, world.mandate),
            verb="other",
            text="Elsewhere.",
            mandate=None,
            parent=lead_in,
        )


def test_deleting_a_section_deletes_its_decisions_and_recomputes_their_mandates(world):
    services.mandate_apply_decisions(mandate=world.mandate)

    services.decision_section_delete(section=world.section)

    assert not Decision.objects.exists()
    assert reloaded(world.mandate).end_date is None
    history = Decision.history.filter(id=world.decision.pk, history_type="-")
    assert history.exists()


def test_moving_sections_swaps_their_numbers(world):
    second = section_in(world.meeting, world.other_mandate)

    assert services.decision_section_move(section=second, direction="up")

    assert list(world.meeting.decision_sections.order_by("order")) == [second, world.section]


# The pages: recording a decision in the browser


def decision_form(world, **values):
    return {
        "section": world.section.pk,
        "verb": "extend",
        "text": "Decide to extend the Issue Management Group on Alpha for two years.",
        "mandate": world.mandate.pk,
        **values,
    }


def add_url(world):
    return reverse("decisions:add", kwargs={"section_pk": world.section.pk})


def test_recording_an_extension_says_what_it_did_and_shows_on_the_meeting_page(
    client_as, world, secretariat
):
    response = client_as(secretariat).post(
        add_url(world), decision_form(world, effective_until="2022-12-31"), follow=True
    )

    decision = Decision.objects.latest("pk")
    assert response.redirect_chain[-1][0] == f"/meetings/26/#decision-{decision.pk}"
    assert messages_of(response) == [
        "Issue Management Group on Alpha extended until 31 December 2022 by this decision."
    ]
    mandate = reloaded(world.mandate)
    assert (mandate.end_date, mandate.status_decision) == (datetime.date(2022, 12, 31), decision)
    text = text_of(response.content.decode())
    assert "b) Decide to extend the Issue Management Group on Alpha for two years." in text
    assert "extend Issue Management Group on Alpha · runs until 31 December 2022" in text


def test_a_decision_overridden_by_a_later_one_says_so(client_as, world, secretariat, som_27):
    services.decision_record(
        section=section_in(som_27, world.mandate),
        verb="conclude",
        text="Conclude it.",
        mandate=world.mandate,
    )
    # The mandate is concluded now, but this extension is recorded for SOM 26, before it.
    world.decision.delete()

    response = client_as(secretariat).post(
        add_url(world), decision_form(world, effective_until="2021-12-31"), follow=True
    )

    assert messages_of(response) == [
        "Decision saved. Issue Management Group on Alpha stays concluded: a decision taken "
        "later sets its status."
    ]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"effective_until": "2020-06-30"},
            "effective_until",
            "The mandate cannot run until a date before the meeting that decides it "
            "(28 October 2020).",
        ),
        (
            {"verb": "request", "effective_until": "2022-12-31"},
            "effective_until",
            "Only a decision to establish or extend a mandate sets the date it runs until.",
        ),
        ({"mandate": ""}, "mandate", "Say which mandate this decision is to extend."),
        ({"text": ""}, "text", "This field is required."),
    ],
)
def test_a_decision_that_does_not_add_up_is_refused_next_to_the_field_and_not_saved(
    client_as, world, secretariat, values, field, message
):
    response = client_as(secretariat).post(add_url(world), decision_form(world, **values))

    assert response.status_code == 200
    assert field_errors(response.content.decode(), field) == [message]
    assert Decision.objects.count() == 1
    assert reloaded(world.mandate).status_decision is None


@pytest.mark.parametrize("verb", ["conclude", "transfer"])
def test_ending_a_mandate_that_is_not_active_is_refused(client_as, world, secretariat, verb):
    world.mandate.status = Mandate.Status.CONCLUDED
    world.mandate.save()

    response = client_as(secretariat).post(add_url(world), decision_form(world, verb=verb))

    ended = {"conclude": "concluded", "transfer": "transferred"}[verb]
    assert field_errors(response.content.decode(), "mandate") == [
        f"Issue Management Group on Alpha is not active (it is concluded), so it cannot be {ended}."
    ]
    assert Decision.objects.count() == 1


def test_the_decision_that_concluded_a_mandate_can_still_be_corrected(
    client_as, world, secretariat
):
    conclusion = services.decision_record(
        section=world.section, verb="conclude", text="Conclude it.", mandate=world.mandate
    )
    url = reverse("decisions:edit", kwargs={"pk": conclusion.pk})

    response = client_as(secretariat).post(
        url,
        decision_form(
            world, verb="conclude", text="Decide to conclude it.", version=conclusion.version
        ),
        follow=True,
    )

    assert messages_of(response) == [
        "Issue Management Group on Alpha concluded on 28 October 2020 by this decision."
    ]
    conclusion.refresh_from_db()
    assert conclusion.text == "Decide to conclude it."


def test_a_lead_in_of_another_section_is_refused(client_as, world, secretariat):
    other = section_in(world.meeting, world.other_mandate)
    lead_in = services.decision_record(
        section=other, verb="extend", text="Agree to:", mandate=world.other_mandate
    )

    response = client_as(secretariat).post(add_url(world), decision_form(world, parent=lead_in.pk))

    assert field_errors(response.content.decode(), "parent") == [
        "This lead-in belongs to another section."
    ]


def test_an_edit_over_someone_elses_change_is_refused_showing_the_current_values(
    client_as, world, secretariat
):
    opened = world.decision.version
    url = reverse("decisions:edit", kwargs={"pk": world.decision.pk})
    client = client_as(secretariat)
    client.post(
        url,
        decision_form(world, text="Decide to extend it until the end of 2021.", version=opened),
    )

    response = client.post(url, decision_form(world, text="My wording", version=opened))

    page = response.content.decode()
    assert response.status_code == 409
    assert f"{secretariat} changed this decision on" in text_of(page)
    assert "<dd>Decide to extend it until the end of 2021.</dd>" in page
    assert "My wording</textarea>" in page
    world.decision.refresh_from_db()
    assert world.decision.text == "Decide to extend it until the end of 2021."


def test_deleting_a_decision_in_the_browser_says_how_the_mandate_stands(
    client_as, world, secretariat
):
    services.mandate_apply_decisions(mandate=world.mandate)
    url = reverse("decisions:delete", kwargs={"pk": world.decision.pk})

    response = client_as(secretariat).post(url, follow=True)

    assert messages_of(response) == [
        "Decision deleted. Issue Management Group on Alpha now follows the decisions that "
        "remain: active."
    ]
    assert reloaded(world.mandate).end_date is None


def test_sections_are_added_numbered_and_moved_on_the_meeting_page(client_as, world, secretariat):
    client = client_as(secretariat)
    client.post(
        reverse("decisions:section_add", kwargs={"number": 26}),
        {"title": "EMG Nexus Dialogues", "label_style": "{a})"},
    )
    added = DecisionSection.objects.get(title="EMG Nexus Dialogues")
    client.post(reverse("decisions:section_move", kwargs={"pk": added.pk}), {"direction": "up"})

    text = text_of(client.get(reverse("meetings:detail", kwargs={"number": 26})).content.decode())

    assert text.index("I. EMG Nexus Dialogues") < text.index("II. Issue Management Group on Alpha")
    assert "No decisions recorded in this section yet." in text


@pytest.mark.parametrize("url_name", ["decisions:section_move", "decisions:move"])
def test_a_move_in_no_known_direction_is_a_bad_request(client_as, world, secretariat, url_name):
    row = world.section if url_name == "decisions:section_move" else world.decision

    response = client_as(secretariat).post(reverse(url_name, kwargs={"pk": row.pk}), {})

    assert response.status_code == 400
    assert "Say whether to move the" in response.content.decode()


def test_the_decision_history_shows_who_changed_what(client_as, world, secretariat):
    client = client_as(secretariat)
    client.post(
        reverse("decisions:edit", kwargs={"pk": world.decision.pk}),
        decision_form(world, text="Decide to extend it.", version=world.decision.version),
    )

    page = client.get(reverse("decisions:history", kwargs={"pk": world.decision.pk}))

    text = text_of(page.content.decode())
    assert "History of decision I. a) of SOM 26" in text
    assert "Decision changed: Decide to extend it." in text
    assert secretariat.get_full_name() in text
    assert re.search(r"Text Decide to extend the Issue Management Group on Alpha .* Decide", text)


def test_decision_views_refuse_get_for_changes_and_others_for_readers(
    client_as, world, senior_official
):
    client = client_as(senior_official)

    assert (
        client.get(reverse("decisions:delete", kwargs={"pk": world.decision.pk})).status_code == 405
    )
    assert (
        client.post(reverse("decisions:delete", kwargs={"pk": world.decision.pk})).status_code
        == 403
    )
    assert Decision.objects.filter(pk=world.decision.pk).exists()


def test_moving_the_senior_segment_re_dates_the_mandates_that_meeting_concluded(world):
    world.decision.verb = Decision.Verb.CONCLUDE
    world.decision.effective_until = None
    world.decision.save()
    services.mandate_apply_decisions(mandate=world.mandate)
    world.mandate.refresh_from_db()
    assert world.mandate.end_date == datetime.date(2020, 10, 28)

    world.session.date = datetime.date(2020, 11, 4)
    world.session.save()

    world.mandate.refresh_from_db()
    assert world.mandate.status == Mandate.Status.CONCLUDED
    assert world.mandate.end_date == datetime.date(2020, 11, 4)


# The mandates a decision may be about: those running at its meeting, not every one there was


@pytest.fixture
def long_ended(world):
    """A body that ended years before SOM 26, and one established years after it."""
    return (
        MandateFactory(
            name="Task Team on Ozone",
            start_date=datetime.date(2010, 1, 1),
            end_date=datetime.date(2015, 12, 31),
            status=Mandate.Status.CONCLUDED,
        ),
        MandateFactory(name="Task Team on Fusion", start_date=datetime.date(2030, 1, 1)),
    )


def offered_mandates(html: str) -> list[str]:
    select = re.search(r'<select name="mandate".*?</select>', html, flags=re.S).group(0)
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


def test_a_decision_offers_the_mandates_running_at_its_meeting_or_ended_in_the_year_before(
    client_as, world, secretariat, long_ended
):
    MandateFactory(name="Task Team on Lately Ended", end_date=datetime.date(2020, 3, 31))

    html = client_as(secretariat).get(add_url(world)).content.decode()

    assert offered_mandates(html) == sorted(
        [world.mandate.name, world.other_mandate.name, "Task Team on Lately Ended"]
    )


def test_a_decision_about_a_mandate_not_running_at_its_meeting_is_refused_next_to_the_field(
    client_as, world, secretariat, long_ended
):
    ozone, _ = long_ended

    response = client_as(secretariat).post(
        add_url(world), decision_form(world, verb="take_note", mandate=ozone.pk)
    )

    assert field_errors(response.content.decode(), "mandate") == [
        "Choose one of the mandates listed: those running at this meeting or ended in the year "
        "before it."
    ]
    assert Decision.objects.count() == 1


def test_a_decision_or_section_keeps_offering_the_mandate_it_names(
    client_as, world, secretariat, long_ended
):
    ozone, _ = long_ended
    Decision.objects.filter(pk=world.decision.pk).update(mandate=ozone, verb="take_note")
    DecisionSection.objects.filter(pk=world.section.pk).update(mandate=ozone)
    client = client_as(secretariat)

    decision_page = client.get(reverse("decisions:edit", kwargs={"pk": world.decision.pk}))
    section_page = client.get(reverse("decisions:section_edit", kwargs={"pk": world.section.pk}))

    assert "Task Team on Ozone" in offered_mandates(decision_page.content.decode())
    assert "Task Team on Ozone" in offered_mandates(section_page.content.decode())


def test_a_section_offers_and_accepts_only_the_mandates_running_at_its_meeting(
    client_as, world, secretariat, long_ended
):
    ozone, _ = long_ended
    client = client_as(secretariat)
    url = reverse("decisions:section_add", kwargs={"number": 26})

    offered = offered_mandates(client.get(url).content.decode())
    response = client.post(url, {"title": "Ozone", "label_style": "{a})", "mandate": ozone.pk})

    assert offered == sorted([world.mandate.name, world.other_mandate.name])
    assert field_errors(response.content.decode(), "mandate") == [
        "Choose one of the mandates listed: those running at this meeting or ended in the year "
        "before it."
    ]
    assert not DecisionSection.objects.filter(title="Ozone").exists()


def test_a_meetings_action_points_cost_two_queries_however_many_sections(
    world, django_assert_num_queries
):
    from mandates.selectors import action_points

    for order in range(2, 6):
        section = DecisionSection.objects.create(
            meeting=world.meeting, order=order, title=f"Section {order}"
        )
        Decision.objects.create(section=section, order=1, text="Note.", mandate=world.mandate)

    with django_assert_num_queries(2):
        context = action_points(world.meeting)
        shown = [
            (entry["number"], item["label"], str(item["decision"].mandate))
            for entry in context["sections"]
            for item in entry["decisions"]
        ]

    assert shown[0] == ("I.", "a)", world.mandate.name)
    assert [number for number, _, _ in shown] == ["I.", "II.", "III.", "IV.", "V."]
    assert context["count"] == 5


def test_a_long_lead_in_is_offered_by_the_start_of_its_text(world):
    from mandates.forms import DecisionForm

    long_text = "Agree to extend the Issue Management Group " + "on a long topic " * 10
    Decision.objects.filter(pk=world.decision.pk).update(text=long_text)

    form = DecisionForm(initial={"section": world.section}, meeting=world.meeting)
    labels = [str(label) for _, label in form.fields["parent"].choices][1:]

    assert len(labels) == 1 and labels[0].startswith("I. Agree to extend the Issue")
    assert labels[0].endswith("…") and len(labels[0]) <= len("I. ") + 90


def offered_sections(html: str) -> list[str]:
    select = re.search(r'<select name="section".*?</select>', html, flags=re.S).group(0)
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


def test_a_decision_offers_its_meetings_sections_numbered_and_refuses_another_meetings(
    client_as, world, secretariat, som_27
):
    section_in(world.meeting, world.other_mandate, title="Second section")
    elsewhere = section_in(som_27, world.mandate, title="At SOM 27")
    client = client_as(secretariat)

    offered = offered_sections(client.get(add_url(world)).content.decode())
    response = client.post(add_url(world), decision_form(world, section=elsewhere.pk))

    assert offered == [f"I. {world.section.title}", "II. Second section"]
    assert field_errors(response.content.decode(), "section") == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert not elsewhere.decisions.exists()

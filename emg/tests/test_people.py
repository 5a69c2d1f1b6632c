"""People: invitations (made, e-mailed, sent again, revoked, accepted once, expired), the
people list and a person's page, role and entity changes, deactivation and reactivation."""

import datetime
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from emg import people
from emg.models import Invitation, Notification, User, UserSession
from emg.people import send_invitation
from emg.tests import payloads
from emg.tests.xss import read
from mandates.models import FocalPoint
from mandates.services import person_invite

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s\"<]+/invitations/[A-Za-z0-9_-]+/")


def invite(inviter, entity, *, email="nadia@example.org", role=User.Role.SENIOR_OFFICIAL, **more):
    values = {"first_name": "Nadia", "last_name": "Newcomer", **more}
    return people.invitation_create(
        email=email, entity=entity, role=role, invited_by=inviter, **values
    )


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


def path_of(link: str) -> str:
    return link.removeprefix(settings.SITE_URL)


# Invitations: the services.


def test_an_invitation_creates_the_person_inactive_without_a_password(secretariat, unep):
    invitation = invite(secretariat, unep)

    person = invitation.user
    assert not person.is_active
    assert not person.has_usable_password()
    assert (person.email, person.role, person.entity) == (
        "nadia@example.org",
        "senior_official",
        unep,
    )
    assert invitation.token_hash == people.token_hash(invitation.token)
    assert invitation.token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert invitation.expires_at - timezone.now() == pytest.approx(
        datetime.timedelta(days=settings.INVITATION_DAYS), abs=datetime.timedelta(minutes=1)
    )


def test_an_email_already_used_is_refused_whatever_its_case(secretariat, unep, focal_point):
    with pytest.raises(ValidationError) as refused:
        invite(secretariat, unep, email=focal_point.email.upper())

    assert "email" in refused.value.message_dict
    assert Invitation.objects.count() == 0


def test_the_invitation_email_goes_once_committed_with_text_and_html(
    secretariat, unep, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(secretariat, unep)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@example.org"]
    assert "\n" not in message.subject
    assert message.subject.startswith("[EMG] ")  # as every mail of the workspace
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    link = settings.SITE_URL + reverse("invitation", kwargs={"token": invitation.token})
    assert link_in(message) == link
    assert f'href="{link}"' in html
    invitation.refresh_from_db()
    assert invitation.sent_token == invitation.token_hash
    assert invitation.sent_at is not None


def test_sending_the_same_invitation_twice_sends_one_email(
    secretariat, unep, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(secretariat, unep)

    again = send_invitation.apply(args=[invitation.pk, invitation.token]).get()

    assert again is False
    assert len(mail.outbox) == 1


def test_a_name_of_markup_comes_out_of_the_email_as_text(
    secretariat, unep, django_capture_on_commit_callbacks
):
    name = payloads.XSS[0] + payloads.XSS[1]
    with django_capture_on_commit_callbacks(execute=True):
        invite(secretariat, unep, first_name=name[:150], last_name=payloads.XSS[3])

    message = mail.outbox[0]
    html = message.alternatives[0][0]
    reader = read(html)
    assert not reader.live, reader.live[:3]
    assert payloads.XSS[0] in reader.text
    assert "<script" not in html.lower()
    assert payloads.XSS[0] in message.body  # plain text: as typed, nothing runs there


def test_resending_issues_a_new_link_and_the_old_one_stops_working(
    secretariat, unep, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(secretariat, unep)
    old = path_of(link_in(mail.outbox[0]))

    with django_capture_on_commit_callbacks(execute=True):
        people.invitation_resend(invitation=invitation)

    assert len(mail.outbox) == 2
    new = path_of(link_in(mail.outbox[1]))
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_link_is_used_once(secretariat, unep, client):
    invitation = invite(secretariat, unep)
    link = reverse("invitation", kwargs={"token": invitation.token})

    first = client.post(link)
    second = client.post(link)

    assert first.status_code == 200
    assert second.status_code == 410
    assert "already been used" in second.content.decode()
    person = User.objects.get(pk=invitation.user_id)
    assert person.is_active
    assert client.session[SESSION_KEY] == str(person.pk)


def test_accepting_activates_and_verifies_the_email_for_sign_in(secretariat, unep, client):
    invitation = invite(secretariat, unep, email="Nadia.Newcomer@Example.org")

    client.post(reverse("invitation", kwargs={"token": invitation.token}))

    address = EmailAddress.objects.get(user=invitation.user)
    assert (address.email, address.verified, address.primary) == (
        "Nadia.Newcomer@Example.org",
        True,
        True,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_accepting_tells_the_inviter_once_in_the_inbox_and_by_email(
    secretariat, unep, django_capture_on_commit_callbacks
):
    invitation = invite(secretariat, unep)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        people.invitation_accept(invitation=invitation)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(people.InvitationClosed):
        people.invitation_accept(invitation=invitation)

    told = Notification.objects.get(recipient=secretariat, kind="invitation_accepted")
    assert told.summary == "Nadia Newcomer accepted your invitation"
    assert told.url == reverse("people:detail", args=[invitation.user.pk])
    assert [message.to for message in mail.outbox] == [[secretariat.email]]
    assert "Nadia Newcomer" in mail.outbox[0].body


def test_a_second_accept_of_the_same_invitation_is_refused(secretariat, unep):
    invitation = invite(secretariat, unep)
    people.invitation_accept(invitation=invitation)

    with pytest.raises(people.InvitationClosed) as closed:
        people.invitation_accept(invitation=invitation)

    assert closed.value.reason == "accepted"


def test_opening_the_link_changes_nothing(secretariat, unep, client):
    invitation = invite(secretariat, unep)

    page = client.get(reverse("invitation", kwargs={"token": invitation.token}))

    assert page.status_code == 200
    assert "Nadia Newcomer" in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not User.objects.get(pk=invitation.user_id).is_active


def test_an_expired_link_says_so_and_activates_no_one(secretariat, unep, client):
    invitation = invite(secretariat, unep)
    link = reverse("invitation", kwargs={"token": invitation.token})

    with time_machine.travel(
        timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS, minutes=1)
    ):
        page = client.get(link)
        posted = client.post(link)

    assert page.status_code == posted.status_code == 410
    assert "expired" in posted.content.decode()
    assert not User.objects.get(pk=invitation.user_id).is_active
    assert SESSION_KEY not in client.session


def test_a_link_still_works_the_day_before_it_expires(secretariat, unep, client):
    invitation = invite(secretariat, unep)

    with time_machine.travel(
        timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS - 1)
    ):
        posted = client.post(reverse("invitation", kwargs={"token": invitation.token}))

    assert posted.status_code == 200
    assert User.objects.get(pk=invitation.user_id).is_active


def test_revoking_deletes_the_person_who_never_signed_in_and_the_link_says_revoked(
    secretariat, unep, mandate, client
):
    invitation = person_invite(
        email="nadia@example.org",
        first_name="Nadia",
        last_name="Newcomer",
        entity=unep,
        role=User.Role.FOCAL_POINT,
        mandates=[mandate],
        invited_by=secretariat,
    )
    person_pk = invitation.user_id

    people.invitation_revoke(invitation=invitation)

    assert not User.objects.filter(pk=person_pk).exists()
    assert not FocalPoint.objects.filter(user_id=person_pk).exists()
    assert FocalPoint.history.filter(user_id=person_pk, history_type="-").exists()
    posted = client.post(reverse("invitation", kwargs={"token": invitation.token}))
    assert posted.status_code == 410
    assert "withdrawn" in posted.content.decode()
    # The address may be invited again.
    assert invite(secretariat, unep).user.email == "nadia@example.org"


def test_an_accepted_invitation_cannot_be_revoked_or_sent_again(secretariat, unep):
    invitation = invite(secretariat, unep)
    people.invitation_accept(invitation=invitation)

    for action in (people.invitation_revoke, people.invitation_resend):
        with pytest.raises(ValidationError):
            action(invitation=invitation)
    assert User.objects.get(pk=invitation.user_id).is_active


def test_an_unknown_link_is_not_found(client, db):
    assert client.get(reverse("invitation", kwargs={"token": "x" * 43})).status_code == 404
    assert client.post(reverse("invitation", kwargs={"token": "x" * 300})).status_code == 404


# Deactivating, reactivating, changing role and entity.


def test_deactivating_ends_the_persons_sessions_at_once_and_keeps_their_records(
    secretariat, focal_point, client, world
):
    client.force_login(focal_point)
    assert UserSession.objects.filter(user=focal_point).exists()

    people.person_deactivate(person=focal_point, by=secretariat)

    assert not UserSession.objects.filter(user=focal_point).exists()
    assert client.get(reverse("home")).status_code == 302
    world.update.refresh_from_db()
    assert world.update.author == focal_point
    assert FocalPoint.objects.filter(user=focal_point).exists()


def test_the_last_active_secretariat_member_cannot_be_deactivated_or_change_role(secretariat, bob):
    people.person_deactivate(person=bob, by=secretariat)

    with pytest.raises(ValidationError, match="last active member"):
        people.person_update(
            person=secretariat,
            version=secretariat.version,
            role=User.Role.FOCAL_POINT,
            entity=secretariat.entity,
        )
    with pytest.raises(ValidationError, match="yourself"):
        people.person_deactivate(person=secretariat, by=secretariat)
    secretariat.refresh_from_db()
    assert secretariat.is_secretariat


def test_a_secretariat_member_may_leave_it_while_another_stays(secretariat, bob):
    people.person_update(
        person=bob, version=bob.version, role=User.Role.FOCAL_POINT, entity=bob.entity
    )

    bob.refresh_from_db()
    assert bob.role == User.Role.FOCAL_POINT


def test_reactivating_lets_them_sign_in_again_but_not_an_invited_person(
    secretariat, focal_point, unep
):
    people.person_deactivate(person=focal_point, by=secretariat)
    people.person_reactivate(person=focal_point)
    invitation = invite(secretariat, unep)

    focal_point.refresh_from_db()
    assert focal_point.is_active
    with pytest.raises(ValidationError, match="not accepted"):
        people.person_reactivate(person=invitation.user)


# The pages.


def test_the_list_filters_by_entity_role_state_and_words(world, client_as, unep):
    invite(world.people["secretariat"], unep, first_name="Ingrid", last_name="Invited")
    client = client_as(world.people["secretariat"])

    def names(**query):
        response = client.get(reverse("people:list"), query)
        assert response.status_code == 200
        return sorted(p.username for p, _state in response.context["rows"])

    assert names(state="invited") == ["nadia@example.org"]
    assert names(state="active", entity="UNDP") == ["fiona", "sam"]
    assert names(role="focal_point") == ["fiona", "oscar"]
    assert names(role="senior_official") == ["nadia@example.org", "sam"]
    assert names(q="ingrid invited") == ["nadia@example.org"]
    assert names(q="oscar@EXAMPLE") == ["oscar"]
    people.person_deactivate(person=world.people["senior_official"], by=world.people["secretariat"])
    assert names(state="deactivated") == ["sam"]


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("role=king", "Select a valid choice."),
        ("state=%C2%B2", "Select a valid choice."),
        ("entity=NOPE", "Select a valid choice."),
        ("q=%00", "Null characters are not allowed."),
    ],
)
def test_a_filter_given_a_value_it_does_not_take_says_so_next_to_it(query, error, world, client_as):
    response = client_as(world.people["secretariat"]).get(f"{reverse('people:list')}?{query}")

    assert response.status_code == 200
    assert error in response.content.decode()
    assert response.context["filter"].form.errors


def test_a_focal_point_sees_only_their_own_profile_read_only(world, client_as):
    client = client_as(world.people["focal_point"])

    mine = client.get(reverse("people:me"))

    assert mine.status_code == 200
    page = mine.content.decode()
    assert world.mandate.name in page  # the mandates they report for
    assert reverse("people:edit", kwargs={"pk": world.people["focal_point"].pk}) not in page
    other = reverse("people:detail", kwargs={"pk": world.people["other_focal_point"].pk})
    assert client.get(other).status_code == 404


def test_the_invite_form_says_what_is_wrong_next_to_each_field(world, client_as):
    response = client_as(world.people["secretariat"]).post(
        reverse("people_invite"),
        {
            "first_name": "",
            "last_name": "Newcomer",
            "email": world.people["focal_point"].email.upper(),
            "role": User.Role.SENIOR_OFFICIAL,
            "mandates": [world.mandate.pk],
        },
    )

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert "first_name" in errors
    assert "Someone already has this e-mail address" in errors["email"][0]
    assert "Only a focal point" in errors["mandates"][0]
    assert Invitation.objects.count() == 0


def test_the_invite_form_chooses_no_role_until_one_is_chosen(world, client_as):
    client = client_as(world.people["secretariat"])
    page = client.get(reverse("people_invite")).content.decode()
    response = client.post(
        reverse("people_invite"),
        {"first_name": "Nadia", "last_name": "Okafor", "email": "nadia@example.org", "role": ""},
    )

    # A browser shows a select's first option as chosen: it must not be the secretariat's.
    role_select = re.search(r'<select name="role".*?</select>', page, re.S).group(0)
    first_option = re.search(r'<option value="([^"]*)"', role_select).group(1)
    assert first_option == ""
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="nadia@example.org").exists()


def test_inviting_a_focal_point_nominates_them_for_the_mandates_chosen(
    world, client_as, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(world.people["secretariat"]).post(
            reverse("people_invite"),
            {
                "first_name": "Nadia",
                "last_name": "Newcomer",
                "email": "nadia@example.org",
                "entity": world.entity.pk,
                "role": User.Role.FOCAL_POINT,
                "mandates": [world.mandate.pk, world.other_mandate.pk],
            },
        )

    person = User.objects.get(email="nadia@example.org")
    assert response.status_code == 302
    assert response.url == reverse("people:detail", kwargs={"pk": person.pk})
    nominated = FocalPoint.objects.filter(user=person)
    assert {fp.mandate for fp in nominated} == {world.mandate, world.other_mandate}
    assert {fp.nominated_by for fp in nominated} == {world.entity}
    assert len(mail.outbox) == 1
    page = client_as(world.people["secretariat"]).get(response.url).content.decode()
    assert "Invited" in page and world.other_mandate.name in page


def test_a_double_post_of_the_invite_form_invites_once(world, client_as):
    client = client_as(world.people["secretariat"])
    data = {
        "first_name": "Nadia",
        "last_name": "Newcomer",
        "email": "nadia@example.org",
        "role": User.Role.SENIOR_OFFICIAL,
    }

    first = client.post(reverse("people_invite"), data)
    second = client.post(reverse("people_invite"), data)

    assert (first.status_code, second.status_code) == (302, 200)
    assert Invitation.objects.count() == 1


def test_the_role_form_refuses_a_stale_version_and_shows_the_current_values(world, client_as):
    person = world.people["senior_official"]
    url = reverse("people:edit", kwargs={"pk": person.pk})
    client = client_as(world.people["secretariat"])
    opened = person.version
    people.person_update(person=person, version=opened, role="focal_point", entity=person.entity)

    response = client.post(
        url, {"role": "secretariat", "entity": person.entity_id, "version": opened}
    )

    assert response.status_code == 409
    person.refresh_from_db()
    assert person.role == "focal_point"


def test_the_role_form_says_why_the_last_secretariat_member_keeps_the_role(world, client_as):
    me = world.people["secretariat"]
    response = client_as(me).post(
        reverse("people:edit", kwargs={"pk": me.pk}),
        {"role": "focal_point", "entity": me.entity_id, "version": me.version},
    )

    assert response.status_code == 200
    assert "last active member" in response.context["form"].errors["role"][0]


def test_deactivate_and_revoke_pressed_twice_answer_with_a_message_not_an_error(
    world, client_as, unep
):
    client = client_as(world.people["secretariat"])
    sam = world.people["senior_official"]
    deactivate = reverse("people:deactivate", kwargs={"pk": sam.pk})
    assert client.post(deactivate).status_code == 302
    again = client.post(deactivate, follow=True)
    assert again.status_code == 200
    assert "is not active" in again.content.decode()

    invitation = invite(world.people["secretariat"], unep)
    revoke = reverse("people:invitation_revoke", kwargs={"pk": invitation.user_id})
    assert client.post(revoke).status_code == 302
    assert client.post(revoke).status_code == 404  # the person is gone


def test_the_person_history_shows_the_role_change(world, client_as):
    person = world.people["senior_official"]
    people.person_update(
        person=person, version=person.version, role="focal_point", entity=person.entity
    )

    page = client_as(world.people["secretariat"]).get(
        reverse("people:history", kwargs={"pk": person.pk})
    )

    assert page.status_code == 200
    assert "Focal point" in page.content.decode()


def test_someone_invited_sets_a_password_after_accepting_and_signs_in_with_it(
    secretariat, unep, client
):
    invitation = invite(secretariat, unep)
    client.post(reverse("invitation", kwargs={"token": invitation.token}))
    password = "a long and unusual passphrase 42"

    response = client.post(
        reverse("people:password"), {"new_password1": password, "new_password2": password}
    )

    assert response.status_code == 302
    person = User.objects.get(pk=invitation.user_id)
    assert person.check_password(password)
    assert client.get(reverse("people:password")).status_code == 403  # only once, without one


def test_navigation_offers_people_to_the_secretariat_and_my_profile_to_everyone(world, client_as):
    for role, sees_people in (("secretariat", True), ("focal_point", False)):
        page = client_as(world.people[role]).get(reverse("home")).content.decode()
        assert (f'href="{reverse("people:list")}"' in page) is sees_people
        assert f'href="{reverse("people:me")}"' in page


def test_someone_without_the_right_cannot_deactivate_even_themself(world, client_as):
    sam = world.people["senior_official"]

    response = client_as(sam).post(reverse("people:deactivate", kwargs={"pk": sam.pk}))

    assert response.status_code == 403
    sam.refresh_from_db()
    assert sam.is_active

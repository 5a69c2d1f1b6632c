"""People: the secretariat invites them, changes their role or entity, deactivates and
reactivates them; the invited person accepts once, through the link e-mailed to them.

An invitation creates the person at once, inactive and with no password, so that the people
list shows them as invited and the mandates they are to report for can name them (the mandates
app nominates them: mandates.services.person_invite). Accepting activates them, records their
e-mail as verified for django-allauth and signs them in; a password is optional, since they can
always sign in with a code e-mailed to them.

The link's token is e-mailed and never stored: the invitation keeps its SHA-256. The task that
sends the e-mail is therefore given the token with the invitation's key, and sends only while
that token is still the invitation's (sending again issues a new one).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import smtplib

from allauth.account.models import EmailAddress
from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

from emg.mail import mail_send
from emg.models import Entity, Invitation, User
from emg.notifications.kinds import invitation_accepted_notify
from emg.sessions import sessions_end
from emg.versions import claim

log = logging.getLogger(__name__)


class InvitationClosed(Exception):
    """The link cannot be used (any more): ``reason`` is "accepted", "revoked" or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("entity", "invited_by", "user")
        .filter(token_hash=token_hash(token))
        .first()
    )


def closed_reason(invitation: Invitation, now: datetime.datetime | None = None) -> str | None:
    """Why ``invitation``'s link no longer works, or None while it does."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.is_expired(now or timezone.now()):
        return "expired"
    return None


def email_taken(email: str, *, exclude: User | None = None) -> User | None:
    """The person who has ``email`` already, whatever its case."""
    people = User.objects.filter(email__iexact=email.strip())
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return people.first()


def _username_for(email: str) -> str:
    """People sign in by e-mail; the username Django requires is made from it, unique."""
    base = email.strip().lower()[:140]
    name, number = base, 1
    while User.objects.filter(username=name).exists():
        number += 1
        name = f"{base}-{number}"
    return name


def _issue(invitation: Invitation) -> Invitation:
    """Give ``invitation`` a new token and expiry, save it, and queue its e-mail for the commit.
    The token is on the instance (``invitation.token``) for the caller, never in the database."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.expires_at = timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS)
    invitation.save()
    invitation.token = token
    pk = invitation.pk
    transaction.on_commit(lambda: invitation_enqueue(invitation_pk=pk, token=token))
    return invitation


@transaction.atomic
def invitation_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    entity: Entity | None,
    role: str,
    invited_by: User | None,
) -> Invitation:
    """Create the person ``email`` names, inactive, and invite them: an e-mail with a link that
    works once, for settings.INVITATION_DAYS days, goes once this is committed."""
    email = email.strip()
    if email_taken(email):
        raise ValidationError(
            {"email": _("Someone already has this e-mail address.")}, code="email_taken"
        )
    person = User(
        username=_username_for(email),
        email=email,
        first_name=first_name,
        last_name=last_name,
        entity=entity,
        role=role,
        is_active=False,
    )
    person.set_unusable_password()
    person.save()
    invitation = Invitation(
        user=person,
        email=email,
        name=person.get_full_name() or email,
        entity=entity,
        role=role,
        invited_by=invited_by,
    )
    return _issue(invitation)


def _locked_pending(invitation: Invitation) -> Invitation:
    """The invitation's row, locked until the transaction ends; refused when it was accepted or
    revoked already (a double click, a colleague's click)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has been accepted already."), code="accepted")
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has been revoked already."), code="revoked")
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """Send the invitation again with a new link and a new expiry: the old link stops
    working."""
    return _issue(_locked_pending(invitation))


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    """Withdraw an invitation not yet accepted. The person it created never signed in and has
    no records of their own: they are deleted (with their nominations as focal point, which
    the mandates' history keeps), so that their e-mail can be invited again. The invitation
    stays, and its link says it was revoked."""
    invitation = _locked_pending(invitation)
    person = invitation.user
    invitation.revoked_at = timezone.now()
    invitation.user = None
    invitation.save()
    if person is not None:
        person.delete()
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation) -> User:
    """Use the invitation's link: once, before it expires, unless revoked (else
    InvitationClosed). Activates the person and records their e-mail as verified and primary."""
    now = timezone.now()
    # Compare-and-set: of two posts of the same link (a double click) exactly one claims it.
    claimed = Invitation.objects.filter(
        pk=invitation.pk,
        token_hash=invitation.token_hash,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).update(accepted_at=now)
    if not claimed:
        invitation.refresh_from_db()
        raise InvitationClosed(closed_reason(invitation, now) or "accepted")
    invitation.refresh_from_db()
    invitation.save()  # the claim, in the invitation's history
    person = invitation.user
    person.is_active = True
    person.save()
    EmailAddress.objects.filter(user=person).delete()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    if invitation.invited_by_id and invitation.invited_by.is_active:
        invitation_accepted_notify(
            inviter=invitation.invited_by,
            invited=person,
            key=str(invitation.pk),
            url=reverse("people:detail", args=[person.pk]),
        )
    return person


def _secretariat_stays(person: User, *, leaving: bool) -> None:
    """Refuse to leave the Group without an active member of the secretariat: nobody could
    invite or reactivate anyone any more. The active secretariat's rows are locked, so that two
    of them removing each other at the same moment take turns."""
    if not leaving or not person.is_secretariat:
        return
    members = list(
        User.objects.select_for_update()
        .filter(is_active=True, role=User.Role.SECRETARIAT)
        .values_list("pk", flat=True)
    )
    if members == [person.pk]:
        raise ValidationError(
            _(
                "%(person)s is the last active member of the secretariat: invite or reactivate "
                "another one first."
            )
            % {"person": person},
            code="last_secretariat",
        )


@transaction.atomic
def person_update(*, person: User, version: int, role: str, entity: Entity | None) -> User:
    """Change the person's role and entity, on the version their form was opened on."""
    # As stored: a ModelForm has set the values typed on the instance it was given already.
    stored = User.objects.get(pk=person.pk)
    _secretariat_stays(stored, leaving=role != User.Role.SECRETARIAT)
    claim(person, version)
    person.role = role
    person.entity = entity
    person.save()
    return person


@transaction.atomic
def person_deactivate(*, person: User, by: User) -> User:
    """Switch the person off: they are signed out everywhere at once and cannot sign in; what
    they wrote stays, with their name."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.pk == by.pk:
        raise ValidationError(_("You cannot deactivate yourself: ask a colleague."), code="self")
    if not person.is_active:
        raise ValidationError(_("%(person)s is not active.") % {"person": person}, code="inactive")
    _secretariat_stays(person, leaving=True)
    person.is_active = False
    person.save()
    sessions_end(user=person)
    return person


@transaction.atomic
def person_reactivate(*, person: User) -> User:
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.is_active:
        raise ValidationError(
            _("%(person)s is active already.") % {"person": person}, code="active"
        )
    if person.invitations.pending().exists():
        raise ValidationError(
            _("%(person)s has not accepted their invitation yet: send it again instead.")
            % {"person": person},
            code="invited",
        )
    person.is_active = True
    person.save()
    return person


# The e-mail.


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("invitation", kwargs={"token": token})


def invitation_mail_context(invitation: Invitation, token: str) -> dict:
    """What the invitation's e-mail (templates/emg/email/invitation*, sent by emg.mail) shows."""
    return {
        "invitation": invitation,
        "url": invitation_url(token),
        "expires_at": invitation.expires_at,
        "invited_by": invitation.invited_by,
    }


def invitation_send(*, invitation_pk: int, token: str) -> bool:
    """Send the invitation's e-mail with the link of ``token``, unless sent already, sent
    again with another token since, accepted or revoked. Safe to run twice: the send claims
    ``sent_token`` first (compare-and-set), in the transaction that sends, so that a second run
    finds it claimed, and a failed send leaves it unclaimed for a retry."""
    digest = token_hash(token)
    with transaction.atomic():
        claimed = (
            Invitation.objects.filter(
                pk=invitation_pk,
                token_hash=digest,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
            )
            .exclude(sent_token=digest)
            .update(sent_token=digest, sent_at=timezone.now())
        )
        if not claimed:
            return False
        invitation = Invitation.objects.select_related("invited_by", "entity").get(pk=invitation_pk)
        mail_send(
            template="emg/email/invitation",
            context=invitation_mail_context(invitation, token),
            to=[invitation.email],
        )
    return True


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_invitation(self, invitation_pk: int, token: str) -> bool:
    """The invitation's e-mail (``invitation_send``); a mail server that does not answer is
    tried again a few times."""
    try:
        return invitation_send(invitation_pk=invitation_pk, token=token)
    except (smtplib.SMTPException, ConnectionError, TimeoutError) as exc:
        raise self.retry(exc=exc, countdown=60) from exc


def invitation_enqueue(*, invitation_pk: int, token: str) -> bool:
    """Hand the e-mail to the workers. A broker that does not answer is logged: the person
    page offers to send the invitation again."""
    try:
        send_invitation.apply_async(args=[invitation_pk, token], retry=False)
    except (BrokerError, RedisConnectionError, OSError) as exc:
        log.error("invitation %s: could not queue its e-mail: %s", invitation_pk, exc)
        return False
    return True

"""The Group's own kinds of notification: a meeting pack finished (to those who asked), an
invitation accepted (to the member of the secretariat who sent it), the report of a meeting
circulated for comment (to the Senior Officials) or issued final (to them and the focal
points)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emg.models import MeetingPack, MeetingReport, User
from emg.notifications.registry import Kind, register
from emg.notifications.services import notify

PACK_READY = register(
    Kind(
        name="pack_ready",
        label=gettext_lazy("A meeting pack I asked for is ready (or failed)"),
        roles=frozenset(User.Role.values),
        template="emg/email/notifications/pack_ready",
        order=50,
    )
)

INVITATION_ACCEPTED = register(
    Kind(
        name="invitation_accepted",
        label=gettext_lazy("Someone I invited has joined"),
        roles=frozenset({User.Role.SECRETARIAT}),
        template="emg/email/notifications/invitation_accepted",
        order=60,
    )
)

REPORT_ISSUED = register(
    Kind(
        name="report_issued",
        label=gettext_lazy("The report of a meeting is circulated for comment, or issued final"),
        roles=frozenset({User.Role.SENIOR_OFFICIAL, User.Role.FOCAL_POINT}),
        template="emg/email/notifications/report_issued",
        order=70,
    )
)


def report_issued_notify(*, report: MeetingReport) -> int:
    """Tell the Group's members that the report of a meeting was circulated for comment (each
    circulation: a new draft is news) or issued final. Call it in the transaction that does
    it."""
    meeting = report.meeting
    final = report.is_final
    if final:
        summary = _("The report of %(meeting)s was issued final") % {"meeting": meeting}
        key = f"{report.pk}:final"
    else:
        summary = _("The draft report of %(meeting)s is circulated for comment") % {
            "meeting": meeting
        }
        key = f"{report.pk}:circulated:{report.circulated_at.isoformat()}"
    # As they read it (MeetingReport.objects.visible_to): a draft circulated for comment, the
    # Senior Officials; the final report, every member.
    roles = (
        [User.Role.SENIOR_OFFICIAL, User.Role.FOCAL_POINT] if final else [User.Role.SENIOR_OFFICIAL]
    )
    readers = User.objects.filter(is_active=True, role__in=roles)
    created = notify(
        kind=REPORT_ISSUED.name,
        recipients=readers,
        key=key,
        summary=summary,
        url=reverse("meetings:report", kwargs={"number": meeting.number}),
        context={
            "meeting": str(meeting.ordinal_title),
            "final": final,
            "comments_due": date_format(report.comments_due, "j F Y")
            if report.comments_due
            else "",
        },
    )
    return len(created)


def pack_finished_notify(*, pack: MeetingPack) -> int:
    """Tell the pack's watchers that it is ready, or that it failed and why. Once per pack and
    outcome: a failed pack retried and then ready tells them again, with the good news."""
    if pack.status not in (MeetingPack.Status.READY, MeetingPack.Status.FAILED):
        return 0
    watchers = list(pack.watchers.filter(is_active=True))
    if not watchers:
        return 0
    meeting = pack.meeting
    ready = pack.status == MeetingPack.Status.READY
    language = pack.get_language_display()
    if ready:
        summary = _("The %(language)s pack of %(meeting)s is ready") % {
            "language": language,
            "meeting": meeting,
        }
    else:
        summary = _("The %(language)s pack of %(meeting)s could not be built") % {
            "language": language,
            "meeting": meeting,
        }
    url = reverse("packs:list", kwargs={"number": meeting.number})
    if pack.language != "en":
        url += f"?language={pack.language}"
    # A ready pack stays ready; a failed one may be retried and fail again, which is news.
    finished = pack.finished_at.isoformat() if pack.finished_at else ""
    key = f"{pack.pk}:ready" if ready else f"{pack.pk}:failed:{finished}"
    created = notify(
        kind=PACK_READY.name,
        recipients=watchers,
        key=key,
        summary=summary,
        url=url,
        context={
            "meeting": str(meeting),
            "language": str(language),
            "ready": ready,
            "pages": pack.page_count,
            "error": "" if ready else pack.error,
        },
    )
    return len(created)


def invitation_accepted_notify(
    *, inviter: User, invited: User, key: str | None = None, url: str | None = None
) -> int:
    """Tell ``inviter`` that ``invited`` accepted their invitation and has an account now.

    For the invitations: call it inside the transaction that records the acceptance; ``key``
    names the invitation (its pk) when a person may be invited more than once, else the
    invited person's pk is used; ``url`` is the path of the person's page (the home page
    when not given). Sent once, whatever calls it again."""
    name = invited.get_full_name() or invited.username
    created = notify(
        kind=INVITATION_ACCEPTED.name,
        recipients=[inviter],
        key=key or str(invited.pk),
        summary=_("%(name)s accepted your invitation") % {"name": name},
        url=url or reverse("home"),
        context={
            "name": name,
            "username": invited.username,
            "role": invited.get_role_display(),
            "entity": str(invited.entity) if invited.entity_id else "",
        },
    )
    return len(created)

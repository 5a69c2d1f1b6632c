"""A meeting's packs in the browser: /meetings/26/packs/ lists them, the secretariat prepares
one (built in the background, emg.packs), a small status fragment that htmx polls shows its
progress, another tells once the page is shown whether the ready packs are stale, and every
reader downloads them.

Focal points download too: DESIGN.md lets everyone with a role read meetings and their
documents, and a pack holds nothing but those documents."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from emg import params, selectors
from emg.files import file_stem
from emg.models import Language, Meeting, MeetingPack
from emg.packs import queue
from emg.packs.plan import mark_stale
from emg.params import choice as params_choice
from emg.permissions import get_object_for_user
from emg.views.lists import PER_PAGE, page_context, paginate


def packs_url(meeting: Meeting, language: str = Language.ENGLISH) -> str:
    url = reverse("packs:list", kwargs={"number": meeting.number})
    return url if language == Language.ENGLISH else f"{url}?{urlencode({'language': language})}"


def _language(params) -> str:
    """The pack's language the request names (English by default); 400 for another value."""
    return params_choice(params, "language", Language, default=Language.ENGLISH)


def _pack(request, number: int, pk: int, perm: str) -> MeetingPack:
    return get_object_for_user(
        request.user,
        MeetingPack.objects.select_related("meeting"),
        perm,
        pk=pk,
        meeting__number=number,
    )


def _unsent(pack: MeetingPack) -> bool:
    """Queued, but the broker could not be given it: the sweeper sends it when it can."""
    return pack.status == MeetingPack.Status.PENDING and pack.enqueued_at is None


def _watching(pack: MeetingPack, user) -> bool:
    """Whether ``user`` asked to be told when ``pack`` finishes; only asked while it builds."""
    return pack.is_unfinished and pack.watchers.filter(pk=user.pk).exists()


def _say_unsent(request) -> None:
    messages.warning(
        request,
        _(
            "The background service is unavailable just now. Your request is kept: the pack "
            "will be built as soon as the service is back."
        ),
    )


def _stale_url(pack: MeetingPack, also: list[MeetingPack]) -> str:
    url = reverse("packs:stale", kwargs={"number": pack.meeting.number, "pk": pack.pk})
    return f"{url}?{urlencode([('also', other.pk) for other in also])}" if also else url


@require_safe
def pack_list(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.view_meetingpack", number=number)
    language = _language(request.GET)
    every = selectors.meeting_packs(meeting=meeting).filter(language=language)
    page = paginate(request, every)
    versions = page.object_list
    latest = versions[0] if page.number == 1 and versions else every.first()
    # Whether a ready pack is stale is asked by one htmx request once the page is shown (the
    # latest pack's card sends it, or a hidden element when that one is not ready): the card's
    # verdict, and the badges of the ready versions on this page.
    ready = [pack for pack in versions if pack.status == MeetingPack.Status.READY]
    stale_url = stale_trigger_url = None
    if latest is not None and latest.status == MeetingPack.Status.READY:
        stale_url = _stale_url(latest, ready)
    elif ready:
        stale_trigger_url = _stale_url(ready[0], ready)
    return render(
        request,
        "emg/packs/list.html",
        {
            "meeting": meeting,
            "language": language,
            "languages": [
                (code, label, packs_url(meeting, code)) for code, label in Language.choices
            ],
            "latest": latest,
            "versions": versions,
            **page_context(page),
            "stale_url": stale_url,
            "stale_trigger_url": stale_trigger_url,
            "can_prepare": request.user.has_perm("emg.add_meetingpack", meeting),
            "unsent": latest is not None and _unsent(latest),
            "watching": latest is not None and _watching(latest, request.user),
        },
    )


@require_safe
def pack_stale(request, number: int, pk: int):
    """Whether the pack is stale (the card's verdict), and the badges of the other ready packs of
    the meeting named by ``also`` (swapped in out of band): what the pack page asks once shown."""
    pack = _pack(request, number, pk, "emg.view_meetingpack")
    asked = params.integers(request.GET, "also", max_count=PER_PAGE)
    also = list(
        pack.meeting.packs.filter(pk__in=asked, status=MeetingPack.Status.READY)
        .exclude(pk=pack.pk)
        .order_by("-created_at", "-pk")
    )
    mark_stale(pack.meeting, [pack, *also])
    if pack.pk in asked:
        also.insert(0, pack)
    return render(request, "emg/packs/includes/stale.html", {"pack": pack, "also": also})


@require_POST
def pack_prepare(request, number: int):
    meeting = get_object_for_user(request.user, Meeting, "emg.add_meetingpack", number=number)
    language = _language(request.POST)
    notify = params.text(request.POST, "notify", max_length=10) == "1"
    pack, created = queue.pack_request(
        meeting=meeting, user=request.user, language=language, notify=notify
    )
    pack.refresh_from_db()  # queued on commit, which has happened by now
    if _unsent(pack):
        _say_unsent(request)
    elif not created:
        messages.info(request, _("A pack of this meeting is already being prepared."))
    elif pack.status == MeetingPack.Status.READY:
        messages.success(request, _("The pack is ready."))
    elif pack.status == MeetingPack.Status.FAILED:
        messages.error(request, _("The pack could not be built."))
    else:
        messages.success(request, _("The pack is being prepared."))
    return redirect(packs_url(meeting, language))


@require_safe
def pack_status(request, number: int, pk: int):
    """The pack's status, progress bar and download link: what htmx polls while it builds."""
    pack = _pack(request, number, pk, "emg.view_meetingpack")
    return render(
        request,
        "emg/packs/includes/status.html",
        {
            "pack": pack,
            "meeting": pack.meeting,
            "stale_url": _stale_url(pack, []),
            "unsent": _unsent(pack),
            "can_prepare": request.user.has_perm("emg.change_meetingpack", pack),
            "watching": _watching(pack, request.user),
        },
    )


@require_POST
def pack_watch(request, number: int, pk: int):
    """Notify me when it is ready: every reader of the pack may ask (emg.notifications)."""
    pack = _pack(request, number, pk, "emg.view_meetingpack")
    if queue.pack_watch(pack=pack, user=request.user):
        messages.success(request, _("You will be notified when the pack is ready, or if it fails."))
    else:
        messages.info(request, _("This pack has finished already."))
    return redirect(packs_url(pack.meeting, pack.language))


@require_POST
def pack_retry(request, number: int, pk: int):
    pack = _pack(request, number, pk, "emg.change_meetingpack")
    if pack.status != MeetingPack.Status.FAILED:
        messages.info(request, _("Only a pack that failed can be tried again."))
        return redirect(packs_url(pack.meeting, pack.language))
    pack = queue.pack_retry(pack=pack)
    if _unsent(pack):
        _say_unsent(request)
    else:
        messages.success(request, _("The pack is being prepared again."))
    return redirect(packs_url(pack.meeting, pack.language))


@require_safe
def pack_download(request, number: int, pk: int):
    pack = _pack(request, number, pk, "emg.view_meetingpack")
    if pack.status != MeetingPack.Status.READY or not pack.file:
        raise Http404(_("This pack is not ready."))
    try:
        handle = pack.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This pack's file is missing.")) from exc
    built = pack.finished_at.strftime("%Y-%m-%d-%H%M") if pack.finished_at else str(pack.pk)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{file_stem(f'EMG SOM {pack.meeting.number} pack {pack.language} {built}')}.pdf",
        content_type="application/pdf",
    )

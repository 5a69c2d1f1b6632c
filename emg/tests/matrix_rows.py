"""The Group's own pages in the permission matrix (see emg/tests/matrix.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from emg.tests.matrix import (
    EVERYONE_READS,
    POST_ONLY,
    SECRETARIAT_ONLY,
    SECRETARIAT_POSTS,
    Row,
    expect,
)


def _blank_pdf() -> bytes:
    """A PDF of one blank page: what the pack merges must be one."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BLANK_PDF = _blank_pdf()

ROWS = [
    Row("home", EVERYONE_READS),
    Row("health", expect(200, anonymous=200), note="for load balancers: no sign-in"),
    Row("health", POST_ONLY | {"anonymous": 405}, method="post"),
    Row("login", expect(302, anonymous=200), note="signed-in users go home"),
    Row("logout", expect(302, anonymous=302), method="post"),
    Row("logout", POST_ONLY),
]

# Signing in through allauth (emg/urls.py signing_in_patterns). Signed-in people are sent home
# from the login pages; the second factor's pages belong to whoever is signed in, and those
# that change it first ask them to confirm who they are (account_reauthenticate).
ANYONE_READS = expect(200, anonymous=200)
HOME = expect(302, anonymous=200)  # signed-in users go home
RESET_KEY = {"uidb36": "1", "key": "not-a-key"}


def reset_key(world):
    return RESET_KEY


def sso(world):
    return {"provider_id": "sso"}


NO_SSO = expect(404, anonymous=404)  # no provider configured in the tests' settings

ROWS += [
    Row("account_login", HOME, note="the same page as login"),
    Row("account_login", HOME, method="post", data=lambda world: {"login": "", "password": ""}),
    Row("account_request_login_code", HOME),
    Row(
        "account_request_login_code",
        expect(302, anonymous=302),
        method="post",
        data=lambda world: {"email": "nobody@example.org"},
        note="anyone may ask; nobody learns whether the address exists",
    ),
    Row("account_confirm_login_code", expect(302, anonymous=302), note="no code asked for"),
    Row("account_inactive", ANYONE_READS),
    Row("account_reauthenticate", EVERYONE_READS),
    Row("account_request_reauthentication_code", expect(302), note="has a password: to it"),
    Row("account_confirm_reauthentication_code", expect(302), note="no code asked for"),
    Row("account_change_password", EVERYONE_READS),
    Row(
        "account_change_password",
        EVERYONE_READS,
        method="post",
        data=lambda world: {"oldpassword": "", "password1": "", "password2": ""},
        note="the form again, with what is missing said next to each field",
    ),
    Row("account_reset_password", ANYONE_READS),
    Row("account_reset_password_done", ANYONE_READS),
    Row("account_reset_password_from_key", ANYONE_READS, kwargs=reset_key, note="a bad key"),
    Row("account_reset_password_from_key_done", ANYONE_READS),
    Row("mfa_index", EVERYONE_READS),
    Row("mfa_index", POST_ONLY, method="post"),
    Row("mfa_authenticate", expect(302), note="no sign-in waiting for its second step"),
    Row("mfa_reauthenticate", expect(302), note="no authenticator: confirm by password"),
    Row("mfa_activate_totp", expect(302), note="confirm who you are first"),
    Row("mfa_deactivate_totp", expect(404), note="no authenticator to turn off"),
    Row("mfa_view_recovery_codes", expect(404), note="no recovery codes yet"),
    Row("mfa_generate_recovery_codes", expect(302), note="confirm who you are first"),
    Row("mfa_download_recovery_codes", expect(404), note="no recovery codes yet"),
    Row("openid_connect_login", NO_SSO, kwargs=sso),
    Row("openid_connect_callback", NO_SSO, kwargs=sso),
    Row("socialaccount_login_cancelled", ANYONE_READS),
    Row("socialaccount_login_error", expect(401, anonymous=401)),
]

# People (emg/urls.py, people:). The secretariat manages everyone; anyone else may open only
# their own profile: another person's page answers 404, as if they did not exist.

# The link of the matrix's invitation (``invited``): known here, stored hashed like any.
INVITATION_TOKEN = "matrix-invitation-token-0123456789abcdefghijk"


def senior(world):
    return {"pk": world.people["senior_official"].pk}


def invited(world):
    """A person invited by the secretariat, not yet accepted; the same one when asked again."""
    import datetime

    from django.utils import timezone

    from emg.models import Invitation, User
    from emg.people import token_hash

    person, _created = User.objects.get_or_create(
        username="ingrid@example.org",
        defaults={"email": "ingrid@example.org", "first_name": "Ingrid", "is_active": False},
    )
    Invitation.objects.get_or_create(
        token_hash=token_hash(INVITATION_TOKEN),
        defaults={
            "user": person,
            "email": person.email,
            "name": "Ingrid",
            "role": User.Role.FOCAL_POINT,
            "entity": world.entity,
            "invited_by": world.people["secretariat"],
            "expires_at": timezone.now() + datetime.timedelta(days=7),
        },
    )
    return {"pk": person.pk}


def invitation_link(world):
    invited(world)
    return {"token": INVITATION_TOKEN}


def person_data(world):
    """The senior official's role and entity saved as they are: a save, changing nothing."""
    person = world.people["senior_official"]
    person.refresh_from_db()
    return {"role": person.role, "entity": person.entity_id, "version": person.version}


def colleague(world, *, active: bool) -> dict:
    """A person outside the standing cast, active or deactivated, to deactivate or reactivate:
    the cast's own rights stay as they are."""
    from emg.models import User

    username = "victor" if active else "wanda"
    person, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@example.org",
            "role": User.Role.SENIOR_OFFICIAL,
            "entity": world.entity,
            "is_active": active,
        },
    )
    return {"pk": person.pk}


# A person's page: the secretariat, and the person themself; no one else knows it exists.
OWN = expect(404, secretariat=200, senior_official=200)
OWN_MANAGED = expect(404, secretariat=200, senior_official=403)
OWN_MANAGED_POSTS = expect(404, secretariat=302, senior_official=403)
OTHERS_INVITATION = expect(404, secretariat=302)  # another's: known to the secretariat only

ROWS += [
    Row("people:list", SECRETARIAT_ONLY),
    Row(
        "people:list",
        SECRETARIAT_ONLY,
        query="q=sam&entity=UNDP&role=senior_official&state=active&ordering=-name&page=1",
        note="filtered and sorted",
    ),
    Row("people:me", EVERYONE_READS),
    Row("people:password", expect(403), note="only for someone with no password yet"),
    Row("people:password", expect(403), method="post", data=lambda w: {}),
    Row("people:detail", OWN, kwargs=senior),
    Row("people:history", OWN, kwargs=senior),
    Row("people:edit", OWN_MANAGED, kwargs=senior),
    Row("people:edit", OWN_MANAGED_POSTS, kwargs=senior, method="post", data=person_data),
    Row("people:deactivate", POST_ONLY, kwargs=senior),
    Row(
        "people:deactivate",
        OTHERS_INVITATION,
        kwargs=lambda world: colleague(world, active=True),
        method="post",
    ),
    Row("people:reactivate", POST_ONLY, kwargs=senior),
    Row(
        "people:reactivate",
        OTHERS_INVITATION,
        kwargs=lambda world: colleague(world, active=False),
        method="post",
    ),
    Row("people:invitation_resend", POST_ONLY, kwargs=invited),
    Row("people:invitation_resend", OTHERS_INVITATION, kwargs=invited, method="post"),
    Row("people:invitation_revoke", POST_ONLY, kwargs=invited),
    Row("people:invitation_revoke", OTHERS_INVITATION, kwargs=invited, method="post"),
    # The invitation's link is for someone not signed in yet.
    Row("invitation", expect(200, anonymous=200), kwargs=invitation_link),
    Row(
        "invitation",
        expect(200, anonymous=200),
        kwargs=invitation_link,
        method="post",
        note="accepted: signed in as the invited person",
    ),
    Row(
        "invitation",
        expect(404, anonymous=404),
        kwargs=lambda world: {"token": "no-such-invitation"},
        note="unknown link",
    ),
]

# Meetings, their sessions, agenda items and documents (emg/urls.py).


def som(world):
    return {"number": world.meeting.number}


def session(world):
    return {"number": world.meeting.number, "pk": world.session.pk}


def agenda_item(world):
    return {"number": world.meeting.number, "pk": world.agenda_item.pk}


def document(world):
    return {"number": world.meeting.number, "pk": world.document.pk}


def participant(world):
    """A participant of SOM 26's session, made when a row first asks for one."""
    from emg.models import Participant

    person = Participant.objects.filter(session=world.session).first()
    if person is None:
        person = Participant.objects.create(
            session=world.session, name="Ana Silva", entity=world.entity, entity_name="UNEP"
        )
    return {"number": world.meeting.number, "pk": person.pk}


def participant_data(world):
    from emg.models import Participant

    participant(world)
    person = Participant.objects.filter(session=world.session).first()
    return {
        "session": world.session.pk,
        "name": "Ana Silva",
        "entity_name": "UNEP",
        "title": "Programme Officer",
        "version": person.version if person else 0,
    }


def participants_export(world):
    export = b"Name,Entity,Title\nAna Silva,UNEP,Programme Officer\n"
    return {"file": SimpleUploadedFile("registrations.csv", export, content_type="text/csv")}


def upload(world):
    return {"number": world.meeting.number, "pk": world.upload.pk}


def converting(world):
    """A document whose uploaded Word file is being converted to PDF (emg.conversions); the
    same one when asked again (the query counts ask at two sizes of data)."""
    import hashlib

    from emg.models import ConvertedFile, Document
    from emg.tests.factories import uploaded_document

    found = Document.objects.filter(symbol="EMG/SOM.26/CRP.3").first()
    if found is not None:
        return {"number": world.meeting.number, "pk": found.pk}
    word = b"PK\x03\x04 a Word file being converted"
    document = uploaded_document(
        "converting.docx",
        word,
        symbol="EMG/SOM.26/CRP.3",
        title="Note being converted",
        kind=Document.Kind.OTHER,
        meeting=world.meeting,
    )
    ConvertedFile.objects.create(
        content_hash=hashlib.sha256(word).hexdigest(),
        kind="docx",
        status=ConvertedFile.Status.CONVERTING,
    )
    return {"number": world.meeting.number, "pk": document.pk}


def language_version(world):
    """The world's uploaded document with a French version."""
    from django.core.files.base import ContentFile

    from emg.models import DocumentVersion

    found = DocumentVersion.objects.filter(document=world.upload, language="fr").first()
    if found is not None:
        return {**upload(world), "version": found.pk}
    version = DocumentVersion(document=world.upload, language="fr")
    version.file.save("matrix-fr.pdf", ContentFile(BLANK_PDF), save=False)
    version.save()
    return {**upload(world), "version": version.pk}


def meeting_data(world):
    return {
        "number": world.meeting.number,
        "title": "26th Senior Officials Meeting (online)",
        "host": world.meeting.host_id,
        "version": world.meeting.version,
    }


def session_data(world):
    return {
        "segment": "senior",
        "date": "2020-10-28",
        "start_time": "14:00",
        "end_time": "15:30",
        "time_zone": "Geneva time",
        "online": "on",
        "version": world.session.version,
    }


def document_data(world):
    return {
        "symbol": "EMG/SOM.26/03",
        "title": "Summary of Action Points",
        "kind": "action_points",
        "status": "final",
        "agenda_item": world.agenda_item.pk,
        "version": world.document.version,
    }


ROWS += [
    Row("meetings:list", EVERYONE_READS),
    Row(
        "meetings:list",
        EVERYONE_READS,
        query="q=senior&year=2020&host=UNDP&ordering=-decision_count&page=1",
        note="filtered and sorted",
    ),
    Row("meetings:detail", EVERYONE_READS, kwargs=som),
    Row("meetings:history", EVERYONE_READS, kwargs=som),
    Row("meetings:create", SECRETARIAT_ONLY),
    Row(
        "meetings:create",
        SECRETARIAT_POSTS,
        method="post",
        data=lambda world: {"number": 27, "title": "27th Senior Officials Meeting"},
    ),
    Row("meetings:edit", SECRETARIAT_ONLY, kwargs=som),
    Row("meetings:edit", SECRETARIAT_POSTS, kwargs=som, method="post", data=meeting_data),
    Row("meetings:session_add", SECRETARIAT_ONLY, kwargs=som),
    Row(
        "meetings:session_add",
        SECRETARIAT_POSTS,
        kwargs=som,
        method="post",
        data=lambda world: {
            "segment": "technical",
            "date": "2020-10-27",
            "venue": "Palais des Nations, Geneva",
        },
    ),
    Row("meetings:session_edit", SECRETARIAT_ONLY, kwargs=session),
    Row(
        "meetings:session_edit",
        SECRETARIAT_POSTS,
        kwargs=session,
        method="post",
        data=session_data,
    ),
    Row("meetings:session_delete", POST_ONLY, kwargs=session),
    Row("meetings:session_delete", SECRETARIAT_POSTS, kwargs=session, method="post"),
    Row("meetings:agenda_item_add", SECRETARIAT_ONLY, kwargs=som),
    Row(
        "meetings:agenda_item_add",
        SECRETARIAT_POSTS,
        kwargs=som,
        method="post",
        data=lambda world: {"title": "Opening of the meeting"},
    ),
    Row("meetings:agenda_item_edit", SECRETARIAT_ONLY, kwargs=agenda_item),
    Row(
        "meetings:agenda_item_edit",
        SECRETARIAT_POSTS,
        kwargs=agenda_item,
        method="post",
        data=lambda world: {
            "title": "Summary of action points",
            "version": world.agenda_item.version,
        },
    ),
    Row("meetings:agenda_item_move", POST_ONLY, kwargs=agenda_item),
    Row(
        "meetings:agenda_item_move",
        SECRETARIAT_POSTS,
        kwargs=agenda_item,
        method="post",
        data=lambda world: {"direction": "down"},
    ),
    Row("meetings:agenda_item_delete", POST_ONLY, kwargs=agenda_item),
    Row("meetings:agenda_item_delete", SECRETARIAT_POSTS, kwargs=agenda_item, method="post"),
    Row("meetings:annotated_agenda_generate", POST_ONLY, kwargs=som),
    Row("meetings:annotated_agenda_generate", SECRETARIAT_POSTS, kwargs=som, method="post"),
    Row("meetings:participants", EVERYONE_READS, kwargs=som),
    Row("meetings:participant_import", POST_ONLY, kwargs=som),
    Row(
        "meetings:participant_import",
        SECRETARIAT_POSTS,
        kwargs=som,
        method="post",
        data=participants_export,
    ),
    Row("meetings:participant_add", SECRETARIAT_ONLY, kwargs=som),
    Row(
        "meetings:participant_add",
        SECRETARIAT_POSTS,
        kwargs=som,
        method="post",
        data=participant_data,
    ),
    Row("meetings:participant_edit", SECRETARIAT_ONLY, kwargs=participant),
    Row(
        "meetings:participant_edit",
        SECRETARIAT_POSTS,
        kwargs=participant,
        method="post",
        data=participant_data,
    ),
    Row("meetings:participant_delete", POST_ONLY, kwargs=participant),
    Row("meetings:participant_delete", SECRETARIAT_POSTS, kwargs=participant, method="post"),
    Row("meetings:participants_document_generate", POST_ONLY, kwargs=som),
    Row(
        "meetings:participants_document_generate",
        SECRETARIAT_POSTS,
        kwargs=som,
        method="post",
    ),
    Row("meetings:document_add", SECRETARIAT_ONLY, kwargs=som),
    Row(
        "meetings:document_add",
        SECRETARIAT_POSTS,
        kwargs=som,
        method="post",
        data=lambda world: {"title": "Provisional agenda", "kind": "agenda", "status": "draft"},
    ),
    Row("meetings:document_edit", SECRETARIAT_ONLY, kwargs=document),
    Row(
        "meetings:document_edit",
        SECRETARIAT_POSTS,
        kwargs=document,
        method="post",
        data=document_data,
    ),
    Row("meetings:document_delete", POST_ONLY, kwargs=document),
    Row("meetings:document_delete", SECRETARIAT_POSTS, kwargs=document, method="post"),
    Row("meetings:document_download", EVERYONE_READS, kwargs=upload),
    Row("meetings:document_conversion", SECRETARIAT_ONLY, kwargs=converting),
    Row("meetings:document_conversion", POST_ONLY, kwargs=converting, method="post"),
    Row("meetings:document_version_add", SECRETARIAT_ONLY, kwargs=upload),
    Row(
        "meetings:document_version_add",
        SECRETARIAT_POSTS,
        kwargs=upload,
        method="post",
        data=lambda world: {
            "language": "fr",
            "file": SimpleUploadedFile("note.pdf", BLANK_PDF),
        },
    ),
    Row("meetings:document_version_download", EVERYONE_READS, kwargs=language_version),
    Row("meetings:document_version_download", POST_ONLY, kwargs=language_version, method="post"),
    Row("meetings:document_version_delete", POST_ONLY, kwargs=language_version),
    Row(
        "meetings:document_version_delete",
        SECRETARIAT_POSTS,
        kwargs=language_version,
        method="post",
    ),
]

# A document as it prints (emg/urls.py): everyone who reads documents reads these.


def printed(world):
    return {"pk": world.document.pk}


def converted(world):
    """A document whose uploaded Word file was converted to PDF (emg.conversions)."""
    import hashlib

    from django.core.files.base import ContentFile

    from emg.models import ConvertedFile, Document
    from emg.tests.factories import uploaded_document

    found = Document.objects.filter(symbol="EMG/SOM.26/CRP.2").first()
    if found is not None:
        return {"pk": found.pk}
    word = b"PK\x03\x04 the Word file"
    document = uploaded_document(
        "converted.docx",
        word,
        symbol="EMG/SOM.26/CRP.2",
        title="Converted note",
        kind=Document.Kind.OTHER,
        meeting=world.meeting,
    )
    conversion = ConvertedFile(
        content_hash=hashlib.sha256(word).hexdigest(),
        kind="docx",
        status=ConvertedFile.Status.READY,
        page_count=1,
    )
    conversion.file.save("matrix-converted.pdf", ContentFile(BLANK_PDF), save=False)
    conversion.first_page.save("matrix-page-1.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    conversion.save()
    return {"pk": document.pk}


ROWS += [
    Row("documents:preview", EVERYONE_READS, kwargs=printed),
    Row("documents:converted", EVERYONE_READS, kwargs=converted),
    Row("documents:converted", POST_ONLY, kwargs=converted, method="post"),
    Row("documents:first_page", EVERYONE_READS, kwargs=converted),
    Row("documents:first_page", POST_ONLY, kwargs=converted, method="post"),
    Row("documents:preview", POST_ONLY, kwargs=printed, method="post"),
    Row("documents:pdf", EVERYONE_READS, kwargs=printed),
    Row("documents:pdf", POST_ONLY, kwargs=printed, method="post"),
    Row("documents:docx", EVERYONE_READS, kwargs=printed),
    Row("documents:docx", POST_ONLY, kwargs=printed, method="post"),
]

# A meeting's packs (emg/urls.py): every reader sees and downloads them; the secretariat
# prepares them and retries one that failed.


def _pack(world, status: str) -> dict:
    from django.core.files.base import ContentFile

    from emg.models import MeetingPack

    pack = MeetingPack(meeting=world.meeting, status=status, error="The build failed: test")
    if status == MeetingPack.Status.READY:
        pack.file.save("matrix-pack.pdf", ContentFile(BLANK_PDF), save=False)
    pack.save()
    return {"number": world.meeting.number, "pk": pack.pk}


def ready_pack(world):
    return _pack(world, "ready")


def failed_pack(world):
    return _pack(world, "failed")


def pending_pack(world):
    return _pack(world, "pending")


ROWS += [
    Row("packs:list", EVERYONE_READS, kwargs=som),
    Row("packs:list", POST_ONLY, kwargs=som, method="post"),
    Row("packs:prepare", POST_ONLY, kwargs=som),
    Row("packs:prepare", SECRETARIAT_POSTS, kwargs=som, method="post"),
    Row("packs:status", EVERYONE_READS, kwargs=ready_pack),
    Row("packs:status", POST_ONLY, kwargs=ready_pack, method="post"),
    Row("packs:stale", EVERYONE_READS, kwargs=ready_pack),
    Row("packs:stale", POST_ONLY, kwargs=ready_pack, method="post"),
    Row("packs:download", EVERYONE_READS, kwargs=ready_pack),
    Row("packs:download", POST_ONLY, kwargs=ready_pack, method="post"),
    Row("packs:retry", POST_ONLY, kwargs=failed_pack),
    Row("packs:retry", SECRETARIAT_POSTS, kwargs=failed_pack, method="post"),
]

# A meeting's session, agenda item or document under another meeting's number: the number is part
# of the lookup, so nobody finds it there (404), not even the secretariat.


def elsewhere(kwargs):
    def moved(world):
        return {**kwargs(world), "number": world.meeting.number + 1}

    return moved


ELSEWHERE = "under another meeting's number"

ROWS += [
    Row("meetings:session_edit", expect(404), kwargs=elsewhere(session), note=ELSEWHERE),
    Row(
        "meetings:session_edit",
        expect(404),
        kwargs=elsewhere(session),
        method="post",
        data=session_data,
        note=ELSEWHERE,
    ),
    Row(
        "meetings:session_delete",
        expect(404),
        kwargs=elsewhere(session),
        method="post",
        note=ELSEWHERE,
    ),
    Row("meetings:agenda_item_edit", expect(404), kwargs=elsewhere(agenda_item), note=ELSEWHERE),
    Row(
        "meetings:agenda_item_delete",
        expect(404),
        kwargs=elsewhere(agenda_item),
        method="post",
        note=ELSEWHERE,
    ),
    Row("meetings:document_edit", expect(404), kwargs=elsewhere(document), note=ELSEWHERE),
    Row(
        "meetings:document_delete",
        expect(404),
        kwargs=elsewhere(document),
        method="post",
        note=ELSEWHERE,
    ),
    Row("meetings:document_download", expect(404), kwargs=elsewhere(upload), note=ELSEWHERE),
    Row(
        "meetings:document_conversion",
        expect(404),
        kwargs=elsewhere(converting),
        note=ELSEWHERE,
    ),
    Row(
        "meetings:document_version_download",
        expect(404),
        kwargs=elsewhere(language_version),
        note=ELSEWHERE,
    ),
    Row(
        "meetings:document_version_delete",
        expect(404),
        kwargs=elsewhere(language_version),
        method="post",
        note=ELSEWHERE,
    ),
]

# Importing legacy documents (emg/urls.py, "imports"): the secretariat's alone. An upload is
# found only by the person who made it: another's token is not found (404), even by the
# secretariat.


def _kept(user) -> str:
    from emg.importing.uploads import UploadedText, import_upload_keep

    kept = import_upload_keep(user=user, files=[UploadedText("list.txt", b"Eggs\nMilk\n")])
    return kept.token


def kept_upload(world):
    return {"token": _kept(world.people["secretariat"])}


def imported_upload(world):
    from emg.importing.uploads import import_upload_confirm
    from emg.models import ImportUpload

    token = _kept(world.people["secretariat"])
    import_upload_confirm(upload=ImportUpload.objects.get(token=token))
    return {"token": token}


def someone_elses_upload(world):
    from emg.models import User

    colleague = User.objects.create(username="colleague", role=User.Role.SECRETARIAT)
    return {"token": _kept(colleague)}


def text_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"files": SimpleUploadedFile("list.txt", b"Eggs\nMilk\n", content_type="text/plain")}


ANOTHERS = "another person's upload"

ROWS += [
    Row("imports:upload", SECRETARIAT_ONLY),
    Row("imports:upload", SECRETARIAT_POSTS, method="post", data=text_file),
    Row("imports:preview", SECRETARIAT_ONLY, kwargs=kept_upload),
    Row("imports:preview", POST_ONLY, kwargs=kept_upload, method="post"),
    Row(
        "imports:preview", expect(403, secretariat=404), kwargs=someone_elses_upload, note=ANOTHERS
    ),
    Row("imports:confirm", POST_ONLY, kwargs=kept_upload),
    Row("imports:confirm", SECRETARIAT_POSTS, kwargs=kept_upload, method="post"),
    Row(
        "imports:confirm",
        expect(403, secretariat=404),
        kwargs=someone_elses_upload,
        method="post",
        note=ANOTHERS,
    ),
    Row("imports:done", SECRETARIAT_ONLY, kwargs=imported_upload),
    Row("imports:done", POST_ONLY, kwargs=imported_upload, method="post"),
    Row("imports:done", expect(403, secretariat=404), kwargs=someone_elses_upload, note=ANOTHERS),
]

# Each person's notifications (emg/urls.py, emg.notifications): everyone signed in has an inbox
# and chooses their e-mails; a notification opens for its recipient only (another's is 404).


def notification(world):
    """A notification of the focal point's; the same one when asked again."""
    from emg.models import Delivery, Notification

    found, _created = Notification.objects.get_or_create(
        recipient=world.people["focal_point"],
        kind="round_opened",
        key="matrix",
        defaults={"summary": "Reporting round opened", "url": "/", "delivery": Delivery.OFF},
    )
    return {"pk": found.pk}


def every_kind_immediately(world):
    from emg.notifications.registry import kinds

    return {kind.name: "immediate" for kind in kinds()}


ROWS += [
    Row("inbox:list", EVERYONE_READS),
    Row("inbox:list", POST_ONLY, method="post"),
    Row("inbox:open", expect(404, focal_point=302), kwargs=notification),
    Row("inbox:open", POST_ONLY, kwargs=notification, method="post"),
    Row("inbox:read_all", POST_ONLY),
    Row("inbox:read_all", expect(302), method="post"),
    Row("inbox:preferences", EVERYONE_READS),
    Row("inbox:preferences", expect(302), method="post", data=every_kind_immediately),
    Row("packs:watch", POST_ONLY, kwargs=pending_pack),
    Row("packs:watch", expect(302), kwargs=pending_pack, method="post"),
]


# Calendars: one's own feed (its page, and the feed calendar clients fetch without signing in,
# the token in its address being the key) and a meeting's sessions.


def feed_token(world):
    """The focal point's feed, made now: whoever asks with its token gets it, signed in or not."""
    from emg import services

    return {"token": services.calendar_feed_reset(user=world.people["focal_point"])}


def wrong_token(world):
    import secrets

    return {"token": secrets.token_urlsafe(32)}


ROWS += [
    Row("calendar", EVERYONE_READS),
    Row("calendar", expect(200), method="post", note="makes or resets one's own feed"),
    Row("calendar_feed", expect(200, anonymous=200), kwargs=feed_token, note="its token"),
    Row("calendar_feed", expect(404, anonymous=404), kwargs=wrong_token, note="a wrong token"),
    Row("calendar_feed", expect(405, anonymous=405), kwargs=feed_token, method="post"),
    Row("meetings:calendar", EVERYONE_READS, kwargs=som),
    Row("meetings:calendar", POST_ONLY, kwargs=som, method="post"),
]


# The report of a meeting (emg/views/reports.py): the secretariat's alone while a draft (anyone
# else is answered 404, as if there were none), everyone's to read once circulated.


def _report(world, status: str) -> dict:
    from emg.models import MeetingReport

    # Whoever made it before (another fixture, another row's data), it is in this state now.
    report, _created = MeetingReport.objects.get_or_create(meeting=world.meeting)
    MeetingReport.objects.filter(pk=report.pk).update(status=status)
    return {"number": world.meeting.number}


def draft_report(world):
    return _report(world, "draft")


def circulated_report(world):
    return _report(world, "circulated")


def report_item(world):
    return {**draft_report(world), "pk": world.agenda_item.pk}


def report_version(world):
    from emg.models import MeetingReport

    # The row's data may be asked for before its URL: made if need be, its state left alone.
    return MeetingReport.objects.get_or_create(meeting=world.meeting)[0].version


NOT_YET_CIRCULATED = expect(404, secretariat=200)
# Circulated for comment, to the Senior Officials: focal points read it once final.
CIRCULATED = expect(200, focal_point=404, other_focal_point=404)

ROWS += [
    Row("meetings:report", NOT_YET_CIRCULATED, kwargs=som, note="none started: the start page"),
    Row("meetings:report", NOT_YET_CIRCULATED, kwargs=draft_report, note="a draft"),
    Row("meetings:report", CIRCULATED, kwargs=circulated_report, note="circulated"),
    Row("meetings:report_start", SECRETARIAT_POSTS, kwargs=som, method="post"),
    Row("meetings:report_start", POST_ONLY, kwargs=som),
    Row("meetings:report_edit", expect(404, secretariat=200), kwargs=draft_report),
    Row(
        "meetings:report_edit",
        expect(404, secretariat=200, senior_official=403),
        kwargs=circulated_report,
    ),
    Row(
        "meetings:report_edit",
        expect(404, secretariat=302),
        kwargs=draft_report,
        method="post",
        data=lambda world: {"opening": "Opened.", "closing": "", "version": report_version(world)},
    ),
    Row("meetings:report_summary", expect(404, secretariat=200), kwargs=report_item),
    Row(
        "meetings:report_summary",
        expect(404, secretariat=302),
        kwargs=report_item,
        method="post",
        data=lambda world: {"text": "Presented.", "version": 0},
    ),
    Row("meetings:report_circulate", expect(404, secretariat=200), kwargs=draft_report),
    Row(
        "meetings:report_circulate",
        expect(404, secretariat=302),
        kwargs=draft_report,
        method="post",
        data=lambda world: {"comments_due": "2999-01-31", "version": report_version(world)},
    ),
    Row(
        "meetings:report_finalise",
        expect(404, secretariat=302, senior_official=403),
        kwargs=circulated_report,
        method="post",
        data=lambda world: {"version": report_version(world)},
    ),
    Row("meetings:report_finalise", POST_ONLY, kwargs=circulated_report),
    Row("meetings:report_pdf", NOT_YET_CIRCULATED, kwargs=draft_report, note="a draft"),
    Row("meetings:report_pdf", CIRCULATED, kwargs=circulated_report, note="circulated"),
    Row("meetings:report_docx", NOT_YET_CIRCULATED, kwargs=draft_report, note="a draft"),
    Row("meetings:report_docx", CIRCULATED, kwargs=circulated_report, note="circulated"),
    Row(
        "meetings:report",
        expect(404, secretariat=302, senior_official=302),
        kwargs=circulated_report,
        method="post",
        data=lambda world: {"text": "Paragraph 1 should name the chair."},
        note="a comment",
    ),
]


# The read-only API (emg/api/): everyone with a role reads meetings and documents, the schema
# and its page.
# Personal tokens are each person's own: another's token is not found.

from emg.tests.matrix import API_READS, UNAUTHENTICATED  # noqa: E402


def secretariat_token(world):
    from emg.services import api_token_create

    token, _key = api_token_create(user=world.people["secretariat"], name="Dashboard")
    return {"pk": token.pk}


ROWS += [
    Row("api:meeting-list", API_READS),
    Row("api:meeting-list", expect(405, anonymous=UNAUTHENTICATED), method="post"),
    Row("api:meeting-detail", API_READS, kwargs=lambda world: {"number": world.meeting.number}),
    Row("api:document-list", API_READS),
    Row("api:document-detail", API_READS, kwargs=lambda world: {"pk": world.document.pk}),
    Row("api:schema", API_READS),
    Row("api:docs", API_READS),
    Row("people:tokens", EVERYONE_READS),
    Row(
        "people:tokens",
        expect(200),
        method="post",
        data=lambda world: {"name": "Dashboard"},
        note="shows the new key",
    ),
    Row("people:token_revoke", POST_ONLY, kwargs=secretariat_token),
    Row(
        "people:token_revoke",
        expect(404, secretariat=302),
        kwargs=secretariat_token,
        method="post",
    ),
]

# The global search (emg/views/search.py): everyone with a role searches, and finds only what
# their pages show them (emg/tests/test_search.py tries that role by role).
ROWS += [
    Row("search", EVERYONE_READS, note="the hint"),
    Row("search", EVERYONE_READS, query="q=environment", note="many hits"),
    Row("search", EVERYONE_READS, query="q=environment&kind=activity&year=2021&page=2"),
    Row("search", POST_ONLY, method="post"),
]

"""The people pages' parts that name mandates (emg.views.people has the rest): inviting
someone, with the mandates they are to report for, and replacing a focal point of a mandate."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from emg.permissions import get_object_for_user, permission_required
from emg.views.editing import cleaned, form_answer, posted
from mandates import forms, services
from mandates.models import FocalPoint
from mandates.views.pages import about, detail_url


@require_http_methods(["GET", "POST"])
@permission_required("emg.manage_people", raise_exception=True)
def person_invite(request):
    form = forms.InvitationForm(posted(request))
    return form_answer(
        request,
        form,
        lambda: services.person_invite(
            **cleaned(form, "email", "first_name", "last_name", "entity", "role", "mandates"),
            invited_by=request.user,
        ),
        done=lambda invitation: (
            _("%(email)s is invited: the e-mail with their link is on its way.")
            % {"email": invitation.email}
        ),
        then=lambda invitation: reverse("people:detail", kwargs={"pk": invitation.user_id}),
        title=_("Invite someone"),
        lead=_(
            "They get an e-mail with a link to set up their sign-in, which works once, for a "
            "limited time."
        ),
        submit=_("Send the invitation"),
        back=reverse("people:list"),
        crumbs=[(_("People"), reverse("people:list"))],
    )


@require_http_methods(["GET", "POST"])
def focal_point_replace(request, pk: int):
    focal_point = get_object_for_user(
        request.user,
        FocalPoint.objects.select_related("user", "mandate", "nominated_by"),
        "mandates.change_focalpoint",
        pk=pk,
    )
    form = forms.FocalPointReplaceForm(posted(request), focal_point=focal_point)
    former = focal_point.user
    return form_answer(
        request,
        form,
        lambda: services.focal_point_replace(focal_point=focal_point, **cleaned(form, "user")),
        refused_on="user",
        done=lambda new: (
            _("%(new)s replaces %(old)s as focal point of this mandate.")
            % {"new": new.user, "old": former}
        ),
        then=detail_url(focal_point.mandate_id, "focal-points"),
        title=_("Replace %(person)s") % {"person": former},
        submit=_("Replace"),
        back=detail_url(focal_point.mandate_id, "focal-points"),
        note=_("Nominated by %(entity)s.") % {"entity": focal_point.nominated_by},
        **about(mandate=focal_point.mandate),
    )

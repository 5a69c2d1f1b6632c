"""The secretariat's edits of a mandate's member entities (and their roles) and of its focal
points."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from emg import params
from emg.models import Entity
from emg.permissions import get_object_for_user
from emg.views.editing import cleaned, form_answer, posted
from mandates import forms, selectors, services
from mandates.models import FocalPoint, Mandate, Membership
from mandates.views.pages import about, detail_url


@require_http_methods(["GET", "POST"])
def membership_add(request, pk):
    mandate = get_object_for_user(request.user, Mandate, "mandates.add_membership", pk=pk)
    form = forms.MembershipAddForm(posted(request), mandate=mandate)
    return form_answer(
        request,
        form,
        lambda: services.membership_set(mandate=mandate, **cleaned(form, "entity", "role")),
        done=lambda membership: (
            _("%(entity)s was added as %(role)s.")
            % {"entity": membership.entity, "role": membership.get_role_display().lower()}
        ),
        title=_("Add a member"),
        back=detail_url(mandate.pk, "members"),
        submit=_("Add member"),
        **about(mandate=mandate),
    )


def membership_for(user, pk: int, perm: str) -> Membership:
    return get_object_for_user(
        user, Membership.objects.select_related("mandate", "entity"), perm, pk=pk
    )


@require_http_methods(["GET", "POST"])
def membership_edit(request, pk):
    membership = membership_for(request.user, pk, "mandates.change_membership")
    form = forms.MembershipRoleForm(posted(request), instance=membership)
    return form_answer(
        request,
        form,
        lambda: services.membership_update(
            membership=membership, **cleaned(form, "version", "role")
        ),
        done=_("The role of %(entity)s was saved.") % {"entity": membership.entity},
        title=_("Change the role of %(entity)s") % {"entity": membership.entity},
        back=detail_url(membership.mandate_id, "members"),
        submit=_("Save role"),
        **about(mandate=membership.mandate),
    )


@require_POST
def membership_remove(request, pk):
    membership = membership_for(request.user, pk, "mandates.delete_membership")
    services.membership_remove(membership=membership)
    messages.success(
        request, _("%(entity)s is no longer a member.") % {"entity": membership.entity}
    )
    return redirect(detail_url(membership.mandate_id, "members"))


def people_of(request, mandate: Mandate) -> str:
    """Whose people the focal point page lists: the entity chosen (by acronym, also when the
    form is posted, to the same address), else the mandate's lead or first member."""
    longest = Entity._meta.get_field("acronym").max_length
    chosen = params.text(request.GET, "entity", max_length=longest)
    if chosen == forms.NO_ENTITY or (chosen and Entity.objects.filter(acronym=chosen).exists()):
        return chosen
    return selectors.first_member(mandate)


@require_http_methods(["GET", "POST"])
def focal_point_add(request, pk):
    mandate = get_object_for_user(request.user, Mandate, "mandates.add_focalpoint", pk=pk)
    chosen = people_of(request, mandate)
    form = forms.FocalPointForm(posted(request), mandate=mandate, people_of=chosen)
    return form_answer(
        request,
        form,
        lambda: services.focal_point_add(
            mandate=mandate, **cleaned(form, "user", "nominated_by", "since")
        ),
        refused_on="user",
        done=lambda focal_point: (
            _("%(user)s is now a focal point of this mandate.") % {"user": focal_point.user}
        ),
        title=_("Add a focal point"),
        back=detail_url(mandate.pk, "focal-points"),
        submit=_("Add focal point"),
        template="mandates/focal_point_form.html",
        context={"people_choices": forms.people_choices(), "people_of": chosen},
        **about(mandate=mandate),
    )


@require_POST
def focal_point_remove(request, pk):
    focal_point = get_object_for_user(
        request.user,
        FocalPoint.objects.select_related("user"),
        "mandates.delete_focalpoint",
        pk=pk,
    )
    services.focal_point_remove(focal_point=focal_point)
    messages.success(
        request,
        _("%(user)s is no longer a focal point of this mandate.") % {"user": focal_point.user},
    )
    return redirect(detail_url(focal_point.mandate_id, "focal-points"))

"""People in the browser: the secretariat's list and each person's page (role, entity, state,
invitation, the mandates they report for, contributed by the mandates app as a panel), their
edits, deactivation and invitations; everyone's own profile; and the page an invitation's link
opens. Inviting someone and replacing a focal point name mandates: they are the mandates app's
pages (mandates.views.people)."""

from __future__ import annotations

from allauth.account import views as account_views
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import home, people, selectors
from emg.filters import PeopleFilter
from emg.forms import PersonForm
from emg.history import render_history
from emg.models import Invitation, User
from emg.permissions import get_object_for_user, permission_required
from emg.views.editing import attempt, cleaned, form_answer, posted
from emg.views.lists import list_context, paginate, sort_headers

COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("entity", gettext_lazy("Entity")),
    ("role", gettext_lazy("Role")),
]


def person_for(user, pk: int, perm: str) -> User:
    """The person ``pk``, with their pending invitation state. Only the secretariat may know
    who else exists: anyone else asking for another person gets 404."""
    found = selectors.people_list()
    if not user.has_perm("emg.manage_people"):
        found = found.filter(pk=user.pk)
    return get_object_for_user(user, found, perm, pk=pk)


def person_url(person: User) -> str:
    return reverse("people:detail", kwargs={"pk": person.pk})


def _crumbs(user) -> list[tuple[str, str]]:
    if user.has_perm("emg.manage_people"):
        return [(_("People"), reverse("people:list"))]
    return []


@require_safe
@permission_required("emg.manage_people", raise_exception=True)
def people_list(request):
    filterset = PeopleFilter(request.GET, queryset=selectors.people_list())
    page = paginate(request, filterset.qs)
    rows = [(person, selectors.person_state(person)) for person in page.object_list]
    return render(
        request,
        "emg/people/list.html",
        {
            **list_context(request, filterset, page),
            "rows": rows,
            "headers": list(sort_headers(request, COLUMNS).values()),
        },
    )


def _person_page(request, person: User):
    invitation = Invitation.objects.filter(user=person).select_related("invited_by").first()
    panels = home.render_panels(request, home.panels_for(request.user, home.PERSON), person)
    return render(
        request,
        "emg/people/detail.html",
        {
            "person": person,
            "state": selectors.person_state(person),
            "invitation": invitation,
            "invitation_closed": people.closed_reason(invitation) if invitation else None,
            "panels": panels,
            "is_me": person.pk == request.user.pk,
            "can_set_password": person.pk == request.user.pk
            and not request.user.has_usable_password(),
        },
    )


@require_safe
def person_detail(request, pk: int):
    return _person_page(request, person_for(request.user, pk, "emg.see_person"))


@require_safe
def person_me(request):
    return _person_page(request, person_for(request.user, request.user.pk, "emg.see_person"))


@require_safe
def person_history(request, pk: int):
    person = person_for(request.user, pk, "emg.see_person")
    return render_history(
        request,
        subject=person,
        title=str(person),
        back_url=person_url(person),
        querysets=selectors.person_history(person=person, user=request.user),
    )


@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = person_for(request.user, pk, "emg.manage_people")
    form = PersonForm(posted(request), instance=person)
    return form_answer(
        request,
        form,
        lambda: people.person_update(person=person, **cleaned(form, "version", "role", "entity")),
        refused_on="role",
        done=_("The role and entity of %(person)s were saved.") % {"person": person},
        then=person_url(person),
        title=_("Change the role or entity of %(person)s") % {"person": person},
        submit=_("Save"),
        back=person_url(person),
        crumbs=[*_crumbs(request.user), (str(person), person_url(person))],
    )


@require_POST
def person_deactivate(request, pk: int):
    person = person_for(request.user, pk, "emg.manage_people")
    done, _person = attempt(
        request, lambda: people.person_deactivate(person=person, by=request.user)
    )
    if done:
        messages.success(
            request,
            _("%(person)s is deactivated and signed out everywhere.") % {"person": person},
        )
    return redirect(person_url(person))


@require_POST
def person_reactivate(request, pk: int):
    person = person_for(request.user, pk, "emg.manage_people")
    done, _person = attempt(request, lambda: people.person_reactivate(person=person))
    if done:
        messages.success(request, _("%(person)s is active again.") % {"person": person})
    return redirect(person_url(person))


def _invitation_of(request, pk: int) -> tuple[User, Invitation]:
    person = person_for(request.user, pk, "emg.manage_people")
    invitation = Invitation.objects.filter(user=person).first()
    if invitation is None:
        raise Http404
    return person, invitation


@require_POST
def invitation_resend(request, pk: int):
    person, invitation = _invitation_of(request, pk)
    done, _sent = attempt(request, lambda: people.invitation_resend(invitation=invitation))
    if done:
        messages.success(
            request,
            _("The invitation was sent again to %(email)s; the earlier link no longer works.")
            % {"email": invitation.email},
        )
    return redirect(person_url(person))


@require_POST
def invitation_revoke(request, pk: int):
    person, invitation = _invitation_of(request, pk)
    done, _revoked = attempt(request, lambda: people.invitation_revoke(invitation=invitation))
    if not done:
        return redirect(person_url(person))
    messages.success(
        request,
        _("The invitation of %(email)s was revoked; its link no longer works.")
        % {"email": invitation.email},
    )
    return redirect("people:list")


# The invitation's link, opened by someone not signed in yet.


def _invitation_or_404(token: str) -> Invitation:
    invitation = people.invitation_for_token(token) if len(token) <= 100 else None
    if invitation is None:
        raise Http404
    return invitation


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """GET shows whom the invitation is for and changes nothing (mail scanners open links);
    POST uses it, once."""
    invitation = _invitation_or_404(token)
    closed = people.closed_reason(invitation)
    if request.method == "POST" and closed is None:
        try:
            person = people.invitation_accept(invitation=invitation)
        except people.InvitationClosed as refusal:
            closed = refusal.reason
        else:
            login(request, person, backend="emg.auth.UserBackend")
            # The welcome is this POST's answer, not a redirect: posting again (a reload)
            # finds the link used, and says so.
            return render(request, "emg/people/welcome.html", {"person": person})
    return render(
        request,
        "emg/people/invitation.html",
        {"invitation": invitation, "closed": closed},
        status=410 if closed else 200,
    )


@require_http_methods(["GET", "POST"])
def password_set(request):
    """A password for someone who has none yet (an invited person who just accepted, or who
    signs in by code). Anyone with a password changes it with ``password_change``."""
    if request.user.has_usable_password():
        raise PermissionDenied
    form = SetPasswordForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Your password is set."))
        return redirect("home")
    return render(request, "emg/people/password.html", {"form": form})


def password_change(request):
    """One's password changed, the current one asked for first (allauth's page, rate-limited;
    one's other sessions end, this one stays). Someone with no password yet sets one instead."""
    if request.user.is_authenticated and not request.user.has_usable_password():
        return redirect("people:password")
    return account_views.password_change(request)

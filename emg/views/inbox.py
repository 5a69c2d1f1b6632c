"""A person's notifications (/inbox/): newest first, unread marked; opening one
(/inbox/12/open/) marks it read and goes to what it is about; "mark all read"; and which
e-mails they get, per kind (/inbox/preferences/). Everyone signed in has an inbox, and only
their own: another person's notification answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emg import params
from emg.forms import PreferencesForm
from emg.models import Notification
from emg.notifications import services
from emg.views.lists import PER_PAGE, page_context


@require_safe
def inbox(request):
    number = params.integer(request.GET, "page", default=1)
    page = Paginator(services.inbox_of(request.user), PER_PAGE).get_page(number)
    page.object_list = list(page.object_list)
    return render(
        request,
        "emg/inbox/list.html",
        {"notifications": page.object_list, **page_context(page), "label_current": True},
    )


@require_safe
def inbox_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_read(notification=notification)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("inbox:list")
    return redirect(target)


@require_POST
def inbox_read_all(request):
    count = services.notifications_read_all(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked read."))
    return redirect("inbox:list")


@require_http_methods(["GET", "POST"])
def inbox_preferences(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("inbox:preferences")
    return render(
        request,
        "emg/inbox/preferences.html",
        {"form": form},
    )

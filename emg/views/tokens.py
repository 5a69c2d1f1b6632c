"""One's personal API tokens (emg.api): listed with when each was made and last used, made
(the key shown once, in the answer to the POST: only its hash is kept) and revoked."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from emg import services
from emg.forms import ApiTokenForm
from emg.models import ApiToken
from emg.permissions import permission_required
from emg.views.editing import posted


@never_cache  # the answer to the POST shows the new key
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("emg.have_api_tokens", raise_exception=True)
def token_list(request):
    form = ApiTokenForm(posted(request))
    key = None
    if request.method == "POST" and form.is_valid():
        _token, key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "emg/people/tokens.html", {"form": form, "tokens": tokens, "key": key})


@require_POST
@permission_required("emg.have_api_tokens", raise_exception=True)
def token_revoke(request, pk: int):
    # Another person's token is none of one's business: 404, as for one that does not exist.
    token = get_object_or_404(ApiToken.objects.live(), pk=pk, user=request.user)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("people:tokens")

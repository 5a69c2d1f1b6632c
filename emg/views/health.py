from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@login_not_required
@never_cache
@require_safe
def health(request):
    """For load balancers and uptime checks: the application answers. Touches nothing else (no
    database, no session), which also makes it the benchmark's yardstick for the middleware."""
    return HttpResponse("ok", content_type="text/plain")

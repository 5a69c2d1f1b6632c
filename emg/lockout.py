"""What a locked-out login sees (django-axes calls ``locked_out`` through AXES_LOCKOUT_CALLABLE):
the login page's frame with why and for how long, not a bare error text."""

from django.conf import settings
from django.shortcuts import render

TOO_MANY_REQUESTS = 429


def locked_out(request, original_response=None, credentials=None):
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "registration/locked_out.html", context, status=TOO_MANY_REQUESTS)

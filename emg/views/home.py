from django.shortcuts import render
from django.views.decorators.http import require_safe

from emg import home as home_panels
from emg.models import User


@require_safe
def home(request):
    """Each role's start page: the panels the apps registered for that role (see emg.home)."""
    user = request.user
    if user.role not in User.Role.values:
        return render(request, "emg/home_no_role.html")
    panels = home_panels.render_panels(request, home_panels.panels_for(user))
    return render(request, f"emg/home_{user.role}.html", {"panels": panels})

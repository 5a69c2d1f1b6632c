"""The navigation bar, which differs per role, and the count of unread notifications beside
it (asked of the database only by a page that shows it).

To add a page, add one line to NAVIGATION: its label, its url name and who sees it. Every url name
must exist: a link to a page not built yet should fail loudly (NoReverseMatch in the tests), not
disappear without a word.
"""

import functools

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emg.models import User

SECRETARIAT = User.Role.SECRETARIAT
FOCAL_POINT = User.Role.FOCAL_POINT
SENIOR_OFFICIAL = User.Role.SENIOR_OFFICIAL
# Not a role: anyone the admin site lets in (is_staff), whatever their role.
STAFF = "staff"
# Everyone signed in, including people the secretariat has not given a role yet.
EVERYONE = frozenset({*User.Role.values, ""})

NAVIGATION = [
    (_("Home"), "home", EVERYONE),
    (_("Mandates"), "mandates:list", {SECRETARIAT, FOCAL_POINT, SENIOR_OFFICIAL}),
    (_("Meetings"), "meetings:list", {SECRETARIAT, FOCAL_POINT, SENIOR_OFFICIAL}),
    (_("Work plans"), "workplans:list", {SECRETARIAT, FOCAL_POINT, SENIOR_OFFICIAL}),
    (_("My tasks"), "progress:my_tasks", {FOCAL_POINT}),
    (_("Progress reports"), "progress:reports", {SECRETARIAT, FOCAL_POINT, SENIOR_OFFICIAL}),
    (_("Reporting"), "progress:rounds", {SECRETARIAT}),
    (_("People"), "people:list", {SECRETARIAT}),
    (_("Admin"), "admin:index", {STAFF}),
]


def sees(user, roles) -> bool:
    return user.role in roles or (STAFF in roles and user.is_staff)


def _unread(user):
    """The count of ``user``'s unread notifications, as a callable the template calls: asked
    only by a page that shows the header, once however often it is shown (one count on the
    index of the unread rows)."""
    from emg.notifications.services import unread_count

    return functools.cache(lambda: unread_count(user))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    current = request.resolver_match.view_name if request.resolver_match else None
    entries = [
        {"label": label, "url": reverse(url_name), "active": url_name == current}
        for label, url_name, roles in NAVIGATION
        if sees(user, roles)
    ]
    return {"navigation": entries, "unread_notifications": _unread(user)}

"""Who is signed in: Django's ModelBackend, reading the person's entity along with them; the
sign-in forms (allauth's at /login/, Django's for the admin); and the login django-axes counts
failures against."""

from allauth.account.forms import LoginForm
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# A login longer than any username or e-mail address kept here.
LOGIN_MAX_LENGTH = 254


class UserBackend(ModelBackend):
    """Every page's header names the signed-in person's entity (signed_in_as.html); reading it
    with the user, as each request does, saves every page a query of its own."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("entity").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class NoLongerLogin:
    """A login longer than any user's is refused next to the field. Django gives the field the
    model's max_length only for the browser, so a longer one was tried, and django-axes recorded
    the failure in a column of 255 characters: PostgreSQL refused it (a 500)."""

    login_field = "username"
    login_max_length: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.login_field]
        limit = self.login_max_length or field.max_length
        field.max_length = limit
        field.widget.attrs["maxlength"] = str(limit)
        field.validators.append(MaxLengthValidator(limit))


class SignInForm(NoLongerLogin, LoginForm):
    """allauth's login form: a username or an e-mail address, and the password."""

    login_field = "login"
    login_max_length = LOGIN_MAX_LENGTH

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Username or e-mail address")
        login.widget.attrs.update({"autocomplete": "username", "autofocus": True})
        login.widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""


class AdminSignInForm(NoLongerLogin, AdminAuthenticationForm):
    """The admin's own login, counted by django-axes like the site's. It knows no second step,
    so an account that has one must sign in on the site's login page, which asks for it."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if is_mfa_enabled(user):
            raise ValidationError(
                _(
                    "This account signs in in two steps: log in on the workspace's login page, "
                    "then open the admin."
                ),
                code="two_steps",
            )


def axes_username(request, credentials=None) -> str | None:
    """What django-axes keys failures on: the typed username or e-mail address, in lower case
    (allauth matches both without regard to case, so "Alice" must not be a fresh start)."""
    credentials = credentials or {}
    login = credentials.get("username") or credentials.get("email")
    if not login and request is not None:
        data = getattr(request, "data", None) or request.POST
        login = data.get("login") or data.get("username")
    return login.strip().lower() if isinstance(login, str) else login

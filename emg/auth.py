"""Who is signed in: Django's ModelBackend, reading the person's entity along with them; and the
sign-in forms."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


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


class NoLongerUsername:
    """A username longer than any user's is refused next to the field. Django gives the field
    the model's max_length only for the browser, so a longer one was tried, and django-axes
    recorded the failure in a column of 255 characters: PostgreSQL refused it (a 500)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class SignInForm(NoLongerUsername, AuthenticationForm):
    pass


class AdminSignInForm(NoLongerUsername, AdminAuthenticationForm):
    pass

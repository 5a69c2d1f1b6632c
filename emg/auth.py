"""Who is signed in: Django's ModelBackend, reading the person's entity along with them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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

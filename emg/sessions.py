"""Sessions kept in the database, each row knowing whose it is.

Django's own database sessions hide the user inside the encoded session data, so ending one
user's sessions would mean decoding every row. This engine (``SESSION_ENGINE = "emg.sessions"``)
writes the user on the row itself (``emg.models.UserSession``); ``sessions_end`` then deletes a
user's sessions with one query, whatever their number. Expired rows go with ``manage.py
clearsessions`` as before.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import transaction


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from emg.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session


def sessions_end(*, user) -> int:
    """Sign ``user`` out everywhere: their next request finds no session and goes to the login
    page. Returns how many sessions were ended."""
    from emg.models import UserSession

    with transaction.atomic():
        return UserSession.objects.filter(user=user).delete()[0]

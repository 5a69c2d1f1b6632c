"""The standing cast every test can call on: secretariat, senior official, the focal point of this
mandate, the focal point of another mandate, and anonymous."""

import pytest

from emg.models import User
from emg.tests.factories import EntityFactory, UserFactory
from mandates.tests.factories import FocalPointFactory, MandateFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def unep(db):
    return EntityFactory(acronym="UNEP", name="United Nations Environment Programme")


@pytest.fixture
def undp(db):
    return EntityFactory(acronym="UNDP", name="United Nations Development Programme")


@pytest.fixture
def mandate(db):
    return MandateFactory(name="Issue Management Group on Alpha", key="img:alpha")


@pytest.fixture
def other_mandate(db):
    return MandateFactory(name="Task Team on Omega", kind="task_team", key="task_team:omega")


@pytest.fixture
def secretariat(unep):
    return UserFactory(username="alice", role=User.Role.SECRETARIAT, entity=unep)


@pytest.fixture
def senior_official(undp):
    return UserFactory(username="sam", role=User.Role.SENIOR_OFFICIAL, entity=undp)


@pytest.fixture
def focal_point(mandate, undp):
    user = UserFactory(username="fiona", role=User.Role.FOCAL_POINT, entity=undp)
    FocalPointFactory(mandate=mandate, user=user, nominated_by=undp)
    return user


@pytest.fixture
def other_focal_point(other_mandate, unep):
    user = UserFactory(username="oscar", role=User.Role.FOCAL_POINT, entity=unep)
    FocalPointFactory(mandate=other_mandate, user=user, nominated_by=unep)
    return user


@pytest.fixture
def cast(secretariat, senior_official, focal_point, other_focal_point):
    """Everyone by the name the permission tables use."""
    return {
        "anonymous": None,
        "secretariat": secretariat,
        "senior_official": senior_official,
        "focal_point": focal_point,
        "other_focal_point": other_focal_point,
    }


@pytest.fixture
def client_as(client):
    """``client_as(user)`` logs the test client in as ``user`` (or leaves it anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login

"""The editor's tests ask as the secretariat (``editor``) about a lettered plan of two outcomes of
two activities each (``plan``; workplans.tests.plan_builder.make_plan)."""

import pytest

from workplans.tests.plan_builder import make_plan


@pytest.fixture
def editor(client_as, secretariat):
    return client_as(secretariat)


@pytest.fixture
def plan(db):
    return make_plan(2, outcomes=2)

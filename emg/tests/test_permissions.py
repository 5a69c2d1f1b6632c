"""The one way pages decide who may see and do what."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from emg.permissions import get_object_for_user, is_secretariat
from mandates.models import Mandate


def test_only_the_secretariat_changes_mandates_and_everyone_with_a_role_reads_them(world):
    people = world.people
    for name in ("secretariat", "senior_official", "focal_point", "other_focal_point"):
        assert people[name].has_perm("mandates.view_mandate", world.mandate), name
    assert people["secretariat"].has_perm("mandates.change_mandate", world.mandate)
    for name in ("senior_official", "focal_point", "other_focal_point"):
        assert not people[name].has_perm("mandates.change_mandate", world.mandate), name


def test_a_user_without_a_role_reads_nothing(world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", role="")

    assert not nobody.has_perm("mandates.view_mandate", world.mandate)
    assert not nobody.has_perm("emg.view_meeting", world.meeting)


def test_a_deactivated_secretariat_member_loses_every_right(secretariat):
    secretariat.is_active = False

    assert not is_secretariat(secretariat)
    assert not secretariat.has_perm("mandates.change_mandate")


def test_get_object_for_user_refuses_a_missing_right_with_403(world):
    with pytest.raises(PermissionDenied):
        get_object_for_user(
            world.people["senior_official"], Mandate, "mandates.change_mandate", pk=world.mandate.pk
        )


def test_get_object_for_user_answers_404_for_what_does_not_exist(world):
    with pytest.raises(Http404):
        get_object_for_user(world.people["secretariat"], Mandate, "mandates.view_mandate", pk=0)


def test_get_object_for_user_answers_404_for_what_the_user_may_not_know_exists(world):
    class OnlyTheirOwn(Mandate.objects.all().__class__):
        def visible_to(self, user):
            return self.filter(focal_points__user=user)

    mine = OnlyTheirOwn(model=Mandate)
    fiona = world.people["focal_point"]

    assert get_object_for_user(fiona, mine, "mandates.view_mandate", pk=world.mandate.pk)
    with pytest.raises(Http404):
        get_object_for_user(fiona, mine, "mandates.view_mandate", pk=world.other_mandate.pk)

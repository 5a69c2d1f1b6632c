"""The scale-data generator (development/scale.py): the same seed writes the same rows, a second run
lives next to the first, and what it writes hangs together the way the Group's work does."""

import pytest
from django.core.management import call_command

from development.scale import scale_data_digest, scale_data_generate
from emg.models import Document, Meeting, User
from mandates.models import Decision, Mandate
from progress.models import ReportingRound, Task, Update
from workplans.models import WorkPlan

FACTOR = 0.1

# Children before what they point at, so that PROTECT references never stand in the way.
GENERATED = (
    Document,
    Update,
    Task,
    ReportingRound,
    WorkPlan,
    Decision,
    Mandate,
    Meeting,
    User,
)


def delete_generated():
    for model in GENERATED:
        model.objects.all().delete()


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_rows_into_an_empty_database():
    scale_data_generate(factor=FACTOR, seed=7)
    first = scale_data_digest()
    delete_generated()
    assert not Meeting.objects.exists()

    scale_data_generate(factor=FACTOR, seed=7)

    assert scale_data_digest() == first


@pytest.mark.django_db
def test_another_seed_writes_other_rows():
    scale_data_generate(factor=FACTOR, seed=7)
    first = scale_data_digest()
    delete_generated()

    scale_data_generate(factor=FACTOR, seed=8)

    assert scale_data_digest() != first


@pytest.mark.django_db
def test_a_second_run_takes_new_som_numbers_keys_and_usernames(world):
    first = scale_data_generate(factor=FACTOR, seed=1)
    second = scale_data_generate(factor=FACTOR, seed=1)

    assert first.first_number == 101  # above the world's SOM 26
    assert second.first_number == 101 + len(first.meetings)
    assert Meeting.objects.count() == 1 + 2 * len(first.meetings)
    assert Mandate.objects.count() == 2 + 2 * len(first.mandates)
    assert not {u.username for u in first.users} & {u.username for u in second.users}
    assert not {u.email for u in first.users} & {u.email for u in second.users}


@pytest.mark.django_db
def test_a_current_plan_goes_to_the_next_biennium_without_one():
    WorkPlan.objects.create(title="Demo plan", period_start=1990, period_end=1991)
    WorkPlan.objects.create(title="Demo plan", period_start=1992, period_end=1993)

    generated = scale_data_generate(factor=FACTOR, seed=1)

    (plan,) = generated.work_plans
    assert (plan.period_start, plan.status) == (1994, WorkPlan.Status.DRAFT)


@pytest.mark.django_db
def test_one_decade_holds_what_the_group_does_in_ten_years():
    generated = scale_data_generate(factor=1, seed=0)

    assert len(generated.meetings) == 20
    assert len(generated.mandates) == 40
    assert len(generated.work_plans) == 10
    assert len(generated.rounds) == 20
    assert User.objects.filter(username__in=[u.username for u in generated.users]).count() == 60
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
    for plan in generated.work_plans:
        activities = plan.outcomes.values_list("activities", flat=True).count()
        assert 30 <= activities <= 60
    decisions = Decision.objects.filter(section__meeting__in=generated.meetings, parent=None)
    assert decisions.count() >= 15 * 20
    assert {Decision.Verb.ESTABLISH, Decision.Verb.EXTEND, Decision.Verb.CONCLUDE} <= set(
        decisions.values_list("verb", flat=True)
    )
    assert set(Update.objects.values_list("state", flat=True)) == set(Update.State.values)
    # Every task of a round that has opened has its update; a round being prepared has none.
    opened = Task.objects.exclude(round__state=ReportingRound.State.DRAFT)
    assert opened.filter(update__isnull=True).count() == 0
    assert (
        Task.objects.filter(round__state=ReportingRound.State.DRAFT, update__isnull=False).count()
        == 0
    )


@pytest.mark.django_db
def test_a_mandates_status_is_the_one_its_last_changing_decision_leaves():
    generated = scale_data_generate(factor=FACTOR * 5, seed=2)

    mandates = Mandate.objects.filter(pk__in=[m.pk for m in generated.mandates])
    assert mandates.filter(status_decision__isnull=True).count() == 0
    for mandate in mandates.select_related("status_decision"):
        assert Decision.STATUS_AFTER[mandate.status_decision.verb] == mandate.status
        assert mandate.status_decision.mandate_id == mandate.pk


@pytest.mark.django_db
def test_the_command_reports_what_it_wrote():
    from io import StringIO

    out = StringIO()
    call_command("generate_scale_data", "--factor", "0.05", "--seed", "3", stdout=out)

    assert "SOMs 101–101" in out.getvalue()
    assert "progress.Update" in out.getvalue()

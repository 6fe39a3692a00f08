"""Each statutory step is a milestone of a case at most once: the database refuses a repeat,
and the migration that added the rule kept one of any repeats already there."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cases.models import CaseStatus
from plans.models import Milestone, MilestoneStatus
from tests import factories as f

STEP = "NL_PROBLEM_ANALYSIS"


def milestone(case, step=STEP, **fields) -> Milestone:
    fields.setdefault("target_on", timezone.localdate())
    return Milestone.objects.create(
        case=case, title="Problem analysis (week 6)", step=step, **fields
    )


@pytest.mark.django_db
def test_a_case_cannot_have_a_statutory_step_twice(case):
    milestone(case)
    other = f.CaseFactory(team=case.team, status=CaseStatus.ACTIVE)
    milestone(other)  # another case may have it
    Milestone.objects.create(case=case, title="First day back", target_on=timezone.localdate())
    Milestone.objects.create(case=case, title="Full hours", target_on=timezone.localdate())

    with pytest.raises(IntegrityError), transaction.atomic():
        milestone(case)

    assert Milestone.objects.filter(case=case).count() == 3


@pytest.mark.django_db
def test_the_migration_keeps_one_of_each_repeated_step_the_achieved_one_first(case):
    constraint = next(c for c in Milestone._meta.constraints if c.name == "milestone_step_once")
    with connection.schema_editor() as editor:  # inside the test's transaction: rolled back
        editor.remove_constraint(Milestone, constraint)
    first = milestone(case)
    today = timezone.localdate()
    achieved = milestone(case, status=MilestoneStatus.ACHIEVED, achieved_on=today)
    milestone(case)
    plan_step_first = milestone(case, step="NL_PLAN_OF_ACTION")
    milestone(case, step="NL_PLAN_OF_ACTION", target_on=today + timedelta(days=1))
    other = f.CaseFactory(team=case.team, status=CaseStatus.ACTIVE)
    others = milestone(other)
    plain = Milestone.objects.create(case=case, title="First day back", target_on=today)
    migration = importlib.import_module("plans.migrations.0008_milestone_step_once")

    migration.drop_repeated_steps(apps, None)

    assert set(Milestone.objects.values_list("pk", flat=True)) == {
        achieved.pk,
        plan_step_first.pk,
        others.pk,
        plain.pk,
    }
    assert first.pk != achieved.pk

"""The demo gives every supervision page something to show."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from plans.approval import ApprovalStatus, PlanApproval
from rtw.models import User
from supervision.models import DiscussedCase, SupervisionSession, TrainingRecord
from supervision.stepped import far_from_plan
from tests.forms import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    return User.objects.get(email="supervisor@demo.example")


def test_demo_has_cases_far_from_plan_for_the_demo_supervisor(seeded, as_user):
    found = list(far_from_plan([seeded.organisation_id]))
    assert {"over_plan", "behind_plan"} <= {
        rule for case in found for rule in ("over_plan", "behind_plan") if getattr(case, rule)
    }
    text = page_text(as_user(seeded).get("/supervision/off-plan/"))
    assert "More contacts than planned" in text


def test_demo_has_a_team_approving_plans_with_one_waiting(seeded):
    waiting = PlanApproval.objects.select_related("plan__case__team").get(
        status=ApprovalStatus.PENDING
    )
    assert waiting.plan.case.team.plans_need_approval is True


def test_demo_has_two_sessions_with_notes_and_a_renewal_coming_up(seeded, as_user):
    assert SupervisionSession.objects.filter(team=seeded.organisation).count() == 2
    assert DiscussedCase.objects.count() == 4
    soon = timezone.localdate() + timedelta(days=30)
    assert TrainingRecord.objects.filter(
        renewal_due_on__gte=timezone.localdate(), renewal_due_on__lte=soon
    ).exists()
    vsw = User.objects.get(email="vsw@demo.example")
    assert "Due soon" in page_text(as_user(vsw).get("/supervision/training/"))


def test_seeding_twice_adds_nothing(seeded, settings):
    before = (
        SupervisionSession.objects.count(),
        DiscussedCase.objects.count(),
        TrainingRecord.objects.count(),
        PlanApproval.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        SupervisionSession.objects.count(),
        DiscussedCase.objects.count(),
        TrainingRecord.objects.count(),
        PlanApproval.objects.count(),
    ) == before

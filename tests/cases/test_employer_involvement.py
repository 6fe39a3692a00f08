"""Employer involvement is the worker's choice (ADR 16): until the worker agrees that the service
may involve their employer, the employer sees nothing of them, and withdrawing hides everything
at once, released items included."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case, CaseEvent, ShareItem, SharingConsent
from cases.sharing import employer_view, released_items
from checkins.models import Reminder
from checkins.reminders import produce_reminders
from plans.models import Milestone, PlanStatus, Review
from rtw.models import Notification, Role
from tests import factories as f
from tests.forms import page_text

pytestmark = pytest.mark.django_db

CONDITION = "Generalised anxiety disorder"


@pytest.fixture
def quiet_case(team, practice, employer_org, vsw, clinician):
    """Robin Quayle works at the employer's organisation, is supported by the same team, and
    has released fit-note advice and the plan, but has not agreed that the service may involve
    their employer."""
    record = f.WorkerFactory(
        first_name="Robin", last_name="Quayle", employer=employer_org, gp_practice=practice
    )
    made = f.CaseFactory(worker=record, team=team, assigned_vsw=vsw, referred_by=clinician)
    f.FitNoteFactory(case=made, condition=CONDITION)
    for item in (ShareItem.FIT_NOTE_ADVICE, ShareItem.PLAN):
        f.SharingConsentFactory(worker=record, recipient="EMPLOYER", item=item, granted_by=vsw)
    return made


@pytest.fixture
def quiet_plan(quiet_case):
    plan = f.PlanFactory(case=quiet_case, status=PlanStatus.PROPOSED)
    f.add_graded_phases(plan, hours=(10, 20, 40))
    return plan


@pytest.fixture
def shared_plan(case, vsw):
    """Jamie (the ``case`` fixture) involves the employer and released fit-note advice and the
    plan, which is proposed for signing."""
    f.FitNoteFactory(case=case, condition=CONDITION)
    for item in (ShareItem.FIT_NOTE_ADVICE, ShareItem.PLAN):
        f.SharingConsentFactory(worker=case.worker, recipient="EMPLOYER", item=item, granted_by=vsw)
    plan = f.PlanFactory(case=case, status=PlanStatus.PROPOSED)
    f.add_graded_phases(plan, hours=(10, 20, 40))
    return plan


def employer_urls(case, plan):
    return {
        "case page": f"/cases/employees/{case.code}/",
        "plan copy": f"/plans/{plan.code}/copy/employer/",
        "plan PDF": f"/plans/{plan.code}/pdf/employer/",
    }


def test_employer_list_leaves_out_a_worker_who_has_not_agreed_to_involve_them(
    as_user, employer, case, quiet_case
):
    response = as_user(employer).get("/cases/employees/")
    text = page_text(response)

    assert Case.objects.filter(worker__last_name="Quayle").count() == 1
    assert "Quayle" not in text
    assert "Clarke" in text
    assert list(Case.objects.visible_to(employer)) == [case]


def test_every_employer_url_of_a_non_involved_worker_answers_404(
    as_user, employer, quiet_case, quiet_plan
):
    client = as_user(employer)
    statuses = {
        name: client.get(url).status_code
        for name, url in employer_urls(quiet_case, quiet_plan).items()
    }
    statuses["sign"] = client.post(f"/plans/{quiet_plan.code}/employer-sign/").status_code

    assert statuses == {"case page": 404, "plan copy": 404, "plan PDF": 404, "sign": 404}
    assert quiet_plan.signoffs.count() == 0


def test_the_same_urls_work_while_the_worker_involves_the_employer(
    as_user, employer, case, shared_plan
):
    client = as_user(employer)
    statuses = {
        name: client.get(url).status_code for name, url in employer_urls(case, shared_plan).items()
    }

    assert statuses == {"case page": 200, "plan copy": 200, "plan PDF": 200}


def test_withdrawing_involvement_hides_everything_at_once_released_items_included(
    as_user, worker, employer, case, shared_plan
):
    as_user(worker).post(
        f"/cases/my-support/{case.code}/sharing/",
        {"recipient": "EMPLOYER", "item": "INVOLVEMENT", "share": "no"},
    )
    client = as_user(employer)
    statuses = {
        name: client.get(url).status_code for name, url in employer_urls(case, shared_plan).items()
    }
    listing = page_text(client.get("/cases/employees/"))

    assert statuses == {"case page": 404, "plan copy": 404, "plan PDF": 404}
    assert "Clarke" not in listing
    assert released_items(case, "EMPLOYER") == set()
    # The released items stay recorded: agreeing again brings them back.
    assert set(
        SharingConsent.objects.active()
        .filter(worker=case.worker, recipient="EMPLOYER")
        .values_list("item", flat=True)
    ) == {"FIT_NOTE_ADVICE", "PLAN"}


def test_withdrawal_is_recorded_with_who_and_when(as_user, worker, case):
    as_user(worker).post(
        f"/cases/my-support/{case.code}/sharing/",
        {"recipient": "EMPLOYER", "item": "INVOLVEMENT", "share": "no"},
    )
    consent = SharingConsent.objects.get(worker=case.worker, item="INVOLVEMENT")

    assert (consent.withdrawn_by, consent.withdrawn_at is not None) == (worker, True)
    assert list(
        case.events.filter(kind=CaseEvent.Kind.CONSENT).values_list("summary", flat=True)
    ) == ["Withdrew agreement that the service may contact their employer"]


def test_the_vsw_records_the_workers_agreement_and_the_employer_sees_them_at_once(
    as_user, vsw, employer, quiet_case
):
    as_user(vsw).post(
        f"/cases/{quiet_case.code}/sharing/",
        {"recipient": "EMPLOYER", "item": "INVOLVEMENT", "share": "yes"},
    )
    consent = SharingConsent.objects.active().get(worker=quiet_case.worker, item="INVOLVEMENT")
    text = page_text(as_user(employer).get(f"/cases/employees/{quiet_case.code}/"))

    assert consent.granted_by == vsw
    assert "Robin Quayle" in text
    assert "May be fit for work" in text
    assert CONDITION not in text


def test_involvement_cannot_be_recorded_for_the_gp(as_user, vsw, case):
    as_user(vsw).post(
        f"/cases/{case.code}/sharing/", {"recipient": "GP", "item": "INVOLVEMENT", "share": "yes"}
    )

    assert SharingConsent.objects.filter(recipient="GP", item="INVOLVEMENT").count() == 0


def test_the_worker_is_offered_involvement_first_in_plain_words(as_user, worker, quiet_case):
    quiet_case.worker.user = worker
    quiet_case.worker.save()
    text = page_text(as_user(worker).get(f"/cases/my-support/{quiet_case.code}/sharing/"))

    assert "It is entirely your choice" in text
    assert "they do not see that you are using this service" in text
    assert "Nothing, not even that you are using the service." in text
    assert text.index("That the service may contact your employer") < text.index("Fit-note advice")


def test_the_vsw_case_page_says_the_employer_is_not_involved(as_user, vsw, quiet_case):
    text = page_text(as_user(vsw).get(f"/cases/{quiet_case.code}/what-is-shared/"))

    assert "The worker has not agreed that we involve" in text
    assert "Record that they agree" in text


def test_employer_view_of_a_non_involved_worker_holds_nothing(quiet_case):
    view = employer_view(quiet_case, timezone.localdate())

    assert (view.involved, view.items, view.fit_note, view.shares_plan) == (
        False,
        frozenset(),
        None,
        False,
    )


def test_queryset_and_predicate_agree_for_involved_and_non_involved_workers(
    employer, other_employer, case, quiet_case, other_employer_org, team, practice
):
    elsewhere = f.CaseFactory(
        worker=f.WorkerFactory(employer=other_employer_org, gp_practice=practice), team=team
    )
    f.involve_employer(elsewhere)
    everyone = [case, quiet_case, elsewhere]

    for user in (employer, other_employer):
        by_rule = {c for c in everyone if user.has_perm("cases.see_case", c)}
        assert set(Case.objects.visible_to(user)) == by_rule
    assert set(Case.objects.visible_to(employer)) == {case}
    assert set(Case.objects.visible_to(other_employer)) == {elsewhere}


def test_no_reminder_or_notification_reaches_a_non_involved_workers_employer(
    employer, quiet_plan, quiet_case
):
    """A review and a milestone fall due on the worker's active plan: every producer runs and
    reminds the VSW, and nothing is addressed to the employer contact, in the app or by email."""
    quiet_plan.status = PlanStatus.ACTIVE
    quiet_plan.save()
    today = timezone.localdate()
    Review.objects.create(case=quiet_case, due_on=today + timedelta(days=1))
    Milestone.objects.create(case=quiet_case, title="First day back", target_on=today)
    produce_reminders()

    assert Reminder.objects.filter(case=quiet_case).exists()
    assert Reminder.objects.filter(recipient__role=Role.EMPLOYER_CONTACT).count() == 0
    assert Reminder.objects.filter(to_email=employer.email).count() == 0
    assert Notification.objects.filter(recipient=employer).count() == 0

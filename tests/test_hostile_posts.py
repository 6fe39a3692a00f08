"""Hostile input through the real views answers with the form and its errors, never a 500
(issue "[Robust]" 1), and no stored value makes a plan's page or PDF fail or run away."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from cases.forms.fit_notes import _add_months
from checkins.models import CheckIn
from plans import actions as plan_actions
from plans.models import MAX_CHECK_INS, MAX_REVIEWS, Milestone
from tests import factories as f
from tests.forms import date_fields, error_summary

HUGE = "99999999999999999999"
LONG_TEXT = "x" * 100_000
TOO_LONG_NOTE = "Ensure this value has at most 5000 characters (it has 100000)."
TOO_LONG_SECTION = "Ensure this value has at most 2000 characters (it has 100000)."


def huge_date(name: str) -> dict[str, str]:
    return {f"{name}_0": "1", f"{name}_1": "1", f"{name}_2": HUGE}


@pytest.mark.django_db
def test_fit_note_with_a_huge_year_and_a_long_condition_shows_the_errors(as_user, vsw, case):
    today = timezone.localdate()
    data = {
        "form_kind": "MED3_2022",
        "condition": LONG_TEXT,
        "fitness": "NOT_FIT",
        "needs_reassessment": "yes",
        "issuer_name": "Dr Aisha Rahman",
        "issuer_profession": "DOCTOR",
        **huge_date("assessed_on"),
        **date_fields("issued_on", today),
        **date_fields("starts_on", today),
        **date_fields("ends_on", today + timedelta(days=14)),
        **date_fields("condition_started_on", date(9999, 12, 1)),
    }

    response = as_user(vsw).post(f"/cases/{case.code}/fit-notes/new/", data)

    assert response.status_code == 200
    assert error_summary(response) == [
        "Enter a real date",
        TOO_LONG_NOTE,
        "Enter a year between 1900 and 2100",
    ]


@pytest.mark.django_db
def test_contact_with_a_huge_year_and_a_long_summary_shows_the_errors(as_user, vsw, case):
    data = {
        **huge_date("contact_date"),
        "contact_time": "14:30",
        "party": "WORKER",
        "mode": "PHONE",
        "duration_minutes": HUGE,
        "summary": LONG_TEXT,
    }

    response = as_user(vsw).post(f"/cases/{case.code}/contacts/new/", data)

    assert response.status_code == 200
    assert error_summary(response) == [
        "Enter a real date",
        "Enter a duration between 1 and 600 minutes",
        TOO_LONG_NOTE,
    ]


@pytest.mark.django_db
def test_plan_with_huge_dates_shows_the_errors(as_user, vsw, case):
    data = {
        "goal": "SAME_JOB_SAME_HOURS",
        "contracted_hours": HUGE,
        **huge_date("starts_on"),
        **huge_date("expected_end_on"),
        "review_interval_days": HUGE,
    }

    response = as_user(vsw).post(f"/plans/case/{case.code}/new/", data)

    assert response.status_code == 200
    assert len(error_summary(response)) == 4
    assert error_summary(response)[1:3] == ["Enter a real date", "Enter a real date"]


@pytest.mark.django_db
def test_adjustment_with_a_long_description_shows_the_error(as_user, vsw, case):
    plan = f.PlanFactory(case=case, created_by=vsw)

    response = as_user(vsw).post(
        f"/plans/{plan.code}/adjustments/new/",
        {"category": "PHASED_RETURN", "description": LONG_TEXT, "visible_to_employer": "on"},
    )

    assert response.status_code == 200
    assert error_summary(response) == [TOO_LONG_SECTION]


@pytest.mark.django_db
def test_referral_with_huge_dates_and_a_long_reason_shows_the_errors(
    as_user, clinician, team, employer_org
):
    data = {
        "worker-first_name": "Olivia",
        "worker-last_name": "Barnes",
        **huge_date("worker-date_of_birth"),
        "worker-preferred_contact": "PHONE",
        "worker-employer": str(employer_org.pk),
        "worker-contracted_hours": "37.5",
        **huge_date("worker-absence_started_on"),
        "referral-team": str(team.pk),
        "referral-reason": LONG_TEXT,
        "referral-consent": "on",
        **huge_date("referral-consent_given_on"),
        "referral-consent_method": "VERBAL",
    }

    response = as_user(clinician).post("/cases/refer/", data)

    assert response.status_code == 200
    summary = error_summary(response)
    assert summary.count("Enter a real date") == 3
    assert TOO_LONG_NOTE in summary


@pytest.mark.django_db
def test_sign_in_with_a_name_over_255_characters_is_refused_not_a_500(vsw):
    response = Client().post(
        "/accounts/login/",
        {"username": "a" * 300 + "@example.test", "password": "wrong"},
    )

    assert response.status_code == 200
    assert error_summary(response) == ["Ensure this value has at most 254 characters (it has 313)."]


@pytest.mark.django_db
def test_patient_search_with_a_nul_character_is_a_search_not_a_500(
    as_user, clinician, practice, team
):
    worker = f.WorkerFactory(first_name="Olivia", last_name="Barnes", gp_practice=practice)
    f.CaseFactory(worker=worker, team=team, referred_by=clinician, status="CLOSED")

    response = as_user(clinician).get("/cases/refer/", {"q": "Bar\x00nes"})

    assert response.status_code == 200
    assert [w.last_name for w in response.context["patients"]] == ["Barnes"]


def test_adding_months_past_the_last_year_gives_the_last_date():
    assert _add_months(date(9999, 12, 1), 6) == date.max
    assert _add_months(date(1, 1, 31), -12) == date.min


@pytest.fixture
def endless_plan(case, vsw):
    """A plan written straight to the database, past every rule of the forms: it ends on
    31 December 9999, reviews every day, and its last phase starts in 9999."""
    today = timezone.localdate()
    plan = f.PlanFactory(
        case=case,
        created_by=vsw,
        status="ACTIVE",
        starts_on=today,
        expected_end_on=date(9999, 12, 31),
        review_interval_days=1,
    )
    f.PhaseFactory(plan=plan, order=1, starts_on=today, ends_on=date(9999, 12, 20))
    f.PhaseFactory(
        plan=plan,
        order=2,
        starts_on=date(9999, 12, 21),
        ends_on=date(9999, 12, 31),
        hours_per_week=plan.contracted_hours,
    )
    return plan


@pytest.mark.django_db
def test_a_plan_ending_in_9999_renders_its_page_and_pdf(as_user, vsw, endless_plan):
    client = as_user(vsw)

    page = client.get(f"/plans/{endless_plan.code}/")
    pdf = client.get(f"/plans/{endless_plan.code}/pdf/worker/")

    assert (page.status_code, pdf.status_code) == (200, 200)
    assert pdf.content.startswith(b"%PDF")
    assert len(endless_plan.review_dates()) == MAX_REVIEWS


@pytest.mark.django_db
def test_a_plan_ending_in_9999_schedules_bounded_series(vsw, endless_plan):
    reviews = plan_actions.schedule_reviews(plan=endless_plan, by=vsw)
    check_ins = plan_actions.schedule_check_ins(plan=endless_plan, every_days=7, by=vsw)
    milestones = plan_actions.generate_milestones(plan=endless_plan, by=vsw)

    assert (reviews, check_ins) == (MAX_REVIEWS, MAX_CHECK_INS)
    assert CheckIn.objects.filter(case=endless_plan.case).count() == MAX_CHECK_INS
    # First day back, two phase ends and full hours; "sustained for n weeks" would be past 9999.
    assert [m.title for m in milestones] == [
        "First day back",
        f"End of phase 1 ({endless_plan.phases.get(order=1).hours_per_week} hours a week)",
        f"End of phase 2 ({endless_plan.contracted_hours} hours a week)",
        "Full contracted hours",
    ]
    assert Milestone.objects.filter(case=endless_plan.case).count() == 4


@pytest.mark.django_db
def test_a_bounded_text_area_shows_the_govuk_character_count(as_user, vsw, case):
    response = as_user(vsw).get(f"/cases/{case.code}/contacts/new/")

    soup = BeautifulSoup(response.content, "html.parser")
    counts = sorted(
        (div.select_one("textarea")["name"], div["data-maxlength"])
        for div in soup.select('[data-module="govuk-character-count"]')
    )
    summary = soup.select_one("textarea#id_summary")
    assert counts == [("next_step", "5000"), ("summary", "5000")]
    assert "maxlength" not in summary.attrs
    assert summary["aria-describedby"] == "id_summary-info"

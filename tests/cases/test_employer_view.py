"""The employer sees only what the worker released, and a withdrawal takes effect at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Recipient, ShareItem, SharingConsent
from tests import factories as f
from tests.forms import page_text

CONDITION = "Generalised anxiety disorder"
COMMENTS = "Could manage reduced hours with no night shifts."


@pytest.fixture
def noted_case(case, vsw):
    today = timezone.localdate()
    f.FitNoteFactory(
        case=case,
        condition=CONDITION,
        comments=COMMENTS,
        fitness="MAY_BE_FIT",
        phased_return=True,
        altered_hours=True,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=25),
    )
    f.ContactFactory(case=case, summary="Told me about panic attacks on the bus.")
    return case


def share(case, item, by):
    return as_vsw_post(case, by, recipient="EMPLOYER", item=item, share="yes")


def as_vsw_post(case, vsw, **data):
    from tests.conftest import client_for

    return client_for(vsw).post(f"/cases/{case.code}/sharing/", data)


@pytest.mark.django_db
def test_nothing_is_shared_by_default(as_user, employer, noted_case):
    text = page_text(as_user(employer).get(f"/cases/employees/{noted_case.code}/"))
    assert "Not shared" in text
    assert "May be fit" not in text
    assert CONDITION not in text
    assert COMMENTS not in text
    assert "panic attacks" not in text


@pytest.mark.django_db
def test_shared_fit_note_advice_shows_advice_and_period_but_not_condition(
    as_user, vsw, employer, noted_case
):
    share(noted_case, ShareItem.FIT_NOTE_ADVICE, vsw)

    text = page_text(as_user(employer).get(f"/cases/employees/{noted_case.code}/"))
    assert "May be fit for work" in text
    assert "A phased return to work, Altered hours" in text
    assert COMMENTS in text
    assert CONDITION not in text
    assert "panic attacks" not in text


@pytest.mark.django_db
def test_condition_shows_only_when_released(as_user, vsw, employer, noted_case):
    share(noted_case, ShareItem.FIT_NOTE_ADVICE, vsw)
    share(noted_case, ShareItem.CONDITION, vsw)
    assert CONDITION in page_text(as_user(employer).get(f"/cases/employees/{noted_case.code}/"))


@pytest.mark.django_db
def test_withdrawal_takes_effect_immediately(as_user, vsw, employer, noted_case):
    share(noted_case, ShareItem.FIT_NOTE_ADVICE, vsw)
    as_vsw_post(noted_case, vsw, recipient="EMPLOYER", item="FIT_NOTE_ADVICE", share="no")

    text = page_text(as_user(employer).get(f"/cases/employees/{noted_case.code}/"))
    assert "May be fit" not in text
    consent = SharingConsent.objects.get(worker=noted_case.worker, item="FIT_NOTE_ADVICE")
    assert (consent.withdrawn_by, consent.withdrawn_at is not None) == (vsw, True)


@pytest.mark.django_db
def test_sharing_with_the_gp_does_not_share_with_the_employer(as_user, vsw, employer, noted_case):
    as_vsw_post(noted_case, vsw, recipient="GP", item="FIT_NOTE_ADVICE", share="yes")
    assert "May be fit" not in page_text(
        as_user(employer).get(f"/cases/employees/{noted_case.code}/")
    )


@pytest.mark.django_db
def test_granting_twice_keeps_one_active_consent(vsw, noted_case):
    share(noted_case, ShareItem.PLAN, vsw)
    share(noted_case, ShareItem.PLAN, vsw)
    assert (
        SharingConsent.objects.active().filter(worker=noted_case.worker, item="PLAN").count() == 1
    )


@pytest.mark.django_db
def test_consent_changes_are_on_the_timeline_with_who_recorded_them(as_user, vsw, noted_case):
    share(noted_case, ShareItem.FIT_NOTE_ADVICE, vsw)
    as_vsw_post(noted_case, vsw, recipient="EMPLOYER", item="FIT_NOTE_ADVICE", share="no")
    events = list(noted_case.events.filter(kind="CONSENT").values_list("summary", "actor"))
    assert events == [
        (
            "No longer shared with their employer: Fit-note advice (not fit or may be fit, dates, "
            "advice)",
            vsw.pk,
        ),
        (
            "Now shared with their employer: Fit-note advice (not fit or may be fit, dates, "
            "advice)",
            vsw.pk,
        ),
    ]


@pytest.mark.django_db
def test_tampered_consent_post_changes_nothing(as_user, vsw, noted_case):
    response = as_vsw_post(
        noted_case, vsw, recipient="EMPLOYER", item="DIAGNOSIS_AND_ALL", share="yes"
    )
    assert response.status_code == 302
    # Only the fixture's agreement to involve the employer.
    assert list(SharingConsent.objects.values_list("item", flat=True)) == ["INVOLVEMENT"]


@pytest.mark.django_db
def test_employer_list_shows_only_their_employees_and_released_items(
    as_user, vsw, employer, noted_case, other_employer_org
):
    share(noted_case, ShareItem.FIT_NOTE_ADVICE, vsw)
    f.CaseFactory(worker__employer=other_employer_org, worker__last_name="Elsewhere")

    text = page_text(as_user(employer).get("/cases/employees/"))
    assert "Jamie Clarke" in text
    assert "May be fit for work: a phased return to work, altered hours" in text
    assert "Elsewhere" not in text
    assert CONDITION not in text


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 30])
def test_employer_list_query_count_does_not_grow_with_rows(
    as_user, employer, employer_org, rows, django_assert_num_queries
):
    for i in range(rows):
        case = f.CaseFactory(worker__employer=employer_org, worker__first_name=f"P{i}")
        f.FitNoteFactory(case=case, condition=CONDITION)
        f.involve_employer(case)
        f.SharingConsentFactory(
            worker=case.worker, recipient=Recipient.EMPLOYER, item=ShareItem.FIT_NOTE_ADVICE
        )
    client = as_user(employer)
    # session, user, savepoint + release, paginator count, rows with the worker's consents and
    # the fit notes as JSON, audit insert
    with django_assert_num_queries(7):
        response = client.get("/cases/employees/")
    assert page_text(response).count("May be fit for work") == min(rows, 25)
    assert CONDITION not in page_text(response)


@pytest.mark.django_db
def test_employer_page_links_to_the_plan_only_when_released(as_user, vsw, employer, noted_case):
    plan = f.PlanFactory(case=noted_case, status="PROPOSED")
    url = f"/cases/employees/{noted_case.code}/"
    assert f"/plans/{plan.code}/copy/employer/" not in as_user(employer).get(url).content.decode()
    share(noted_case, ShareItem.PLAN, vsw)
    text = page_text(as_user(employer).get(url))
    assert "Read the plan (version 1, status: Proposed)" in text
    assert "it is waiting for your signature." in text

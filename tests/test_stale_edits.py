"""No silent lost update (rtw/versions.py; docs/adr/0012-exactly-once-submits-and-stale-edits.md).

Each edit page carries the version of the record it showed. A save made on a version someone
else has since moved on is refused: the page comes back with the user's own input, the message
and the values now saved, and saves on top of those once the user sends it again.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from plans import actions
from plans.models import Phase, Plan, PlanStatus, RelapsePrevention
from rtw.versions import STALE_MESSAGE, StaleEdit, claim_version
from tests import factories as f
from tests.cases.test_referral import referral_data
from tests.concurrently import raised, run_together
from tests.conftest import client_for
from tests.forms import date_fields, error_summary, page_text


def version_on(response) -> int:
    match = re.search(rb'name="edit_version" value="(\d+)"', response.content)
    assert match, "the page carries no edit version"
    return int(match.group(1))


def form_action(response) -> str | None:
    form = BeautifulSoup(response.content, "html.parser").select_one("main form[method=post]")
    return form.get("action")


def input_value(response, name: str) -> str:
    field = BeautifulSoup(response.content, "html.parser").select_one(f'[name="{name}"]')
    return field.get("value") if field.name == "input" else field.get_text()


def their_version(response) -> dict[str, str]:
    """The "Their version, as now saved" list of a stale page."""
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find(id="their-version")
    rows = heading.find_next("dl").select(".govuk-summary-list__row")
    return {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in rows
    }


def details(plan, **overrides) -> dict:
    data = {
        "goal": plan.goal,
        "contracted_hours": str(plan.contracted_hours),
        "review_interval_days": str(plan.review_interval_days),
        **date_fields("starts_on", plan.starts_on),
        **date_fields("expected_end_on", plan.expected_end_on),
    }
    data.update(overrides)
    return data


@pytest.fixture
def plan(case):
    return f.PlanFactory(case=case, contracted_hours=Decimal("40"))


# --- The version mechanism ---------------------------------------------------------------------


@pytest.mark.django_db
def test_claiming_a_version_moves_it_on_and_a_stale_claim_is_refused(plan):
    claim_version(Plan, pk=plan.pk, expected=0)
    with pytest.raises(StaleEdit):
        claim_version(Plan, pk=plan.pk, expected=0)
    claim_version(Plan, pk=plan.pk, expected=None)  # a client that sent no version

    plan.refresh_from_db()
    assert (plan.edit_version, plan.phases_version) == (2, 0)


@pytest.mark.django_db
def test_a_stale_update_changes_nothing(plan, vsw):
    actions.update_plan(plan=plan, data={"review_interval_days": 7}, edit_version=0, by=vsw)

    with pytest.raises(StaleEdit):
        actions.update_plan(plan=plan, data={"review_interval_days": 28}, edit_version=0, by=vsw)

    plan.refresh_from_db()
    assert (plan.review_interval_days, plan.edit_version) == (7, 1)


# --- Plan details -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_editors_of_the_same_draft_plan_one_saves_the_other_sees_the_change(
    vsw, vsw_same_team, plan
):
    url = f"/plans/{plan.code}/edit/"
    editors = [client_for(vsw), client_for(vsw_same_team)]
    opened = [version_on(e.get(url)) for e in editors]
    hours = ["30.0", "25.0"]

    results = run_together(
        *[
            lambda e=e, v=v, h=h: e.post(
                url, {**details(plan, contracted_hours=h), "edit_version": str(v)}
            )
            for e, v, h in zip(editors, opened, hours, strict=True)
        ]
    )

    assert raised(results) == []
    assert opened == [0, 0]
    assert sorted(r.status_code for r in results) == [200, 302]
    saved, refused = (
        (hours[0], results[1])
        if results[0].status_code == 302
        else (
            hours[1],
            results[0],
        )
    )
    plan.refresh_from_db()
    assert (str(plan.contracted_hours), plan.edit_version) == (saved, 1)
    assert error_summary(refused) == [STALE_MESSAGE]
    assert input_value(refused, "contracted_hours") == next(h for h in hours if h != saved)
    assert their_version(refused)["Contracted hours per week"] == saved
    assert version_on(refused) == 1


@pytest.mark.django_db
def test_the_stale_page_saves_once_sent_again(as_user, vsw, vsw_same_team, plan):
    url = f"/plans/{plan.code}/edit/"
    as_user(vsw_same_team).post(
        url, {**details(plan, review_interval_days="7"), "edit_version": "0"}
    )
    refused = as_user(vsw).post(url, {**details(plan, goal="NEW_EMPLOYER"), "edit_version": "0"})

    again = as_user(vsw).post(
        url,
        {
            **details(plan, goal="NEW_EMPLOYER", review_interval_days="7"),
            "edit_version": str(version_on(refused)),
        },
    )

    assert (refused.status_code, again.status_code) == (200, 302)
    plan.refresh_from_db()
    assert (plan.goal, plan.review_interval_days, plan.edit_version) == ("NEW_EMPLOYER", 7, 2)


@pytest.mark.django_db
def test_a_signed_plan_changed_from_two_pages_the_second_sees_the_new_version(
    as_user, vsw, vsw_same_team, employer, plan, case
):
    f.add_graded_phases(plan, hours=(10, 20, 40))
    f.SharingConsentFactory(worker=case.worker, recipient="EMPLOYER", item="PLAN", granted_by=vsw)
    plan.status = PlanStatus.PROPOSED
    plan.save()
    as_user(employer).post(f"/plans/{plan.code}/employer-sign/")
    url = f"/plans/{plan.code}/edit/"
    opened = version_on(as_user(vsw).get(url))

    as_user(vsw_same_team).post(
        url, {**details(plan, review_interval_days="7"), "edit_version": "0"}
    )
    refused = as_user(vsw).post(url, {**details(plan, goal="NEW_EMPLOYER"), "edit_version": opened})

    new = Plan.objects.get(case=case, superseded_at__isnull=True)
    assert (new.version, new.review_interval_days) == (2, 7)
    assert refused.status_code == 200
    assert error_summary(refused) == [STALE_MESSAGE]
    assert their_version(refused)["Review every (days)"] == "7"
    assert form_action(refused) == f"/plans/{new.code}/edit/"
    assert version_on(refused) == new.edit_version

    again = as_user(vsw).post(
        form_action(refused),
        {**details(new, goal="NEW_EMPLOYER"), "edit_version": str(version_on(refused))},
    )
    assert again.status_code == 302
    assert list(Plan.objects.filter(case=case).values_list("version", "goal")) == [
        (2, "NEW_EMPLOYER"),
        (1, "SAME_JOB_ADAPTED"),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_edits_of_a_signed_plan_at_once_make_one_new_version_and_no_error(
    vsw, vsw_same_team, employer, plan, case
):
    f.add_graded_phases(plan, hours=(10, 20, 40))
    f.SharingConsentFactory(worker=case.worker, recipient="EMPLOYER", item="PLAN", granted_by=vsw)
    plan.status = PlanStatus.PROPOSED
    plan.save()
    client_for(employer).post(f"/plans/{plan.code}/employer-sign/")
    url = f"/plans/{plan.code}/adjustments/new/"

    results = run_together(
        lambda: client_for(vsw).post(url, {"category": "EQUIPMENT", "description": "Headset"}),
        lambda: client_for(vsw_same_team).post(
            url, {"category": "REMOTE_WORK", "description": "Two days at home"}
        ),
    )

    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302]
    assert sorted(Plan.objects.filter(case=case).values_list("version", flat=True)) == [1, 2]


# --- Phases, relapse-prevention agreement, worker details ---------------------------------------


def phase_data(plan, hours) -> dict:
    data = {
        "phases-TOTAL_FORMS": str(len(hours)),
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "52",
    }
    for i, h in enumerate(hours):
        start = plan.starts_on + timedelta(weeks=i)
        data.update(date_fields(f"phases-{i}-starts_on", start))
        data.update(date_fields(f"phases-{i}-ends_on", start + timedelta(days=6)))
        data[f"phases-{i}-hours_per_week"] = str(h)
    return data


@pytest.mark.django_db
def test_phases_saved_over_someone_elses_are_refused_and_theirs_shown(
    as_user, vsw, vsw_same_team, plan
):
    url = f"/plans/{plan.code}/phases/"
    opened = version_on(as_user(vsw).get(url))
    as_user(vsw_same_team).post(url, {**phase_data(plan, [20, 40]), "edit_version": opened})

    refused = as_user(vsw).post(url, {**phase_data(plan, [10, 30, 40]), "edit_version": opened})

    assert refused.status_code == 200
    assert error_summary(refused) == [STALE_MESSAGE]
    assert list(their_version(refused)) == ["Phase 1", "Phase 2"]
    assert input_value(refused, "phases-1-hours_per_week") == "30"
    assert list(Phase.objects.filter(plan=plan).values_list("hours_per_week", flat=True)) == [
        Decimal("20.0"),
        Decimal("40.0"),
    ]


def relapse_data(signs: str, version) -> dict:
    return {
        "relapse-warning_signs": signs,
        "relapse-normalisation": "A dip is a signal, not a failure.",
        "relapse-contacts": "",
        **date_fields("relapse-review_on", None),
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "20",
        "actions-0-kind": "CONTACT_GP",
        "actions-0-owner": "WORKER",
        "edit_version": str(version),
    }


@pytest.mark.django_db
def test_a_relapse_agreement_saved_over_someone_elses_is_refused_and_theirs_shown(
    as_user, vsw, vsw_same_team, plan
):
    RelapsePrevention.objects.create(plan=plan, warning_signs="")
    url = f"/plans/{plan.code}/relapse/"
    opened = version_on(as_user(vsw).get(url))
    as_user(vsw_same_team).post(url, relapse_data("Sleeping worse", opened))

    refused = as_user(vsw).post(url, relapse_data("Missing lunch", opened))

    assert refused.status_code == 200
    assert error_summary(refused) == [STALE_MESSAGE]
    assert their_version(refused)["Early warning signs"] == "Sleeping worse"
    assert input_value(refused, "relapse-warning_signs").strip() == "Missing lunch"
    plan.relapse.refresh_from_db()
    assert plan.relapse.warning_signs == "Sleeping worse"


@pytest.mark.django_db
def test_worker_details_saved_over_someone_elses_are_refused_and_nothing_is_referred(
    as_user, clinician, case, employer_org, team
):
    worker = case.worker
    url = f"/cases/refer/patient/{worker.code}/"
    opened = version_on(as_user(clinician).get(url))
    worker.job_title = "Forklift driver"
    worker.save()
    claim_version(type(worker), pk=worker.pk, expected=opened)  # someone else's save
    data = {
        k.replace("worker-", "episode-"): v
        for k, v in referral_data(employer_org, team).items()
        if k.startswith("referral-")
        or k.startswith("worker-absence_started_on")
        or k in ("worker-employer", "worker-contracted_hours")
    }

    refused = as_user(clinician).post(
        url, {**data, "episode-job_title": "Warehouse lead", "edit_version": str(opened)}
    )

    assert refused.status_code == 200
    assert error_summary(refused) == [STALE_MESSAGE]
    assert their_version(refused)["Job title"] == "Forklift driver"
    assert input_value(refused, "episode-job_title") == "Warehouse lead"
    assert worker.cases.count() == 1
    assert "Refer" in page_text(refused)

"""A real preview before consenting: the worker sees the employer's (or the GP's) copy as it would
be after the change they are about to make, including released warning signs and relapse
actions, and nothing changes until they confirm."""

import pytest

from plans.models import PlanStatus
from tests import factories as f
from tests.forms import page_text

WARNING_SIGN = "Snapping at colleagues"
EMPLOYER_ACTION = "Team leader offers routine tasks for a week"
VSW_ACTION = "Call within two working days"
PRIVATE = "Private counselling on Thursdays"


@pytest.fixture
def plan(case, vsw):
    plan = f.PlanFactory(case=case, status=PlanStatus.PROPOSED)
    f.add_graded_phases(plan)
    f.AdjustmentFactory(plan=plan, description="Desk by the window")
    f.AdjustmentFactory(plan=plan, description=PRIVATE, visible_to_employer=False)
    relapse = f.RelapsePreventionFactory(plan=plan, warning_signs=WARNING_SIGN)
    f.AgreedActionFactory(
        relapse=relapse, kind="ROUTINE_TASKS", owner="EMPLOYER", detail=EMPLOYER_ACTION
    )
    f.AgreedActionFactory(relapse=relapse, detail=VSW_ACTION)
    return plan


def share(case, by, recipient, *items):
    for item in items:
        f.SharingConsentFactory(worker=case.worker, recipient=recipient, item=item, granted_by=by)


def share_plan_with_employer(case, by):
    share(case, by, "EMPLOYER", "PLAN")


def preview_url(case, recipient, item, change):
    return (
        f"/plans/my-support/{case.code}/sharing/preview/"
        f"?recipient={recipient}&item={item}&change={change}"
    )


def active(case, recipient):
    return sorted(
        case.worker.consents.active().filter(recipient=recipient).values_list("item", flat=True)
    )


@pytest.mark.django_db
def test_sharing_page_links_each_change_to_its_preview(as_user, worker, case, plan):
    response = as_user(worker).get(f"/cases/my-support/{case.code}/sharing/")

    html = response.content.decode()
    assert preview_url(case, "EMPLOYER", "WARNING_SIGNALS", "grant").replace("&", "&amp;") in html
    assert preview_url(case, "GP", "PLAN", "grant").replace("&", "&amp;") in html


@pytest.mark.django_db
def test_preview_shows_warning_signs_as_they_would_be_after_the_change(as_user, worker, case, plan):
    share_plan_with_employer(case, worker)
    before = active(case, "EMPLOYER")
    client = as_user(worker)

    now = page_text(client.get(f"/cases/my-support/{case.code}/sharing/"))
    response = client.get(preview_url(case, "EMPLOYER", "WARNING_SIGNALS", "grant"))

    assert response.status_code == 200
    text = page_text(response)
    assert WARNING_SIGN in text
    assert "Desk by the window" in text
    assert PRIVATE not in text
    assert WARNING_SIGN not in now
    assert active(case, "EMPLOYER") == before


@pytest.mark.django_db
def test_preview_shows_relapse_actions_that_involve_the_employer_only(as_user, worker, case, plan):
    share_plan_with_employer(case, worker)
    client = as_user(worker)

    text = page_text(client.get(preview_url(case, "EMPLOYER", "RELAPSE_ACTIONS", "grant")))

    assert EMPLOYER_ACTION in text
    assert VSW_ACTION not in text
    assert WARNING_SIGN not in text


@pytest.mark.django_db
def test_preview_of_stopping_leaves_the_item_out_while_the_current_copy_has_it(
    as_user, worker, employer, case, plan
):
    share_plan_with_employer(case, worker)
    share(case, worker, "EMPLOYER", "WARNING_SIGNALS")

    preview = page_text(
        as_user(worker).get(preview_url(case, "EMPLOYER", "WARNING_SIGNALS", "withdraw"))
    )
    current = page_text(as_user(employer).get(f"/plans/{plan.code}/copy/employer/"))

    assert (WARNING_SIGN in preview, WARNING_SIGN in current) == (False, True)
    assert "WARNING_SIGNALS" in active(case, "EMPLOYER")


@pytest.mark.django_db
def test_nothing_changes_until_the_worker_confirms(as_user, worker, employer, case, plan):
    share_plan_with_employer(case, worker)
    client = as_user(worker)
    before = active(case, "EMPLOYER")

    client.get(preview_url(case, "EMPLOYER", "WARNING_SIGNALS", "grant"))

    assert active(case, "EMPLOYER") == before
    assert WARNING_SIGN not in page_text(
        as_user(employer).get(f"/plans/{plan.code}/copy/employer/")
    )

    response = client.post(
        f"/cases/my-support/{case.code}/sharing/",
        {"recipient": "EMPLOYER", "item": "WARNING_SIGNALS", "share": "yes"},
    )

    assert response.status_code == 302
    assert active(case, "EMPLOYER") == sorted([*before, "WARNING_SIGNALS"])
    assert WARNING_SIGN in page_text(as_user(employer).get(f"/plans/{plan.code}/copy/employer/"))


@pytest.mark.django_db
def test_confirm_button_posts_exactly_the_previewed_change(as_user, worker, case, plan):
    response = as_user(worker).get(preview_url(case, "GP", "PLAN", "grant"))
    html = response.content.decode()

    assert f'action="/cases/my-support/{case.code}/sharing/"' in html
    for field in (
        'name="recipient" value="GP"',
        'name="item" value="PLAN"',
        'name="share" value="yes"',
    ):
        assert field in html


@pytest.mark.django_db
def test_gp_preview_shows_the_clinician_copy_after_the_change(as_user, worker, case, plan):
    client = as_user(worker)

    before = page_text(client.get(preview_url(case, "GP", "RELAPSE_ACTIONS", "grant")))
    share(case, worker, "GP", "PLAN")
    plan_shared = page_text(client.get(preview_url(case, "GP", "WARNING_SIGNALS", "grant")))

    assert "Desk by the window" not in before  # the plan itself is not shared with the GP yet
    assert (WARNING_SIGN in plan_shared, PRIVATE in plan_shared) == (True, True)
    assert active(case, "GP") == ["PLAN"]


@pytest.mark.django_db
def test_preview_is_the_workers_own(as_user, employer, clinician, vsw, case, plan):
    url = preview_url(case, "EMPLOYER", "PLAN", "grant")
    assert as_user(employer).get(url).status_code == 403
    assert as_user(clinician).get(url).status_code == 403
    assert as_user(vsw).get(url).status_code == 403


@pytest.mark.django_db
def test_a_made_up_change_is_a_404(as_user, worker, case, plan):
    client = as_user(worker)
    assert client.get(preview_url(case, "EMPLOYER", "NOTES", "grant")).status_code == 404
    assert client.get(preview_url(case, "BOSS", "PLAN", "grant")).status_code == 404
    assert client.get(preview_url(case, "GP", "PLAN", "maybe")).status_code == 404

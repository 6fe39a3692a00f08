"""``Case.objects.visible_to(user)`` (SQL) and ``cases.see_case`` (rtw/policy.py) agree.

The cases cover every status and both practices and both employers, all run by the personas'
team, so every persona has cases it must see and cases it must not, side by side.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case, CaseStatus, ClosureOutcome
from tests import factories as f

PERSONAS = [
    "vsw",
    "vsw_same_team",
    "vsw_other_team",
    "supervisor",
    "other_supervisor",
    "clinician",
    "other_clinician",
    "employer",
    "other_employer",
    "worker",
]
STATUSES = [
    CaseStatus.REFERRED,
    CaseStatus.ACCEPTED,
    CaseStatus.ACTIVE,
    CaseStatus.PAUSED,
    CaseStatus.DECLINED,
    CaseStatus.CLOSED,
]
EMPLOYER_VISIBLE = {CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED}


def _status_fields(status, *, vsw, assigned):
    fields = {"status": status, "assigned_vsw": assigned}
    if status in (CaseStatus.REFERRED, CaseStatus.DECLINED):
        fields["assigned_vsw"] = None
    if status == CaseStatus.DECLINED:
        fields["decline_reason"] = "Needs specialist mental health support first."
        fields["decided_by"] = vsw
        fields["decided_at"] = timezone.now()
    if status == CaseStatus.CLOSED:
        fields["closed_on"] = timezone.localdate() - timedelta(days=1)
        fields["closed_by"] = vsw
        fields["closure_outcome"] = ClosureOutcome.SAME_JOB
    return fields


@pytest.fixture
def cases(
    team,
    practice,
    other_practice,
    employer_org,
    other_employer_org,
    vsw,
    vsw_same_team,
    clinician,
    other_clinician,
    worker,
):
    """{(status, practice, employer): case}. The (practice, employer_org) cases all belong to the
    ``worker`` persona; the others to different workers. Every worker agrees that the service may
    involve their employer except those referred from ``other_practice`` who work at
    ``employer_org``: their employer must see nothing of them (ADR 16)."""
    worker_record = f.WorkerFactory(employer=employer_org, gp_practice=practice, user=worker)
    referrer = {practice: clinician, other_practice: other_clinician}
    made = {}
    for status in STATUSES:
        for gp in (practice, other_practice):
            for emp in (employer_org, other_employer_org):
                if (gp, emp) == (practice, employer_org):
                    record = worker_record
                else:
                    record = f.WorkerFactory(employer=emp, gp_practice=gp)
                assigned = vsw if emp == employer_org else vsw_same_team
                made[(status, gp, emp)] = f.CaseFactory(
                    worker=record,
                    team=team,
                    referred_by=referrer[gp],
                    **_status_fields(status, vsw=vsw, assigned=assigned),
                )
                involved = (gp, emp) != (other_practice, employer_org)
                if involved and not record.consents.involving_employer().exists():
                    f.involve_employer(made[(status, gp, emp)], by=vsw)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_to_agrees_with_see_case(request, persona, cases):
    user = request.getfixturevalue(persona)
    by_rule = {case for case in cases.values() if user.has_perm("cases.see_case", case)}
    assert set(Case.objects.visible_to(user)) == by_rule


@pytest.mark.django_db
def test_statuses_in_the_data_are_all_present(cases):
    assert set(Case.objects.values_list("status", flat=True)) == set(STATUSES)
    assert Case.objects.count() == len(STATUSES) * 4


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["vsw", "vsw_same_team", "supervisor"])
def test_team_staff_see_every_case_of_their_team_in_every_status(request, persona, cases):
    user = request.getfixturevalue(persona)
    assert set(Case.objects.visible_to(user)) == set(cases.values())


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["vsw_other_team", "other_supervisor"])
def test_other_team_sees_none(request, persona, cases):
    user = request.getfixturevalue(persona)
    assert set(Case.objects.visible_to(user)) == set()
    assert [c for c in cases.values() if user.has_perm("cases.see_case", c)] == []


@pytest.mark.django_db
def test_employer_sees_only_taken_on_cases_of_their_organisation_whose_worker_involves_them(
    employer, employer_org, practice, other_practice, cases
):
    expected = {
        cases[(status, practice, employer_org)]
        for status in (CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED)
    }
    not_involved = {
        cases[(status, other_practice, employer_org)]
        for status in (CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED)
    }
    assert set(Case.objects.visible_to(employer)) == expected
    assert [c for c in not_involved if employer.has_perm("cases.see_case", c)] == []
    assert {c.status for c in expected} == EMPLOYER_VISIBLE


@pytest.mark.django_db
def test_other_employer_sees_only_their_own_taken_on_cases(
    other_employer, other_employer_org, practice, other_practice, cases
):
    expected = {
        cases[(status, gp, other_employer_org)]
        for status in (CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED)
        for gp in (practice, other_practice)
    }
    assert set(Case.objects.visible_to(other_employer)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, practice_fixture",
    [
        ("clinician", "practice"),
        ("other_clinician", "other_practice"),
    ],
)
def test_clinician_sees_cases_referred_from_their_practice_in_every_status(
    request, persona, practice_fixture, employer_org, other_employer_org, cases
):
    user = request.getfixturevalue(persona)
    gp = request.getfixturevalue(practice_fixture)
    expected = {
        cases[(status, gp, emp)]
        for status in STATUSES
        for emp in (employer_org, other_employer_org)
    }
    assert set(Case.objects.visible_to(user)) == expected


@pytest.mark.django_db
def test_worker_sees_only_their_own_cases(worker, practice, employer_org, cases):
    expected = {cases[(status, practice, employer_org)] for status in STATUSES}
    assert set(Case.objects.visible_to(worker)) == expected
    assert {c.worker.user for c in expected} == {worker}


@pytest.mark.django_db
def test_anonymous_sees_nothing(cases):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert list(Case.objects.visible_to(anonymous)) == []
    assert [c for c in cases.values() if anonymous.has_perm("cases.see_case", c)] == []

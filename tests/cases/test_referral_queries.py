"""A clinician's referral POST runs the same number of queries however many patients the
practice and cases the team already hold (docs/performance.md, "Queries per page")."""

import re

import pytest

from cases.models import Case, CaseStatus
from rtw.outbox import OutboxMessage
from tests import factories as f
from tests.cases.test_referral import referral_data

# session, user, second-factor device, savepoint + release (ATOMIC_REQUESTS inside the test
# transaction); the form's one-time token claimed in a savepoint (three) and, at the end, the
# page it led to; the employer and the team the form chose; the practice's likely duplicates
# (which also tell whether the practice holds the NHS number); the referral action's savepoint
# + release, the worker's insert, its audit row, the case, its timeline line and its audit row;
# the team's supervisors, and for each one the notification and its email in the outbox (one
# insert each). Over HTTP, two fewer: the request's transaction is BEGIN and COMMIT, which the
# database driver sends outside the cursor.
WITHOUT_NHS_NUMBER = 22
# With an NHS number, also the record anywhere in the service holding it (another practice's
# is referred as usual and flagged for reconciling), and the worker's insert in a savepoint
# (two more): the unique number is the guard when two referrals of the patient race.
WITH_NHS_NUMBER = WITHOUT_NHS_NUMBER + 3


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize(
    ("nhs_number", "queries"), [("943 476 5919", WITH_NHS_NUMBER), (None, WITHOUT_NHS_NUMBER)]
)
def test_referral_post_query_count_does_not_grow_with_the_practice_or_the_team(
    as_user,
    clinician,
    practice,
    employer_org,
    team,
    supervisor,
    vsw,
    rows,
    nhs_number,
    queries,
    django_assert_num_queries,
):
    for i in range(rows):
        worker = f.WorkerFactory(gp_practice=practice, employer=employer_org, last_name=f"P{i}")
        f.CaseFactory(worker=worker, team=team, assigned_vsw=vsw, referred_by=clinician)
    client = as_user(clinician)
    form = client.get("/cases/refer/")
    token = re.search(rb'name="once_token" value="([0-9a-f]{32})"', form.content).group(1)
    data = referral_data(
        employer_org, team, once_token=token.decode(), **{"worker-nhs_number": nhs_number}
    )

    with django_assert_num_queries(queries):
        response = client.post("/cases/refer/", data)

    case = Case.objects.get(worker__last_name="Barnes")
    assert (response.status_code, response["Location"], case.status, case.worker.nhs_number) == (
        302,
        f"/cases/my-referrals/{case.code}/",
        CaseStatus.REFERRED,
        "9434765919" if nhs_number else None,
    )
    assert list(OutboxMessage.objects.values_list("to_email", flat=True)) == [supervisor.email]

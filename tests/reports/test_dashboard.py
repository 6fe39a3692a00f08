"""The dashboard page, its CSV and its PDF: who may see them, what they show, suppression in
the exports, constant query counts, and an audit row for every view and export."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CaseStatus
from reports.figures import Proportion
from reports.tables import count, number, percent
from rtw.models import AuditEvent
from tests import factories as f
from tests.conftest import client_for
from tests.plans.test_pdf import pdf_to_text

pytestmark = pytest.mark.django_db


def declined(team, practice, n, reason="Outside our area"):
    for _ in range(n):
        f.CaseFactory(
            team=team,
            worker__gp_practice=practice,
            status=CaseStatus.DECLINED,
            assigned_vsw=None,
            decided_at=timezone.now(),
            decline_reason=reason,
        )


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def value(rows, section: str, label: str, measure: str) -> str:
    found = [r[3] for r in rows if r[0] == section and r[1] == label and r[2].endswith(measure)]
    assert len(found) == 1, (section, label, measure, rows)
    return found[0]


# --- Suppression ------------------------------------------------------------------------------


def test_counts_of_1_to_4_are_suppressed_and_5_is_not():
    assert [count(n, True) for n in (0, 1, 4, 5, 12)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "12",
    ]
    assert [count(n, False) for n in (1, 4)] == ["1", "4"]


def test_a_figure_from_fewer_than_5_cases_is_suppressed():
    assert number(2.5, 4, True) == "fewer than 5"
    assert number(2.5, 5, True) == "2.5"
    assert percent(Proportion(3, 4), True) == "fewer than 5"  # 4 cases
    assert percent(Proportion(3, 10), True) == "fewer than 5"  # a numerator of 3
    assert percent(Proportion(5, 10), True) == "50%"
    assert percent(Proportion(0, 10), True) == "0%"


def test_csv_shows_4_declined_as_fewer_than_5(supervisor, team, practice):
    declined(team, practice, 4)
    rows = csv_rows(client_for(supervisor).get("/figures/figures.csv"))
    section = "Referrals accepted and declined"
    assert value(rows, section, "Declined", "Referrals") == "fewer than 5"
    # The reason, given 4 times, is not named: it joins "Other reasons".
    assert (
        value(rows, section, "Other reasons (each given fewer than 5 times)", "Referrals")
        == "fewer than 5"
    )
    assert not any("Outside our area" in cell for row in rows for cell in row)


def test_csv_shows_5_declined_and_their_reason(supervisor, team, practice):
    declined(team, practice, 5)
    rows = csv_rows(client_for(supervisor).get("/figures/figures.csv"))
    section = "Referrals accepted and declined"
    assert value(rows, section, "Declined", "Referrals") == "5"
    assert value(rows, section, "outside our area", "Referrals") == "5"


def test_the_staff_page_shows_exact_small_numbers(supervisor, team, practice):
    declined(team, practice, 4)
    page = client_for(supervisor).get("/figures/").content.decode()
    assert "outside our area" in page
    assert "fewer than 5</td>" not in page


def test_pdf_carries_suppressed_aggregates_only(supervisor, team, practice, tmp_path):
    declined(team, practice, 3, reason="Jamie Clarke's GP asked us to wait")
    response = client_for(supervisor).get("/figures/figures.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_to_text(response.content, tmp_path, layout=False)
    assert "Service figures" in text
    assert "fewer than 5" in text
    assert "Jamie" not in text
    assert "Riverside Surgery" in text  # the referring practice, with its suppressed count


def test_a_typed_reason_starting_like_a_formula_is_quoted_in_the_csv(supervisor, team, practice):
    declined(team, practice, 5, reason="=HYPERLINK(1)")
    rows = csv_rows(client_for(supervisor).get("/figures/figures.csv"))
    assert value(rows, "Referrals accepted and declined", "'=hyperlink(1)", "Referrals") == "5"


# --- Who sees what ----------------------------------------------------------------------------


def test_a_supervisor_sees_their_own_team_only(supervisor, team, other_team, practice):
    declined(team, practice, 1, reason="Ours")
    declined(other_team, practice, 1, reason="Theirs")
    page = client_for(supervisor).get("/figures/").content.decode()
    assert "ours" in page
    assert "theirs" not in page


def test_a_supervisor_asking_for_another_team_gets_nothing(supervisor, other_team, practice):
    declined(other_team, practice, 6, reason="Theirs")
    client = client_for(supervisor)
    response = client.get(f"/figures/?team={other_team.pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select one of your teams" in page
    assert "theirs" not in page
    assert "Download these figures" not in page
    for export in ("figures.csv", "figures.pdf"):
        answer = client.get(f"/figures/{export}?team={other_team.pk}")
        assert (answer.status_code, answer["Location"]) == (
            302,
            f"/figures/?team={other_team.pk}",
        )


def test_an_administrator_sees_every_team(admin_user, team, other_team, practice):
    declined(team, practice, 1, reason="Ours")
    declined(other_team, practice, 1, reason="Theirs")
    page = client_for(admin_user).get("/figures/").content.decode()
    assert "ours" in page and "theirs" in page
    page = client_for(admin_user).get(f"/figures/?team={other_team.pk}").content.decode()
    assert "theirs" in page and "ours" not in page


@pytest.mark.parametrize("persona", ["vsw", "clinician", "employer", "worker"])
def test_other_roles_are_refused(persona, request):
    client = client_for(request.getfixturevalue(persona))
    for path in ("/figures/", "/figures/figures.csv", "/figures/figures.pdf"):
        assert client.get(path).status_code == 403


def test_the_navigation_offers_service_figures_to_supervisors(supervisor, vsw):
    assert 'href="/figures/"' in client_for(supervisor).get("/figures/").content.decode()
    assert 'href="/figures/"' not in client_for(vsw).get("/cases/").content.decode()


# --- Audit ------------------------------------------------------------------------------------


def test_every_view_and_export_is_audited_with_its_filters(supervisor, team, practice):
    client = client_for(supervisor)
    before = AuditEvent.objects.count()
    client.get(f"/figures/?practice={practice.pk}")
    client.get("/figures/figures.csv")
    client.get("/figures/figures.pdf")
    events = list(AuditEvent.objects.order_by("pk")[before:].values_list("action", "detail"))
    assert [action for action, _detail in events] == [
        "reports.dashboard",
        "reports.export.csv",
        "reports.export.pdf",
    ]
    assert events[0][1]["filters"]["practice"] == "Riverside Surgery"


# --- Queries ----------------------------------------------------------------------------------


def busy_team(team, practice, n):
    """``n`` cases of every kind the figures count."""
    today = timezone.localdate()
    for i in range(n):
        case = f.CaseFactory(
            team=team,
            worker__gp_practice=practice,
            worker__absence_started_on=today - timedelta(days=300),
            status=CaseStatus.CLOSED,
            closure_outcome="SAME_JOB",
            decided_at=timezone.now() - timedelta(days=250),
            returned_to_work_on=today - timedelta(days=200),
            referred_at=timezone.now() - timedelta(days=260 + i),
        )
        f.ContactFactory(case=case)


@pytest.mark.parametrize("path", ["/figures/", "/figures/figures.csv", "/figures/figures.pdf"])
def test_query_count_does_not_grow_with_the_cases(
    path, supervisor, team, practice, django_assert_num_queries
):
    client = client_for(supervisor)
    busy_team(team, practice, 1)
    client.get(path)  # warm: the session and the second factor are read as on every page
    with django_assert_num_queries(QUERIES[path]):
        assert client.get(path).status_code == 200
    busy_team(team, practice, 12)
    with django_assert_num_queries(QUERIES[path]):
        assert client.get(path).status_code == 200


# The session, the user and their second factor, the savepoints, the filter choices (the page
# only, one query for teams and practices), the figures in three queries (referrals by practice
# and month, decline reasons, one for the rest) and the audit row: the same for 1 case and 13.
QUERIES = {"/figures/": 10, "/figures/figures.csv": 9, "/figures/figures.pdf": 9}

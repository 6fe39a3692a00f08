"""The worklist says what to do today: quick filters behind the count cards, what makes a case
overdue, each row's next action and the order it gives, and search by name or NHS number."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import CaseStatus
from checkins.models import CheckIn, CheckInStatus
from plans.models import Milestone, MilestoneStatus, Review
from tests import factories as f
from tests.cases.test_worklist import counts, make_case, worker_names


def next_actions(response) -> dict[str, str]:
    """Each row's worker and what its Next action column says."""
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        row.select_one("td a").get_text(strip=True): row.select_one("td.app-next-action").get_text(
            " ", strip=True
        )
        for row in soup.select("table.govuk-table tbody tr")
    }


def day(offset: int):
    return timezone.localdate() + timedelta(days=offset)


def short(offset: int) -> str:
    return date_format(day(offset), "j M")


def review(case, *, due_in: int, held: bool = False) -> Review:
    return Review.objects.create(
        case=case,
        due_on=day(due_in),
        held_on=day(due_in) if held else None,
        outcome="CONTINUE" if held else "",
    )


def check_in(case, *, due_in: int, status=CheckInStatus.MISSED) -> CheckIn:
    completed = status == CheckInStatus.COMPLETED
    return CheckIn.objects.create(
        case=case,
        due_on=day(due_in),
        status=status,
        completed_at=timezone.now() if completed else None,
    )


def milestone(case, *, target_in: int, status=MilestoneStatus.PENDING) -> Milestone:
    return Milestone.objects.create(
        case=case,
        title="First day back",
        target_on=day(target_in),
        status=status,
        achieved_on=day(target_in) if status == MilestoneStatus.ACHIEVED else None,
    )


# --- What makes a case overdue ----------------------------------------------------------------


@pytest.fixture
def one_of_each_overdue(vsw):
    make_case(vsw, first="Fay", last="Fitnote", weeks=5, note_days_left=-2)
    review(make_case(vsw, first="Rhys", last="Review", weeks=5), due_in=-4)
    check_in(make_case(vsw, first="Mia", last="Missed", weeks=5), due_in=-6)
    milestone(make_case(vsw, first="Max", last="Milestone", weeks=5), target_in=-1)
    # Nothing overdue: a review ahead, a missed check-in answered since, a milestone achieved,
    # a review already held, and a fit note running.
    fine = make_case(vsw, first="Nia", last="Nothing", weeks=5, note_days_left=20)
    review(fine, due_in=-10, held=True)
    review(fine, due_in=30)
    check_in(fine, due_in=-9)
    check_in(fine, due_in=-2, status=CheckInStatus.COMPLETED)
    milestone(fine, target_in=-3, status=MilestoneStatus.ACHIEVED)


@pytest.mark.django_db
def test_each_kind_of_overdue_makes_a_case_overdue_and_nothing_else_does(
    as_user, vsw, one_of_each_overdue
):
    response = as_user(vsw).get("/cases/?due=overdue&sort=name")
    assert worker_names(response) == ["Fay Fitnote", "Max Milestone", "Mia Missed", "Rhys Review"]
    assert counts(response)["overdue"] == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_overdue", "name"),
    [
        (lambda vsw: make_case(vsw, first="A", last="Note", weeks=3, note_days_left=-1), "A Note"),
        (lambda vsw: review(make_case(vsw, first="A", last="Review", weeks=3), due_in=-1), None),
        (lambda vsw: check_in(make_case(vsw, first="A", last="Miss", weeks=3), due_in=-1), None),
        (
            lambda vsw: milestone(make_case(vsw, first="A", last="Stone", weeks=3), target_in=-1),
            None,
        ),
    ],
    ids=["expired fit note", "overdue review", "missed check-in", "overdue milestone"],
)
def test_one_overdue_thing_alone_counts_as_overdue(as_user, vsw, make_overdue, name):
    make_case(vsw, first="Zed", last="Fine", weeks=3, note_days_left=30)
    make_overdue(vsw)
    response = as_user(vsw).get("/cases/?due=overdue")
    assert len(worker_names(response)) == 1
    assert "Zed Fine" not in worker_names(response)
    assert counts(response)["overdue"] == 1


@pytest.mark.django_db
def test_a_missed_check_in_stops_being_overdue_once_a_later_one_is_answered(as_user, vsw):
    case = make_case(vsw, first="Ola", last="Okafor", weeks=3)
    check_in(case, due_in=-7)
    assert worker_names(as_user(vsw).get("/cases/?due=overdue")) == ["Ola Okafor"]
    check_in(case, due_in=-1, status=CheckInStatus.COMPLETED)
    assert worker_names(as_user(vsw).get("/cases/?due=overdue")) == []


# --- Next action: the words on each row, and the order --------------------------------------


@pytest.mark.django_db
def test_each_row_says_its_next_action(as_user, vsw):
    review(make_case(vsw, first="Rhys", last="Review", weeks=5, note_days_left=30), due_in=3)
    make_case(vsw, first="Fay", last="Fitnote", weeks=5, note_days_left=5)
    check_in(make_case(vsw, first="Mia", last="Missed", weeks=5, note_days_left=30), due_in=-2)
    milestone(make_case(vsw, first="Max", last="Milestone", weeks=5), target_in=9)
    make_case(vsw, first="Ref", last="Referred", weeks=1, status=CaseStatus.REFERRED)
    make_case(vsw, first="Nia", last="Nothing", weeks=5)
    assert next_actions(as_user(vsw).get("/cases/")) == {
        "Mia Missed": f"Check-in missed {short(-2)}",
        "Ref Referred": "Decide referral",
        "Rhys Review": f"Review plan by {short(3)}",
        "Fay Fitnote": f"Fit note runs out {short(5)}",
        "Max Milestone": f"Milestone due {short(9)}",
        "Nia Nothing": "–",
    }


@pytest.mark.django_db
def test_the_soonest_of_a_cases_actions_is_its_next_action(as_user, vsw):
    case = make_case(vsw, first="Sam", last="Soon", weeks=5, note_days_left=12)
    review(case, due_in=4)
    milestone(case, target_in=2)
    assert next_actions(as_user(vsw).get("/cases/")) == {"Sam Soon": f"Milestone due {short(2)}"}


@pytest.mark.django_db
def test_worklist_sorts_by_next_action_soonest_first_and_none_last(as_user, vsw):
    make_case(vsw, first="None", last="Last", weeks=50)
    make_case(vsw, first="Later", last="One", weeks=1, note_days_left=20)
    review(make_case(vsw, first="Late", last="Review", weeks=2), due_in=-5)
    make_case(vsw, first="Soon", last="Note", weeks=3, note_days_left=1)
    assert worker_names(as_user(vsw).get("/cases/")) == [
        "Late Review",
        "Soon Note",
        "Later One",
        "None Last",
    ]


@pytest.mark.django_db
def test_an_indefinite_fit_note_is_not_a_next_action(as_user, vsw):
    case = make_case(vsw, first="Ivy", last="Indefinite", weeks=40)
    f.FitNoteFactory(case=case, ends_on=None, indefinite=True)
    assert next_actions(as_user(vsw).get("/cases/")) == {"Ivy Indefinite": "–"}


# --- Quick filters: the count cards are links -----------------------------------------------


@pytest.fixture
def mixed(vsw):
    make_case(vsw, first="Wes", last="Week", weeks=5, note_days_left=6)
    make_case(vsw, first="Exa", last="Expiring", weeks=5, note_days_left=12)
    make_case(vsw, first="Ove", last="Overdue", weeks=5, note_days_left=-1)
    make_case(vsw, first="Ren", last="Referred", weeks=1, status=CaseStatus.REFERRED)
    risky = make_case(vsw, first="Ria", last="Risk", weeks=5, note_days_left=60)
    risky.at_risk = True
    risky.save(update_fields=["at_risk"])
    make_case(vsw, first="Clo", last="Closed", weeks=5, status=CaseStatus.CLOSED)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("week", ["Wes Week", "Ren Referred"]),
        ("overdue", ["Ove Overdue"]),
        ("expiring", ["Exa Expiring", "Wes Week"]),
        ("at_risk", ["Ria Risk"]),
        ("awaiting", ["Ren Referred"]),
    ],
)
def test_each_quick_filter_shows_its_cases(as_user, vsw, mixed, key, expected):
    response = as_user(vsw).get(f"/cases/?due={key}&sort=name")
    assert sorted(worker_names(response)) == sorted(expected)


@pytest.mark.django_db
def test_count_cards_are_links_to_their_filter_and_mark_the_active_one(as_user, vsw, mixed):
    soup = BeautifulSoup(as_user(vsw).get("/cases/?due=overdue").content, "html.parser")
    links = {
        a.get_text(" ", strip=True): (a["href"], a.get("aria-current"))
        for a in soup.select(".app-counts a")
    }
    assert links == {
        "5 open": ("?", None),
        "2 due this week": ("?due=week", None),
        "1 overdue": ("?due=overdue", "true"),
        "2 fit note ending within 14 days": ("?due=expiring", None),
        "1 at risk of relapse": ("?due=at_risk", None),
        "1 awaiting decision": ("?due=awaiting", None),
    }


@pytest.mark.django_db
def test_quick_filters_need_no_apply_button(as_user, vsw, mixed):
    soup = BeautifulSoup(as_user(vsw).get("/cases/").content, "html.parser")
    buttons = [b.get_text(strip=True) for b in soup.select("main button")]
    assert buttons == ["Search"]


# --- Search ---------------------------------------------------------------------------------


@pytest.fixture
def searchable(vsw):
    make_case(vsw, first="Jamie", last="Clarke", weeks=5, worker__nhs_number="9434765919")
    make_case(vsw, first="Alex", last="Jameson", weeks=5, worker__nhs_number="4010232137")
    make_case(vsw, first="Pat", last="Other", weeks=5)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jamie", ["Jamie Clarke"]),
        ("jam", ["Jamie Clarke", "Alex Jameson"]),
        ("Jamie Clarke", ["Jamie Clarke"]),
        ("943 476 5919", ["Jamie Clarke"]),
        ("9434765919", ["Jamie Clarke"]),
        (" 401-023-2137 ", ["Alex Jameson"]),
        ("nobody", []),
    ],
)
def test_search_by_name_or_nhs_number(as_user, vsw, searchable, text, expected):
    response = as_user(vsw).get("/cases/", {"q": text, "sort": "name"})
    assert response.status_code == 200
    assert worker_names(response) == expected


@pytest.mark.django_db
def test_search_combines_with_a_quick_filter(as_user, vsw, searchable):
    make_case(vsw, first="Jamie", last="Late", weeks=5, note_days_left=-4)
    response = as_user(vsw).get("/cases/", {"q": "jamie", "due": "overdue"})
    assert worker_names(response) == ["Jamie Late"]


@pytest.mark.django_db
def test_a_too_long_search_is_ignored_not_an_error(as_user, vsw, searchable):
    response = as_user(vsw).get("/cases/", {"q": "x" * 500})
    assert response.status_code == 200
    assert len(worker_names(response)) == 3


# --- The team worklist does the same --------------------------------------------------------


@pytest.mark.django_db
def test_team_worklist_filters_searches_and_says_next_actions(
    as_user, supervisor, vsw, vsw_same_team
):
    review(make_case(vsw, first="Rhys", last="Review", weeks=5), due_in=-3)
    make_case(vsw_same_team, first="Finn", last="Foster", weeks=5, worker__nhs_number="9434765919")
    client = as_user(supervisor)
    overdue = client.get("/cases/team/?due=overdue")
    assert next_actions(overdue) == {"Rhys Review": f"Review plan by {short(-3)}"}
    assert worker_names(client.get("/cases/team/", {"q": "943 476 5919"})) == ["Finn Foster"]
    assert counts(overdue)["overdue"] == 1


# --- Query counts with every kind of next action present --------------------------------------

WORKLIST_QUERIES = 9


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
@pytest.mark.parametrize("url", ["/cases/?due=overdue", "/cases/?q=p", "/cases/team/?due=overdue"])
def test_filtered_worklist_query_count_does_not_grow_with_rows(
    as_user, vsw, supervisor, rows, url, django_assert_num_queries
):
    for i in range(rows):
        case = make_case(vsw, first=f"P{i}", last="Q", weeks=i + 1, note_days_left=-1)
        review(case, due_in=-2)
        review(case, due_in=3)
        check_in(case, due_in=-3)
        milestone(case, target_in=-1)
        f.PhaseFactory(plan=f.PlanFactory(case=case, starts_on=day(-3)), order=1)
    client = as_user(supervisor if "team" in url else vsw)
    with django_assert_num_queries(WORKLIST_QUERIES):
        response = client.get(url)
    assert len(worker_names(response)) == rows

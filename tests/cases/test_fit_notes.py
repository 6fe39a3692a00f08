"""Fit-note rules (DOMAIN §2), each with a valid and an invalid case, through the real view."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from cases.models import FitNote
from tests.forms import date_fields, error_summary, field_errors, page_text

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(
        timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 0)), tick=False
    ):
        yield


def valid_note(**overrides) -> dict:
    data = {
        "form_kind": "MED3_2022",
        "condition": "Low back pain",
        "fitness": "MAY_BE_FIT",
        "phased_return": "on",
        "comments": "Avoid lifting over 10 kg.",
        "needs_reassessment": "yes",
        "issuer_name": "Dr Aisha Rahman",
        "issuer_profession": "DOCTOR",
        "issuer_address": "Riverside Surgery, Leeds",
        **date_fields("assessed_on", TODAY - timedelta(days=2)),
        **date_fields("issued_on", TODAY - timedelta(days=2)),
        **date_fields("starts_on", TODAY - timedelta(days=2)),
        **date_fields("ends_on", TODAY + timedelta(days=26)),
        **date_fields("condition_started_on", TODAY - timedelta(days=40)),
    }
    for key, value in overrides.items():
        if isinstance(value, date) or value is None and key.endswith("_on"):
            data.update(date_fields(key, value))
        elif value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def post_note(client, case, data):
    return client.post(f"/cases/{case.code}/fit-notes/new/", data)


def assert_rejected(response, case, field_prefix: str, message: str):
    assert response.status_code == 200
    assert message in field_errors(response, field_prefix)
    assert message in error_summary(response)
    assert FitNote.objects.filter(case=case).count() == 0


@pytest.mark.django_db
def test_valid_may_be_fit_note_is_saved_with_every_field(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(altered_hours="on"))

    assert response.status_code == 302
    note = FitNote.objects.get(case=case)
    assert (note.fitness, note.phased_return, note.altered_hours, note.amended_duties) == (
        "MAY_BE_FIT",
        True,
        True,
        False,
    )
    assert (note.starts_on, note.ends_on, note.indefinite) == (
        TODAY - timedelta(days=2),
        TODAY + timedelta(days=26),
        False,
    )
    assert (note.issuer_profession, note.needs_reassessment, note.recorded_by) == (
        "DOCTOR",
        True,
        vsw,
    )
    assert note.days_to_expiry(TODAY) == 26


@pytest.mark.django_db
@pytest.mark.parametrize(
    "profession", ["DOCTOR", "NURSE", "OCCUPATIONAL_THERAPIST", "PHARMACIST", "PHYSIOTHERAPIST"]
)
def test_each_of_the_five_professions_may_issue(as_user, vsw, case, profession):
    response = post_note(as_user(vsw), case, valid_note(issuer_profession=profession))
    assert response.status_code == 302
    assert FitNote.objects.get(case=case).issuer_profession == profession


@pytest.mark.django_db
def test_other_professions_are_refused(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(issuer_profession="DENTIST"))
    assert_rejected(
        response,
        case,
        "id_issuer_profession",
        "Select a valid choice. DENTIST is not one of the available choices.",
    )


@pytest.mark.django_db
def test_advice_is_required(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(fitness=None, phased_return=None))
    assert_rejected(
        response, case, "id_fitness", "Select whether the patient is not fit or may be fit"
    )


@pytest.mark.django_db
def test_advice_boxes_are_refused_when_not_fit(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(fitness="NOT_FIT"))
    assert_rejected(
        response, case, "id_phased_return", "Only tick advice when the patient may be fit for work"
    )


@pytest.mark.django_db
def test_not_fit_without_boxes_is_saved(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(fitness="NOT_FIT", phased_return=None))
    assert response.status_code == 302
    assert FitNote.objects.get(case=case).fitness == "NOT_FIT"


@pytest.mark.django_db
def test_may_be_fit_without_advice_or_comment_is_saved_with_a_warning(as_user, vsw, case):
    client = as_user(vsw)
    response = post_note(client, case, valid_note(phased_return=None, comments=""))

    assert response.status_code == 302
    assert FitNote.objects.filter(case=case).count() == 1
    assert "gives no advice and no comments" in page_text(client.get(response["Location"]))


@pytest.mark.django_db
def test_may_be_fit_with_advice_gives_no_warning(as_user, vsw, case):
    client = as_user(vsw)
    response = post_note(client, case, valid_note())
    assert "gives no advice and no comments" not in page_text(client.get(response["Location"]))


@pytest.mark.django_db
def test_end_before_start_is_refused(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(ends_on=TODAY - timedelta(days=5)))
    assert_rejected(
        response, case, "id_ends_on", "The end of the period must be on or after its start"
    )


@pytest.mark.django_db
def test_end_date_or_indefinite_is_required(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(ends_on=None))
    assert_rejected(response, case, "id_ends_on", "Enter the end of the period, or tick indefinite")


@pytest.mark.django_db
def test_indefinite_is_refused_in_the_first_six_months(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(ends_on=None, indefinite="on"))
    assert_rejected(
        response,
        case,
        "id_indefinite",
        "An indefinite period is only allowed once the condition has lasted 6 months",
    )


@pytest.mark.django_db
def test_indefinite_needs_the_condition_start(as_user, vsw, case):
    response = post_note(
        as_user(vsw), case, valid_note(ends_on=None, indefinite="on", condition_started_on=None)
    )
    assert_rejected(
        response,
        case,
        "id_condition_started_on",
        "Enter when the condition started: an indefinite period needs the condition to have "
        "lasted 6 months",
    )


@pytest.mark.django_db
def test_indefinite_is_allowed_after_six_months(as_user, vsw, case):
    response = post_note(
        as_user(vsw),
        case,
        valid_note(ends_on=None, indefinite="on", condition_started_on=TODAY - timedelta(days=200)),
    )
    assert response.status_code == 302
    note = FitNote.objects.get(case=case)
    assert (note.indefinite, note.ends_on, note.days_to_expiry(TODAY)) == (True, None, None)


@pytest.mark.django_db
def test_more_than_three_months_is_refused_in_the_first_six_months(as_user, vsw, case):
    start = TODAY - timedelta(days=2)
    response = post_note(as_user(vsw), case, valid_note(ends_on=start + timedelta(days=95)))
    assert_rejected(
        response,
        case,
        "id_ends_on",
        "In the first 6 months of a condition a fit note can cover at most 3 months",
    )


@pytest.mark.django_db
def test_exactly_three_months_is_allowed_in_the_first_six_months(as_user, vsw, case):
    # 18 Nov 2026 to 17 Feb 2027 inclusive is three calendar months.
    response = post_note(as_user(vsw), case, valid_note(ends_on=date(2027, 2, 17)))
    assert response.status_code == 302


@pytest.mark.django_db
def test_long_period_is_allowed_after_six_months(as_user, vsw, case):
    response = post_note(
        as_user(vsw),
        case,
        valid_note(
            ends_on=TODAY + timedelta(days=150), condition_started_on=TODAY - timedelta(days=200)
        ),
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_statement_before_assessment_is_refused(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(issued_on=TODAY - timedelta(days=5)))
    assert_rejected(
        response,
        case,
        "id_issued_on",
        "The date of statement must be on or after the date assessed",
    )


@pytest.mark.django_db
def test_statement_in_the_future_is_refused(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(issued_on=TODAY + timedelta(days=1)))
    assert_rejected(response, case, "id_issued_on", "The date of statement cannot be in the future")


@pytest.mark.django_db
def test_statement_today_is_allowed(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(issued_on=TODAY))
    assert response.status_code == 302


@pytest.mark.django_db
def test_impossible_date_gives_a_clear_message_not_a_500(as_user, vsw, case):
    data = valid_note()
    data.update({"starts_on_0": "31", "starts_on_1": "2", "starts_on_2": "2026"})
    response = post_note(as_user(vsw), case, data)
    assert_rejected(response, case, "id_starts_on", "Enter a real date")


@pytest.mark.django_db
def test_letters_in_a_date_give_a_clear_message(as_user, vsw, case):
    data = valid_note()
    data.update({"assessed_on_0": "xx"})
    response = post_note(as_user(vsw), case, data)
    assert_rejected(response, case, "id_assessed_on", "Enter a valid date")


@pytest.mark.django_db
def test_issuer_name_and_reassessment_are_required(as_user, vsw, case):
    response = post_note(as_user(vsw), case, valid_note(issuer_name="", needs_reassessment=None))
    assert_rejected(
        response, case, "id_issuer_name", "Enter the name of the person who issued the note"
    )
    assert "Select whether the issuer will need to assess again" in error_summary(response)


@pytest.mark.django_db
def test_backdated_note_is_saved_with_a_warning(as_user, vsw, case):
    client = as_user(vsw)
    response = post_note(client, case, valid_note(starts_on=TODAY - timedelta(days=10)))
    assert response.status_code == 302
    assert "backdated" in page_text(client.get(response["Location"]))


@pytest.mark.django_db
def test_referring_clinician_can_add_a_fit_note(as_user, clinician, case):
    response = post_note(as_user(clinician), case, valid_note())
    assert response.status_code == 302
    assert response["Location"] == f"/cases/my-referrals/{case.code}/"
    assert FitNote.objects.get(case=case).recorded_by == clinician


@pytest.mark.django_db
def test_other_practice_clinician_cannot_add_a_fit_note(as_user, other_clinician, case):
    response = post_note(as_user(other_clinician), case, valid_note())
    assert response.status_code == 404
    assert FitNote.objects.count() == 0


def test_fit_note_covers_its_days_inclusive():
    note = FitNote(starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 14), indefinite=False)
    assert [note.covers(date(2026, 11, d)) for d in (1, 14)] == [True, True]
    assert note.covers(date(2026, 10, 31)) is False
    assert note.covers(date(2026, 11, 15)) is False
    assert note.days_to_expiry(date(2026, 11, 10)) == 4

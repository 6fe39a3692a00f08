"""Each instrument scored against worked examples, band edges included (DOMAIN.md section 5)."""

import pytest

from outcomes.instruments import (
    EXPECTED_WEEKS,
    GAD7,
    HEALTH,
    PHQ9,
    by_code,
    instruments,
    needs_alert,
    score_answers,
)


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "Minimal"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "Minimal"),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "Mild"),
        ([3, 3, 3, 0, 0, 0, 0, 0, 0], 9, "Mild"),
        ([2, 2, 2, 2, 2, 0, 0, 0, 0], 10, "Moderate"),
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "Moderate"),
        ([3, 3, 3, 3, 3, 0, 0, 0, 0], 15, "Moderately severe"),
        ([3, 3, 3, 3, 3, 2, 2, 0, 0], 19, "Moderately severe"),
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "Severe"),
        ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "Severe"),
    ],
)
def test_phq9_totals_and_bands(answers, total, band):
    assert (PHQ9.total(answers), PHQ9.band(PHQ9.total(answers))) == (total, band)


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([0, 0, 0, 0, 0, 0, 0], 0, "Minimal"),
        ([1, 1, 1, 1, 0, 0, 0], 4, "Minimal"),
        ([1, 1, 1, 1, 1, 0, 0], 5, "Mild"),
        ([3, 3, 3, 0, 0, 0, 0], 9, "Mild"),
        ([2, 2, 2, 2, 2, 0, 0], 10, "Moderate"),
        ([2, 2, 2, 2, 2, 2, 2], 14, "Moderate"),
        ([3, 3, 3, 3, 3, 0, 0], 15, "Severe"),
        ([3, 3, 3, 3, 3, 3, 3], 21, "Severe"),
    ],
)
def test_gad7_totals_and_bands(answers, total, band):
    assert (GAD7.total(answers), GAD7.band(GAD7.total(answers))) == (total, band)


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "Poor"), (5, "Poor"), (6, "Moderate"), (7, "Moderate"), (8, "Good"), (10, "Good")],
)
def test_work_ability_score_bands(score, band):
    was = by_code("was")
    assert (was.total([score]), was.band(score)) == (score, band)


def test_single_items_score_as_answered_and_have_no_band():
    assert (HEALTH.total([7]), HEALTH.band(7), HEALTH.max_score) == (7, "", 10)
    assert (EXPECTED_WEEKS.total([6]), EXPECTED_WEEKS.total([None])) == (6, None)


def test_a_score_outside_the_bands_is_an_error_not_a_band():
    with pytest.raises(ValueError, match="outside phq9"):
        PHQ9.band(28)


def test_the_wrong_number_of_answers_is_refused():
    with pytest.raises(ValueError, match="needs 7 answers"):
        GAD7.total([1, 2, 3])


def test_a_whole_questionnaire_is_scored_by_instrument_code():
    answers = {
        "was": [6],
        "phq9": [1, 2, 1, 2, 1, 0, 1, 0, 0],
        "gad7": [2, 2, 1, 1, 0, 0, 1],
        "health": [5],
        "expected_weeks": [None],
    }
    assert score_answers(answers) == {
        "was": 6,
        "phq9": 8,
        "gad7": 7,
        "health": 5,
        "expected_weeks": None,
    }


@pytest.mark.parametrize(("item9", "alert"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item_9_above_zero_needs_an_alert(item9, alert):
    assert needs_alert({"phq9": [0, 0, 0, 0, 0, 0, 0, 0, item9]}) is alert


def test_other_phq9_items_at_their_highest_raise_no_alert():
    assert needs_alert({"phq9": [3, 3, 3, 3, 3, 3, 3, 3, 0]}) is False


def test_work_ability_can_be_turned_off_and_reworded(settings):
    settings.OUTCOMES_WAS_QUESTION = "Your work ability now, 0 to 10?"
    assert [i.code for i in instruments()] == ["was", "phq9", "gad7", "health", "expected_weeks"]
    assert instruments()[0].items == ("Your work ability now, 0 to 10?",)

    settings.OUTCOMES_WAS_ENABLED = False
    assert [i.code for i in instruments()] == ["phq9", "gad7", "health", "expected_weeks"]

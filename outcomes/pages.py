"""The outcomes section of the case page (registered with ``cases.pages``): the fortnightly
outcome check-ins, each questionnaire's scores with their bands and the change from baseline,
and any PHQ-9 item 9 alert waiting to be acknowledged. Two queries, whatever the history."""

from dataclasses import dataclass
from datetime import date

from outcomes.instruments import Instrument, by_code, instruments
from outcomes.models import OutcomeStatus, Questionnaire, Timepoint


@dataclass(frozen=True)
class Cell:
    score: int | None
    band: str


@dataclass(frozen=True)
class ScoreRow:
    instrument: Instrument
    cells: list[Cell]  # one per timepoint, in Timepoint order
    change: int | None  # latest answered minus baseline
    better: bool | None  # whether that change is an improvement (None: no change or unknown)


def score_rows(questionnaires: list[Questionnaire]) -> list[ScoreRow]:
    done = {q.timepoint: q for q in questionnaires if q.status == OutcomeStatus.DONE}
    codes = [i.code for i in instruments()]
    # An instrument answered earlier but now turned off (WAS) still shows its history.
    for q in done.values():
        codes += [c for c in q.scores if c not in codes]
    rows = []
    for code in codes:
        instrument = by_code(code)
        scores = [done[t].scores.get(code) if t in done else None for t in Timepoint.values]
        cells = [Cell(s, instrument.band(s) if instrument.bands else "") for s in scores]
        baseline = scores[0]
        latest = next((s for s in reversed(scores[1:]) if s is not None), None)
        change = latest - baseline if baseline is not None and latest is not None else None
        better = None
        if change:
            better = (change > 0) == instrument.higher_is_better
        rows.append(ScoreRow(instrument, cells, change, better))
    return rows


def case_outcomes(*, case, today: date) -> dict:
    check_ins = list(case.outcome_check_ins.order_by("-due_on"))
    questionnaires = list(case.questionnaires.order_by("due_on"))
    answered = [c for c in check_ins if c.status == OutcomeStatus.DONE]
    return {
        "outcome_check_ins": check_ins,
        "outcome_days_off_total": sum(c.days_off_sick for c in answered),
        "outcome_answered": len(answered),
        "questionnaires": questionnaires,
        "outcome_scores": score_rows(questionnaires)
        if any(q.status == OutcomeStatus.DONE for q in questionnaires)
        else [],
        "outcome_timepoints": Timepoint.choices,
        "outcome_alerts": [q for q in questionnaires if q.alert_open],
    }

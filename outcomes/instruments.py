"""The questionnaire's instruments, defined in code (DOMAIN.md section 5): items, answer options,
scoring and bands. Add an instrument by appending to :func:`instruments`; its code is the key
of ``Questionnaire.answers`` and ``Questionnaire.scores``.

- Work Ability Score (single item, 0-10; poor 0-5, moderate 6-7, good 8-10). Its licence terms
  are not confirmed, so it is optional (``OUTCOMES_WAS_ENABLED``) and its wording configurable
  (``OUTCOMES_WAS_QUESTION``).
- PHQ-9 and GAD-7 (free to use): items scored 0-3 over the last two weeks, summed.
  PHQ-9 item 9 (thoughts of self-harm) above 0 raises an alert (:func:`needs_alert`).
- General health today (own wording, 0-10) and the worker's own expected weeks to return.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Instrument:
    code: str
    # Short name for tables (the case page, the service figures).
    name: str
    title: str
    items: tuple[str, ...]
    # (value, label) for each answer; None for a number typed in (expected weeks).
    options: tuple[tuple[int, str], ...] | None
    bands: tuple[Band, ...] = ()
    intro: str = ""
    # Whether a higher total is better (WAS, health) or worse (PHQ-9, GAD-7).
    higher_is_better: bool = True
    # For a typed number: the accepted range.
    minimum: int = 0
    maximum: int = 0
    required: bool = True
    hint: str = ""
    score: Callable[[list[int]], int] = field(default=sum)

    @property
    def max_score(self) -> int:
        if self.options is None:
            return self.maximum
        return max(v for v, _label in self.options) * len(self.items)

    def total(self, answers: list[int]) -> int | None:
        """The instrument's score from one answer per item (None when unanswered)."""
        if answers is None or any(a is None for a in answers):
            return None
        if len(answers) != len(self.items):
            raise ValueError(f"{self.code} needs {len(self.items)} answers, got {len(answers)}")
        return self.score(answers)

    def band(self, total: int | None) -> str:
        """The band's label for ``total`` ("" when the instrument has no bands or no score)."""
        if total is None or not self.bands:
            return ""
        for band in self.bands:
            if band.low <= total <= band.high:
                return str(band.label)
        raise ValueError(f"{total} is outside {self.code}'s bands")


# Translators: the PHQ-9 and GAD-7 answer options (scored 0 to 3). Use the wording of the
# official validated PHQ-9/GAD-7 translation.
FREQUENCY = (
    (0, _("Not at all")),
    (1, _("Several days")),
    (2, _("More than half the days")),
    (3, _("Nearly every day")),
)
ZERO_TO_TEN = tuple((n, str(n)) for n in range(11))

PHQ9 = Instrument(
    code="phq9",
    name="PHQ-9",
    # Translators: PHQ-9 question stem. Use the official PHQ-9 translation, word for word.
    title=_("Over the last 2 weeks, how often have you been bothered by any of these problems?"),
    items=(
        # Translators: PHQ-9 item 1. Use the official PHQ-9 translation, word for word.
        _("Little interest or pleasure in doing things"),
        # Translators: PHQ-9 item 2. Use the official PHQ-9 translation, word for word.
        _("Feeling down, depressed, or hopeless"),
        # Translators: PHQ-9 item 3. Use the official PHQ-9 translation, word for word.
        _("Trouble falling or staying asleep, or sleeping too much"),
        # Translators: PHQ-9 item 4. Use the official PHQ-9 translation, word for word.
        _("Feeling tired or having little energy"),
        # Translators: PHQ-9 item 5. Use the official PHQ-9 translation, word for word.
        _("Poor appetite or overeating"),
        # Translators: PHQ-9 item 6. Use the official PHQ-9 translation, word for word.
        _(
            "Feeling bad about yourself, or that you are a failure or have let yourself or your "
            "family down"
        ),
        # Translators: PHQ-9 item 7. Use the official PHQ-9 translation, word for word.
        _("Trouble concentrating on things, such as reading the newspaper or watching television"),
        # Translators: PHQ-9 item 8. Use the official PHQ-9 translation, word for word.
        _(
            "Moving or speaking so slowly that other people could have noticed, or the "
            "opposite: being so fidgety or restless that you have been moving around a lot more "
            "than usual"
        ),
        # Translators: PHQ-9 item 9. Use the official PHQ-9 translation, word for word.
        _("Thoughts that you would be better off dead, or of hurting yourself in some way"),
    ),
    options=FREQUENCY,
    bands=(
        Band(0, 4, _("Minimal")),
        Band(5, 9, _("Mild")),
        Band(10, 14, _("Moderate")),
        Band(15, 19, _("Moderately severe")),
        Band(20, 27, _("Severe")),
    ),
    higher_is_better=False,
)

GAD7 = Instrument(
    code="gad7",
    name="GAD-7",
    # Translators: GAD-7 question stem. Use the official GAD-7 translation, word for word.
    title=_("Over the last 2 weeks, how often have you been bothered by the following problems?"),
    items=(
        # Translators: GAD-7 item 1. Use the official GAD-7 translation, word for word.
        _("Feeling nervous, anxious or on edge"),
        # Translators: GAD-7 item 2. Use the official GAD-7 translation, word for word.
        _("Not being able to stop or control worrying"),
        # Translators: GAD-7 item 3. Use the official GAD-7 translation, word for word.
        _("Worrying too much about different things"),
        # Translators: GAD-7 item 4. Use the official GAD-7 translation, word for word.
        _("Trouble relaxing"),
        # Translators: GAD-7 item 5. Use the official GAD-7 translation, word for word.
        _("Being so restless that it is hard to sit still"),
        # Translators: GAD-7 item 6. Use the official GAD-7 translation, word for word.
        _("Becoming easily annoyed or irritable"),
        # Translators: GAD-7 item 7. Use the official GAD-7 translation, word for word.
        _("Feeling afraid as if something awful might happen"),
    ),
    options=FREQUENCY,
    bands=(
        Band(0, 4, _("Minimal")),
        Band(5, 9, _("Mild")),
        Band(10, 14, _("Moderate")),
        Band(15, 21, _("Severe")),
    ),
    higher_is_better=False,
)

HEALTH = Instrument(
    code="health",
    name=_("General health (0 to 10)"),
    title=_("Your health today"),
    items=(_("How good or bad is your health today?"),),
    options=ZERO_TO_TEN,
    hint=_("0 is the worst health you can imagine, 10 is the best"),
)

EXPECTED_WEEKS = Instrument(
    code="expected_weeks",
    name=_("Expected weeks to return"),
    title=_("Your return to work"),
    items=(_("How many weeks from now do you expect to be back at work?"),),
    options=None,
    minimum=0,
    maximum=104,
    required=False,
    hint=_("Enter 0 if you are already back at work. Leave it empty if you do not know."),
    score=lambda answers: answers[0],
)


def work_ability() -> Instrument:
    return Instrument(
        code="was",
        name=_("Work Ability Score"),
        title=_("Your ability to work"),
        items=(settings.OUTCOMES_WAS_QUESTION,),
        options=ZERO_TO_TEN,
        bands=(Band(0, 5, _("Poor")), Band(6, 7, _("Moderate")), Band(8, 10, _("Good"))),
        hint=_("0 means you cannot work at all now, 10 means your work ability is at its best"),
    )


def instruments() -> list[Instrument]:
    """The instruments a questionnaire asks, in order (settings decide whether WAS is in)."""
    found = [work_ability()] if settings.OUTCOMES_WAS_ENABLED else []
    return [*found, PHQ9, GAD7, HEALTH, EXPECTED_WEEKS]


def by_code(code: str) -> Instrument:
    if code == "was":
        return work_ability()
    return {i.code: i for i in (PHQ9, GAD7, HEALTH, EXPECTED_WEEKS)}[code]


def score_answers(answers: dict[str, list[int | None]]) -> dict[str, int | None]:
    """Each instrument's total from ``answers`` ({code: one answer per item}); an instrument not
    answered (the optional expected weeks, or WAS when turned off) has no score."""
    return {
        code: by_code(code).total(values) for code, values in answers.items() if values is not None
    }


def needs_alert(answers: dict) -> bool:
    """PHQ-9 item 9 (thoughts of self-harm) answered above 0: the VSW is told at once."""
    phq9 = answers.get("phq9") or []
    return len(phq9) == len(PHQ9.items) and (phq9[8] or 0) > 0

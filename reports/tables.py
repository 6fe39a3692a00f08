"""The figures as sections of tables and charts, for the dashboard, the CSV and the PDF.

One function, :func:`sections`, turns :class:`~reports.figures.Figures` into what every output
shows, so the page, the CSV and the PDF cannot disagree. With ``suppress=True`` (anything that
leaves the service: the CSV and the PDF) small numbers are hidden as NHS statistical disclosure
practice asks (DOMAIN.md section 7, ADR 19):

* a count of 1 to 4 is shown as "fewer than 5" (0 stays 0: it identifies nobody);
* a figure derived from fewer than 5 cases (a mean, a range, a percentage, a coverage) is shown
  as "fewer than 5" too, and so is a percentage whose numerator is 1 to 4;
* a typed decline reason is shown only when 5 or more referrals gave it; rarer reasons are
  added up as "Other reasons", since free text given once or twice may name someone.

The staff dashboard (``suppress=False``) shows the exact numbers: see ADR 19 for why.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models import ClosureOutcome
from reports.charts import Chart, bar_chart
from reports.figures import Figures, Proportion, Spread

SMALL = 5
FEWER_THAN_5 = _("fewer than 5")
NONE = "–"

SCORE_LABELS = {
    "was": _("Work Ability Score (0 to 10, higher is better)"),
    "phq9": _("PHQ-9 depression (0 to 27, lower is better)"),
    "gad7": _("GAD-7 anxiety (0 to 21, lower is better)"),
    "health": _("General health (0 to 10, higher is better)"),
    "expected_weeks": _("Expected weeks until back at work"),
}
SCORE_SHORT = {
    "was": _("Work Ability"),
    "phq9": _("PHQ-9"),
    "gad7": _("GAD-7"),
    "health": _("General health"),
    "expected_weeks": _("Expected weeks"),
}


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    """One heading of the dashboard: a chart (or none), its tables, and a note."""

    key: str
    title: str
    tables: list[Table]
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)


def count(n: int, suppress: bool) -> str:
    if suppress and 0 < n < SMALL:
        return str(FEWER_THAN_5)
    return str(n)


def number(value: float | None, n: int, suppress: bool, places: int = 1) -> str:
    """A figure derived from ``n`` cases."""
    if not n or value is None:
        return NONE
    if suppress and n < SMALL:
        return str(FEWER_THAN_5)
    return f"{value:.{places}f}"


def percent(proportion: Proportion, suppress: bool) -> str:
    if not proportion.denominator:
        return NONE
    if suppress and (proportion.denominator < SMALL or 0 < proportion.numerator < SMALL):
        return str(FEWER_THAN_5)
    return f"{proportion.percent:.0f}%"


def spread_cells(spread: Spread, suppress: bool, places: int = 1) -> list[str]:
    """Cases, mean, least and most."""
    return [
        count(spread.n, suppress),
        number(spread.mean, spread.n, suppress, places),
        number(spread.minimum, spread.n, suppress, 0),
        number(spread.maximum, spread.n, suppress, 0),
    ]


def month_label(month: date) -> str:
    return date_format(month, "M Y")


def sections(figures: Figures, *, suppress: bool) -> list[Section]:
    """Every section of the dashboard, in order (no query). Charts only on the staff page:
    the exports carry the tables."""
    result = [
        _referrals(figures, suppress),
        _decisions(figures, suppress),
        _timings(figures, suppress),
        _contacts(figures, suppress),
        _sustained(figures, suppress),
        _closures(figures, suppress),
        _days_off(figures, suppress),
        _scores(figures, suppress),
    ]
    if suppress:
        for section in result:
            section.chart = None
    return result


def _referrals(figures: Figures, suppress: bool) -> Section:
    return Section(
        key="referrals",
        title=str(_("Referrals per month")),
        chart=bar_chart(
            "chart-referrals",
            str(_("Referrals per month")),
            [(month_label(m), n, count(n, suppress)) for m, n in figures.referrals_by_month],
        ),
        tables=[
            Table(
                str(_("Referrals per month")),
                [str(_("Month")), str(_("Referrals"))],
                [[month_label(m), count(n, suppress)] for m, n in figures.referrals_by_month],
            ),
            Table(
                str(_("Referrals per practice per month")),
                [str(_("Month")), str(_("Referring practice")), str(_("Referrals"))],
                [
                    [month_label(m), practice, count(n, suppress)]
                    for practice, m, n in figures.referrals_by_practice_month
                ],
            ),
        ],
        notes=[str(_("Total referrals: %(n)s")) % {"n": count(figures.referrals, suppress)}],
    )


def _reasons(figures: Figures, suppress: bool) -> list[list[str]]:
    if not suppress:
        return [[reason, str(n)] for reason, n in figures.decline_reasons]
    rows = [[reason, str(n)] for reason, n in figures.decline_reasons if n >= SMALL]
    other = sum(n for _reason, n in figures.decline_reasons if n < SMALL)
    if other:
        rows.append([str(_("Other reasons (each given fewer than 5 times)")), count(other, True)])
    return rows


def _decisions(figures: Figures, suppress: bool) -> Section:
    rows = [
        (str(_("Accepted")), figures.accepted),
        (str(_("Declined")), figures.declined),
        (str(_("Awaiting a decision")), figures.awaiting),
    ]
    return Section(
        key="decisions",
        title=str(_("Referrals accepted and declined")),
        chart=bar_chart(
            "chart-decisions",
            str(_("Referrals accepted and declined")),
            [(label, n, count(n, suppress)) for label, n in rows],
        ),
        tables=[
            Table(
                str(_("Decisions on referrals")),
                [str(_("Decision")), str(_("Referrals"))],
                [[label, count(n, suppress)] for label, n in rows],
            ),
            Table(
                str(_("Reasons for declining")),
                [str(_("Reason")), str(_("Referrals"))],
                _reasons(figures, suppress),
            ),
        ],
    )


def _timings(figures: Figures, suppress: bool) -> Section:
    rows = [
        (str(_("Referral to decision")), figures.days_to_decision),
        (str(_("Referral to first contact with the worker")), figures.days_to_first_contact),
        (str(_("First day of absence to first day back at work")), figures.days_to_first_return),
    ]
    short = [str(_("To decision")), str(_("To first contact")), str(_("To first return"))]
    return Section(
        key="timings",
        title=str(_("Days to decision, first contact and first return")),
        chart=bar_chart(
            "chart-timings",
            str(_("Mean days to decision, first contact and first return")),
            [
                (label, spread.mean or 0, number(spread.mean, spread.n, suppress))
                for label, (_long, spread) in zip(short, rows, strict=True)
            ],
        ),
        tables=[
            Table(
                str(_("Calendar days")),
                [str(_("From and to")), str(_("Cases")), str(_("Mean days"))]
                + [str(_("Fewest days")), str(_("Most days"))],
                [[label, *spread_cells(spread, suppress)] for label, spread in rows],
            )
        ],
    )


def _contacts(figures: Figures, suppress: bool) -> Section:
    spread = figures.contacts_per_case
    return Section(
        key="contacts",
        title=str(_("Contacts with the worker per case")),
        tables=[
            Table(
                str(_("Contacts with the worker per case taken on")),
                [str(_("Cases")), str(_("Mean contacts")), str(_("Fewest")), str(_("Most"))],
                [spread_cells(spread, suppress)],
            )
        ],
        notes=[
            str(
                _(
                    "Contacts with the worker only, not with the employer or GP; open cases "
                    "count their contacts so far. In the WAVE trial the mean was 4.8 (1 to 12)."
                )
            )
        ],
    )


def _sustained(figures: Figures, suppress: bool) -> Section:
    rows = [(weeks, figures.sustained.get(weeks, Proportion(0, 0))) for weeks in (4, 13, 26)]
    return Section(
        key="sustained",
        title=str(_("Sustained return to work")),
        chart=bar_chart(
            "chart-sustained",
            str(_("Percentage of returns sustained at 4, 13 and 26 weeks")),
            [
                (str(_("%(weeks)s weeks")) % {"weeks": weeks}, p.percent or 0, percent(p, suppress))
                for weeks, p in rows
            ],
            maximum=100,
        ),
        tables=[
            Table(
                str(_("Returns sustained")),
                [
                    str(_("Weeks after the first return")),
                    str(_("Returns whose period has ended")),
                    str(_("Sustained")),
                    str(_("Percentage")),
                ],
                [
                    [
                        str(weeks),
                        count(p.denominator, suppress),
                        count(p.numerator, suppress),
                        percent(p, suppress),
                    ]
                    for weeks, p in rows
                ],
            )
        ],
        notes=[
            str(
                _(
                    "Sustained: back at work at the end of the period with no new sickness "
                    "episode (a 'not fit' note, or a fortnight with 8 or more days off) "
                    "starting after the first return. Returns whose period has not ended yet "
                    "are not counted."
                )
            )
        ],
    )


def _closures(figures: Figures, suppress: bool) -> Section:
    rows = [(ClosureOutcome(o).label, n) for o, n in figures.closure_outcomes]
    return Section(
        key="closures",
        title=str(_("Closure outcomes")),
        chart=bar_chart(
            "chart-closures",
            str(_("Closed cases by outcome")),
            [(label, n, count(n, suppress)) for label, n in rows],
        ),
        tables=[
            Table(
                str(_("Closed cases by outcome")),
                [str(_("Outcome")), str(_("Cases"))],
                [[label, count(n, suppress)] for label, n in rows],
            )
        ],
    )


def _days_off(figures: Figures, suppress: bool) -> Section:
    days_off = figures.days_off
    spread = days_off.spread if days_off else Spread(0)
    cases = days_off.cases if days_off else 0
    if not cases:
        coverage = NONE
    elif suppress and cases < SMALL:
        coverage = str(FEWER_THAN_5)
    else:
        coverage = f"{days_off.coverage_percent:.0f}%"
    return Section(
        key="days-off",
        title=str(_("Days off work over 6 months")),
        tables=[
            Table(
                str(_("Days off sick from acceptance to day 182, from the outcome check-ins")),
                [
                    str(_("Cases whose 6 months have ended")),
                    str(_("Cases with an answer")),
                    str(_("Mean days off")),
                    str(_("Fewest")),
                    str(_("Most")),
                    str(_("Fortnights answered")),
                    str(_("Coverage")),
                ],
                [
                    [
                        count(cases, suppress),
                        *spread_cells(spread, suppress),
                        count(days_off.fortnights_answered if days_off else 0, suppress)
                        + " / "
                        + str(days_off.fortnights_expected if days_off else 0),
                        coverage,
                    ]
                ],
            )
        ],
        notes=[
            str(
                _(
                    "Unanswered fortnights are missing, not zero: each case's figure adds up "
                    "the fortnights it answered, and the coverage shows how many of the 13 "
                    "fortnights per case were answered."
                )
            )
        ],
    )


def _scores(figures: Figures, suppress: bool) -> Section:
    return Section(
        key="questionnaires",
        title=str(_("Questionnaire change from baseline to 6 months")),
        chart=bar_chart(
            "chart-questionnaires",
            str(_("Mean change from baseline to 6 months")),
            [
                (str(SCORE_SHORT[code]), s.mean or 0, number(s.mean, s.n, suppress))
                for code, s in figures.score_changes
            ],
        ),
        tables=[
            Table(
                str(_("Change in each score (6 months minus baseline)")),
                [str(_("Score")), str(_("Cases")), str(_("Mean change"))]
                + [str(_("Smallest")), str(_("Largest"))],
                [
                    [str(SCORE_LABELS[code]), *spread_cells(s, suppress)]
                    for code, s in figures.score_changes
                ],
            )
        ],
    )

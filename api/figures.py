"""The dashboard's figures (``reports.figures``) as JSON, with small numbers suppressed as the
dashboard's CSV does: a count of 1 to 4 is not given (``suppressed``), and neither is any mean
or range over so few cases, nor a percentage whose parts are."""

from django.utils.translation import gettext as _

from reports.figures import DaysOff, Figures, Proportion, Spread

#: Counts below this (and above 0) are suppressed (DOMAIN §7, STYLE 19).
SMALL = 5


def _small(n: int) -> bool:
    return 0 < n < SMALL


def count(n: int) -> dict:
    return {"value": None, "suppressed": True} if _small(n) else {"value": n, "suppressed": False}


def spread(value: Spread) -> dict:
    hidden = _small(value.n)
    return {
        "n": count(value.n),
        "mean": None if hidden else value.mean,
        "minimum": None if hidden else value.minimum,
        "maximum": None if hidden else value.maximum,
    }


def proportion(weeks: int, value: Proportion) -> dict:
    hidden = _small(value.numerator) or _small(value.denominator)
    return {
        "weeks": weeks,
        "numerator": count(value.numerator),
        "denominator": count(value.denominator),
        "percent": None if hidden else value.percent,
    }


def days_off(value: DaysOff | None) -> dict | None:
    if value is None:
        return None
    hidden = _small(value.answered_cases)
    return {
        "cases": count(value.cases),
        "answered_cases": count(value.answered_cases),
        "spread": spread(value.spread),
        "coverage_percent": None if hidden else value.coverage_percent,
    }


def decline_reasons(rows: list[tuple[str, int]]) -> list[dict]:
    """Reasons are typed text: one given fewer than 5 times could name or describe someone,
    so those are counted together as "Other reasons" instead of being listed."""
    listed = [{"label": label, "count": count(n)} for label, n in rows if not _small(n)]
    others = sum(n for _label, n in rows if _small(n))
    if others:
        listed.append({"label": str(_("Other reasons")), "count": count(others)})
    return listed


def as_json(figures: Figures, filters: dict[str, str]) -> dict:
    return {
        "today": figures.today,
        "filters": filters,
        "referrals": count(figures.referrals),
        "referrals_by_month": [
            {"month": month, "count": count(n)} for month, n in figures.referrals_by_month
        ],
        "referrals_by_practice_month": [
            {"practice": practice, "month": month, "count": count(n)}
            for practice, month, n in figures.referrals_by_practice_month
        ],
        "accepted": count(figures.accepted),
        "declined": count(figures.declined),
        "awaiting": count(figures.awaiting),
        "decline_reasons": decline_reasons(figures.decline_reasons),
        "days_to_decision": spread(figures.days_to_decision),
        "days_to_first_contact": spread(figures.days_to_first_contact),
        "contacts_per_case": spread(figures.contacts_per_case),
        "days_to_first_return": spread(figures.days_to_first_return),
        "sustained": [proportion(w, p) for w, p in sorted(figures.sustained.items())],
        "closure_outcomes": [
            {"label": label, "count": count(n)} for label, n in figures.closure_outcomes
        ],
        "days_off": days_off(figures.days_off),
        "score_changes": [
            {"score": code, "change": spread(change)} for code, change in figures.score_changes
        ],
    }

"""The check-ins section of the case page, registered with ``cases.pages``."""

from datetime import date

from checkins.trends import build_charts


def case_check_ins(*, case, today: date) -> dict:
    check_ins = list(case.check_ins.all())
    return {
        "check_ins": check_ins,
        "charts": build_charts(check_ins),
        "latest_signals": next((c.signals for c in reversed(check_ins) if c.signals), []),
    }

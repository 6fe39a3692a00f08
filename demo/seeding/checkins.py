"""Check-ins: fortnightly answers, a missed one, cases at risk."""

import random
from datetime import timedelta
from decimal import Decimal

from cases.models import (
    Case,
    CaseEvent,
    ContactMethod,
)
from checkins.models import CheckIn, CheckInChannel, CheckInStatus
from checkins.relapse import relapse_signals
from demo.data import (
    AT_RISK_CASES,
    AT_RISK_COMMENTS,
    CHECK_IN_COMMENTS,
    CHECK_IN_EVERY,
    MISSED_CHECK_INS,
    SEED,
    demo_uuid,
)
from plans.lines import CHECK_INS_SCHEDULED
from plans.models import (
    PlanStatus,
)


class CheckInsSeeder:
    def check_ins(self, index: int, case: Case, *, demo: bool) -> None:
        """Fortnightly check-ins over the current plan (active, paused or completed), written
        only when the case has none: past ones answered (or missed), later ones scheduled, and
        for the demo worker one invited today. Signals come from ``relapse_signals``, so the
        cases in AT_RISK_CASES are flagged exactly as a real check-in would flag them."""
        plan = case.plans.filter(superseded_at__isnull=True).first()
        if plan is None or plan.status not in (
            PlanStatus.ACTIVE,
            PlanStatus.PAUSED,
            PlanStatus.COMPLETED,
        ):
            return
        if case.check_ins.exists():
            return
        rng = random.Random(f"{SEED}/check-ins/{index}")
        worker = case.worker
        channel = (
            CheckInChannel.SELF_LINK
            if worker.email and worker.preferred_contact == ContactMethod.EMAIL
            else CheckInChannel.PHONE
        )
        if demo:
            channel = CheckInChannel.SELF_LINK  # the demo worker answers from their home page
        relapse = getattr(plan, "relapse", None)
        signs = relapse.warning_sign_list() if relapse else []
        phases = list(plan.phases.all())

        if demo:
            # Count back from the anchor so that one falls due on it.
            steps = ((self.anchor - plan.starts_on).days - 1) // CHECK_IN_EVERY.days
            day = self.anchor - CHECK_IN_EVERY * max(steps, 0)
        else:
            day = plan.starts_on + timedelta(days=7)
        last = plan.expected_end_on + CHECK_IN_EVERY - timedelta(days=1)
        if case.closed_on:
            last = min(last, case.closed_on)
        days = []
        while day <= last:
            days.append(day)
            day += CHECK_IN_EVERY
        past = [d for d in days if d < self.anchor]
        missed = MISSED_CHECK_INS.get(index)
        missed_day = past[missed] if missed is not None and past else None

        # Scores drift gently upward (symptoms downward) from a per-case baseline.
        scores = {
            "sleep": rng.randint(4, 6),
            "mood": rng.randint(4, 6),
            "energy": rng.randint(3, 5),
            "symptoms": rng.randint(5, 7),
            "work_ability": rng.randint(3, 5),
        }
        previous: CheckIn | None = None
        for number, due_on in enumerate(days):
            phase = next((p for p in phases if p.starts_on <= due_on <= p.ends_on), phases[-1])
            check_in = CheckIn(
                code=demo_uuid("checkin", index, number),
                case=case,
                due_on=due_on,
                channel=channel,
                planned_hours=phase.hours_per_week,
                warning_signs_offered=signs,
            )
            if due_on == self.anchor and demo:
                check_in.status = CheckInStatus.INVITED
            elif due_on >= self.anchor:
                check_in.status = CheckInStatus.SCHEDULED
            elif due_on == missed_day:
                check_in.status = CheckInStatus.MISSED
            else:
                latest = due_on == past[-1]
                tripped = latest and index in AT_RISK_CASES
                self.answer(check_in, rng, scores, tripped=tripped, first=previous is None)
                check_in.signals = relapse_signals(check_in, previous)
                check_in.status = CheckInStatus.COMPLETED
                by_phone = channel == CheckInChannel.PHONE
                check_in.completed_at = self.at(due_on, 11 if by_phone else 18)
                check_in.completed_by = case.assigned_vsw if by_phone else worker.user
            check_in.save()
            self._count(True)
            if check_in.status == CheckInStatus.COMPLETED:
                previous = check_in
                self.event(
                    case,
                    CaseEvent.Kind.CHECK_IN,
                    f"Check-in completed{' with relapse signals' if check_in.signals else ''} "
                    f"(due {due_on:%-d %b %Y})",
                    check_in.completed_at,
                    check_in.completed_by,
                )
            elif check_in.status == CheckInStatus.MISSED:
                self.event(
                    case,
                    CaseEvent.Kind.CHECK_IN,
                    f"Check-in missed (due {due_on:%-d %b %Y})",
                    self.at(due_on + timedelta(days=3), 9),
                    None,
                )
        # As schedule_check_ins writes it (plans/lines.py), so it reads in the reader's language.
        self.event(
            case,
            CaseEvent.Kind.PLAN,
            CHECK_INS_SCHEDULED % {"days": 14},
            self.at(plan.starts_on, 16),
            case.assigned_vsw,
        )
        # As complete_check_in does: the latest answers decide whether the case is at risk.
        if previous is not None and previous.signals and case.is_open:
            Case.objects.filter(pk=case.pk).update(at_risk=True)
            case.at_risk = True
            self.event(
                case,
                CaseEvent.Kind.STATUS,
                "Flagged at risk of relapse",
                previous.completed_at,
                previous.completed_by,
            )

    def answer(
        self, check_in: CheckIn, rng: random.Random, scores: dict, *, tripped: bool, first: bool
    ) -> None:
        """Plausible answers. Untripped: each score moves at most one point, hours stay near
        the plan, nothing ticked. Tripped: mood and sleep fall by three or more, a warning
        sign is ticked and the worker asks for a call."""
        if not first:
            for item in ("sleep", "mood", "energy", "work_ability"):
                scores[item] = min(scores[item] + rng.choice([0, 1, 1]), 9)
            scores["symptoms"] = max(scores["symptoms"] - rng.choice([0, 1, 1]), 1)
        planned = check_in.planned_hours
        if tripped:
            scores["sleep"] = max(scores["sleep"] - 3, 0)
            scores["mood"] = max(scores["mood"] - 4, 0)
            scores["symptoms"] = min(scores["symptoms"] + 2, 10)
            hours = planned * Decimal(rng.choice(["0.5", "0.6"]))
            check_in.days_absent = rng.choice([1, 2])
            check_in.warning_signs_ticked = check_in.warning_signs_offered[:1]
            check_in.wants_contact = True
            check_in.comments = rng.choice(AT_RISK_COMMENTS)
        else:
            hours = planned * Decimal(rng.choice(["0.85", "0.9", "1", "1", "1"]))
            check_in.days_absent = 0
            check_in.comments = rng.choice(CHECK_IN_COMMENTS)
        check_in.hours_worked = (hours * 2).quantize(Decimal("1")) / 2
        for item, value in scores.items():
            setattr(check_in, item, value)

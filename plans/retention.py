"""Anonymising a case's plans past retention (registered in ``cases.retention``; ADR 15).

Every version, phase, adjustment, sign-off, milestone and review stays, with its dates, hours
and statuses; the text people wrote goes."""

from plans.models import (
    Adjustment,
    AgreedAction,
    Milestone,
    Phase,
    RelapsePrevention,
    Review,
    SignOff,
)


def anonymise_plans(case) -> dict[str, int]:
    return {
        "phases": Phase.objects.filter(plan__case=case).update(
            duties_included="", duties_excluded="", supervision=""
        ),
        "adjustments": Adjustment.objects.filter(plan__case=case).update(description=""),
        "relapse_prevention": RelapsePrevention.objects.filter(plan__case=case).update(
            warning_signs="", normalisation="", contacts=""
        ),
        "agreed_actions": AgreedAction.objects.filter(relapse__plan__case=case).update(detail=""),
        "milestones": Milestone.objects.filter(case=case).update(title=""),
        "reviews": Review.objects.filter(case=case).update(notes="", attendees=""),
        # A recorded agreement keeps that it was given and how; the worker's name goes.
        "signatures": SignOff.objects.filter(plan__case=case)
        .exclude(signer_name="")
        .update(signer_name="Anonymised"),
    }

"""What the plain REST endpoints send, field by field (never ``__all__``): the schema is
generated from these, and nothing outside them leaves."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from api.fhir.status import TASK_STATUS
from cases.models import CaseStatus, ClosureOutcome, Fitness
from plans.models import PlanStatus


class ReferralSerializer(serializers.Serializer):
    """A referral's status: what the referring GP sees in the app, nothing more."""

    id = serializers.UUIDField(source="code")
    status = serializers.ChoiceField(choices=sorted(set(TASK_STATUS.values())))
    status_label = serializers.CharField()
    referred_at = serializers.DateTimeField()
    team = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField(allow_blank=True)
    outcome = serializers.ChoiceField(choices=[("", ""), *ClosureOutcome.choices], allow_blank=True)
    outcome_label = serializers.CharField(allow_blank=True)
    closed_on = serializers.DateField(allow_null=True)


class PatientSerializer(serializers.Serializer):
    nhs_number = serializers.CharField(allow_null=True, allow_blank=True)
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class CaseSerializer(serializers.Serializer):
    """A case the client may see: who, which team, where it is, and its plan's status (the
    current plan visible to the client: for a practice, only while the worker shares the plan
    with their GP)."""

    id = serializers.UUIDField(source="code")
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    patient = PatientSerializer(source="worker")
    team = serializers.CharField(source="team.name")
    referred_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    plan_status = serializers.ChoiceField(choices=PlanStatus.choices, allow_null=True)


class FitNoteSerializer(serializers.Serializer):
    """The fit note's advice and period; the condition and comments stay in the app."""

    id = serializers.UUIDField(source="code")
    fitness = serializers.ChoiceField(choices=Fitness.choices)
    phased_return = serializers.BooleanField()
    altered_hours = serializers.BooleanField()
    amended_duties = serializers.BooleanField()
    workplace_adaptations = serializers.BooleanField()
    assessed_on = serializers.DateField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    indefinite = serializers.BooleanField()
    issued_on = serializers.DateField()


class FiguresFilterSerializer(serializers.Serializer):
    """The dashboard's filters, from the query string."""

    team = serializers.UUIDField(required=False, help_text="A team's code (one of the client's).")
    practice = serializers.UUIDField(required=False, help_text="A referring practice's code.")
    referred_from = serializers.DateField(required=False)
    referred_to = serializers.DateField(required=False)

    def validate(self, attrs):
        start, end = attrs.get("referred_from"), attrs.get("referred_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"referred_to": _("The end of the range must be on or after its start.")}
            )
        return attrs


class CountSerializer(serializers.Serializer):
    """A count: ``null`` with ``suppressed`` true when it is 1 to 4 (DOMAIN §7)."""

    value = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()


class SpreadSerializer(serializers.Serializer):
    """Days (or a number) over ``n`` cases; every value is null when n is 1 to 4."""

    n = CountSerializer()
    mean = serializers.FloatField(allow_null=True)
    minimum = serializers.FloatField(allow_null=True)
    maximum = serializers.FloatField(allow_null=True)


class LabelledCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = CountSerializer()


class MonthCountSerializer(serializers.Serializer):
    month = serializers.DateField()
    count = CountSerializer()


class PracticeMonthCountSerializer(serializers.Serializer):
    practice = serializers.CharField()
    month = serializers.DateField()
    count = CountSerializer()


class ProportionSerializer(serializers.Serializer):
    weeks = serializers.IntegerField()
    numerator = CountSerializer()
    denominator = CountSerializer()
    percent = serializers.FloatField(allow_null=True)


class DaysOffSerializer(serializers.Serializer):
    cases = CountSerializer()
    answered_cases = CountSerializer()
    spread = SpreadSerializer()
    coverage_percent = serializers.FloatField(allow_null=True)


class ScoreChangeSerializer(serializers.Serializer):
    score = serializers.CharField()
    change = SpreadSerializer()


class FiguresSerializer(serializers.Serializer):
    """Every figure of the service dashboard, as aggregates only."""

    today = serializers.DateField()
    filters = serializers.DictField(child=serializers.CharField(allow_blank=True))
    referrals = CountSerializer()
    referrals_by_month = MonthCountSerializer(many=True)
    referrals_by_practice_month = PracticeMonthCountSerializer(many=True)
    accepted = CountSerializer()
    declined = CountSerializer()
    awaiting = CountSerializer()
    decline_reasons = LabelledCountSerializer(many=True)
    days_to_decision = SpreadSerializer()
    days_to_first_contact = SpreadSerializer()
    contacts_per_case = SpreadSerializer()
    days_to_first_return = SpreadSerializer()
    sustained = ProportionSerializer(many=True)
    closure_outcomes = LabelledCountSerializer(many=True)
    days_off = DaysOffSerializer(allow_null=True)
    score_changes = ScoreChangeSerializer(many=True)

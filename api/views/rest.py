"""Plain REST, read-only: referrals, cases, fit notes and plan status the client may see, and
the service figures. Every list is one page of rows fetched in a constant number of queries
and audited as one list read; every record through its fetch helper."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from api import figures as figures_json
from api.fhir.status import referral_status
from api.models import Scope
from api.serializers import (
    CaseSerializer,
    FiguresFilterSerializer,
    FiguresSerializer,
    FitNoteSerializer,
    ReferralSerializer,
)
from api.views.base import ClientAPIView
from cases.access import get_case_for
from cases.models import Case, FitNote, Recipient, ShareItem
from cases.sharing import released_items
from plans.models import Plan
from reports import figures
from reports.access import cases_for, teams_for
from rtw.audit import record_event, record_list
from rtw.models import Organisation, OrganisationKind, Role


class Pages(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


def _page(view, request, rows, serialize, *, action: str, record_type: str):
    """One page of ``rows``, audited as one list read naming every record on it;
    ``serialize`` turns the page's rows into JSON."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(rows, request, view=view)
    record_list(
        by=request.user,
        action=action,
        record_type=record_type,
        key=f"{record_type}s",
        codes=[row.code for row in page],
        detail={"page": request.path, "page_number": paginator.page.number},
    )
    return paginator.get_paginated_response(serialize(page))


def _case_action(user) -> str:
    """A practice reads its referrals (``cases.view_referral``); a team its cases."""
    return "view_referral" if user.role == Role.CLINICIAN else "view"


class ReferralList(ClientAPIView):
    """The organisation's referrals and where each is, newest first."""

    required_scopes = (Scope.REFERRALS_READ,)
    pagination_class = Pages

    @extend_schema(responses=ReferralSerializer(many=True))
    def get(self, request):
        cases = (
            Case.objects.visible_to(request.user)
            .select_related("team", "worker")
            .order_by("-referred_at", "pk")
        )
        return _page(
            self,
            request,
            cases,
            lambda page: ReferralSerializer([referral_status(c) for c in page], many=True).data,
            action="case.list",
            record_type="case",
        )


class ReferralRead(ClientAPIView):
    """One referral's status: the REST twin of the FHIR Task."""

    required_scopes = (Scope.REFERRALS_READ,)

    @extend_schema(responses=ReferralSerializer)
    def get(self, request, code):
        case = get_case_for(request.user, code, action="view_referral")
        return Response(ReferralSerializer(referral_status(case)).data)


def _with_plan_status(cases, user):
    current = Plan.objects.visible_to(user).filter(case=OuterRef("pk"), superseded_at__isnull=True)
    return cases.annotate(plan_status=Subquery(current.values("status")[:1]))


class CaseList(ClientAPIView):
    """The cases the client may see (a practice: its referrals; a team: its cases)."""

    required_scopes = (Scope.CASES_READ,)
    pagination_class = Pages

    @extend_schema(responses=CaseSerializer(many=True))
    def get(self, request):
        cases = _with_plan_status(
            Case.objects.visible_to(request.user)
            .select_related("team", "worker")
            .order_by("-referred_at", "pk"),
            request.user,
        )
        return _page(
            self,
            request,
            cases,
            lambda page: CaseSerializer(page, many=True).data,
            action="case.list",
            record_type="case",
        )


class CaseRead(ClientAPIView):
    required_scopes = (Scope.CASES_READ,)

    @extend_schema(responses=CaseSerializer)
    def get(self, request, code):
        case = get_case_for(request.user, code, action=_case_action(request.user))
        case = _with_plan_status(
            Case.objects.filter(pk=case.pk).select_related("team", "worker"), request.user
        ).get()
        return Response(CaseSerializer(case).data)


class FitNoteList(ClientAPIView):
    """A case's fit notes, newest first. A practice gets those it issued and, only while the
    worker shares fit-note advice with their GP, the others (as on the referral page)."""

    required_scopes = (Scope.CASES_READ,)
    pagination_class = Pages

    @extend_schema(responses=FitNoteSerializer(many=True))
    def get(self, request, code):
        case = get_case_for(request.user, code, action=_case_action(request.user))
        notes = FitNote.objects.filter(case=case).order_by("-starts_on", "-created_at", "pk")
        if request.user.role == Role.CLINICIAN and ShareItem.FIT_NOTE_ADVICE not in released_items(
            case, Recipient.GP
        ):
            notes = notes.filter(recorded_by__organisation_id=case.referring_practice_id)
        return _page(
            self,
            request,
            notes,
            lambda page: FitNoteSerializer(page, many=True).data,
            action="fit_note.list",
            record_type="fit_note",
        )


class Figures(ClientAPIView):
    """The service dashboard's figures for the client's team, aggregates only, with small
    numbers suppressed. Filters: team, referring practice, referral dates."""

    required_scopes = (Scope.REPORTS_READ,)

    @extend_schema(parameters=[FiguresFilterSerializer], responses=FiguresSerializer)
    def get(self, request):
        query = FiguresFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        chosen = query.validated_data
        cases = cases_for(request.user)
        described = {"team": "All", "practice": "All", "referred_from": "", "referred_to": ""}
        if "team" in chosen:
            team = teams_for(request.user).filter(code=chosen["team"]).first()
            if team is None:
                raise ValidationError({"team": [_("Choose one of your teams.")]})
            cases, described["team"] = cases.filter(team=team), team.name
        if "practice" in chosen:
            practice = Organisation.objects.filter(
                kind=OrganisationKind.GP_PRACTICE, code=chosen["practice"]
            ).first()
            if practice is None:
                raise ValidationError({"practice": [_("Choose a referring practice.")]})
            cases, described["practice"] = cases.filter(referring_practice=practice), practice.name
        if "referred_from" in chosen:
            cases = cases.filter(referred_at__date__gte=chosen["referred_from"])
            described["referred_from"] = chosen["referred_from"].isoformat()
        if "referred_to" in chosen:
            cases = cases.filter(referred_at__date__lte=chosen["referred_to"])
            described["referred_to"] = chosen["referred_to"].isoformat()
        record_event(
            by=request.user, action="report.figures", record_type="report", detail=described
        )
        result = figures.compute(cases, timezone.localdate())
        return Response(FiguresSerializer(figures_json.as_json(result, described)).data)

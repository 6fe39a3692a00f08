"""FHIR endpoints: a referral in (``POST ServiceRequest``), its status out (``GET Task``)."""

import re
import uuid

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.fhir import FHIR_JSON
from api.fhir.outcome import Invalid, Issue, operation_outcome
from api.fhir.resources import searchset, service_request, task
from api.fhir.status import referral_status
from api.models import Scope
from api.referrals import keys_of, refer_from_bundle
from api.views.base import ClientAPIView
from cases.access import get_case_for


class FhirJSONParser(JSONParser):
    media_type = FHIR_JSON


class FhirJSONRenderer(JSONRenderer):
    media_type = FHIR_JSON
    format = "fhir"


#: IssueType for each refusal DRF makes before or around a FHIR endpoint's own answer.
_ISSUE_FOR_STATUS = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    415: "not-supported",
    429: "throttled",
}


class FhirView(ClientAPIView):
    """A FHIR endpoint: FHIR JSON in and out, and every refusal (no token, a missing scope, a
    record not found, too many calls, unreadable JSON) an OperationOutcome like its own."""

    parser_classes = [FhirJSONParser, JSONParser]
    renderer_classes = [FhirJSONRenderer, JSONRenderer]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        if detail is not None:
            code = _ISSUE_FOR_STATUS.get(response.status_code, "exception")
            response.data = operation_outcome([Issue(code, str(detail))])
        return response


def _outcome(error: Invalid) -> Response:
    return Response(operation_outcome(error.issues), status=error.status)


_FHIR_RESPONSE = OpenApiResponse(OpenApiTypes.OBJECT, description="A FHIR resource")
_OUTCOME = OpenApiResponse(OpenApiTypes.OBJECT, description="A FHIR OperationOutcome")


class ServiceRequestCreate(FhirView):
    """Refer a patient: a FHIR R4 Bundle with the ServiceRequest, the Patient and the Consent."""

    required_scopes = (Scope.REFERRALS_WRITE,)

    @extend_schema(
        operation_id="fhir_servicerequest_create",
        request=OpenApiTypes.OBJECT,
        responses={
            201: _FHIR_RESPONSE,
            200: _FHIR_RESPONSE,
            400: _OUTCOME,
            409: _OUTCOME,
            422: _OUTCOME,
        },
        description=(
            "Creates the referral through the same rules as the web form. 201 with the "
            "ServiceRequest and its Location; 200 with the first one when its identifier was "
            "sent before; 400 (structure) or 422 (the service's rules) with an "
            "OperationOutcome naming each problem."
        ),
    )
    def post(self, request):
        try:
            case, created = refer_from_bundle(data=request.data, client=request.auth)
        except Invalid as error:
            return _outcome(error)
        if not created:
            # A resend: the first referral, read like any other (audited, visible or 404).
            case = get_case_for(request.user, case.code, action="view_referral")
        location = request.build_absolute_uri(reverse("api:fhir_servicerequest", args=[case.code]))
        return Response(
            service_request(referral_status(case), keys_of(case)),
            status=201 if created else 200,
            headers={"Location": location},
        )


class ServiceRequestRead(FhirView):
    """One referral as a ServiceRequest."""

    required_scopes = (Scope.REFERRALS_READ,)

    @extend_schema(
        operation_id="fhir_servicerequest_read", responses={200: _FHIR_RESPONSE, 404: _OUTCOME}
    )
    def get(self, request, code):
        case = get_case_for(request.user, code, action="view_referral")
        return Response(service_request(referral_status(case), keys_of(case)))


_BASED_ON = re.compile(r"^ServiceRequest/([0-9a-fA-F-]{36})$")


class TaskSearch(FhirView):
    """Where a referral is: the Task based on it, in a searchset Bundle."""

    required_scopes = (Scope.REFERRALS_READ,)

    @extend_schema(
        operation_id="fhir_task_search",
        parameters=[
            OpenApiParameter(
                "based-on",
                str,
                required=True,
                description="ServiceRequest/<id>, the id given when the referral was created",
            )
        ],
        responses={200: _FHIR_RESPONSE, 400: _OUTCOME},
    )
    def get(self, request):
        match = _BASED_ON.match(request.query_params.get("based-on", ""))
        try:
            code = uuid.UUID(match[1]) if match else None
        except ValueError:
            code = None
        if code is None:
            return _outcome(
                Invalid(
                    [Issue("value", _("Search with based-on=ServiceRequest/<id>."), "based-on")],
                    status=400,
                )
            )
        try:
            case = get_case_for(request.user, code, action="view_referral")
        except Http404:
            # A search that matches nothing, for a missing and a hidden referral alike; the
            # refusal is in the audit trail.
            found = []
        else:
            found = [task(referral_status(case))]
        return Response(searchset(found, self_url=request.build_absolute_uri()))

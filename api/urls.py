"""Version 1 of the API, mounted at /api/v1/."""

from django.urls import path

from api.views import docs, fhir, rest

app_name = "api"

urlpatterns = [
    path("schema/", docs.schema, name="schema"),
    path("docs/", docs.docs, name="docs"),
    path("fhir/ServiceRequest", fhir.ServiceRequestCreate.as_view(), name="fhir_refer"),
    path(
        "fhir/ServiceRequest/<uuid:code>",
        fhir.ServiceRequestRead.as_view(),
        name="fhir_servicerequest",
    ),
    path("fhir/Task", fhir.TaskSearch.as_view(), name="fhir_task"),
    path("referrals/", rest.ReferralList.as_view(), name="referrals"),
    path("referrals/<uuid:code>/", rest.ReferralRead.as_view(), name="referral"),
    path("cases/", rest.CaseList.as_view(), name="cases"),
    path("cases/<uuid:code>/", rest.CaseRead.as_view(), name="case"),
    path("cases/<uuid:code>/fit-notes/", rest.FitNoteList.as_view(), name="fit_notes"),
    path("reports/figures/", rest.Figures.as_view(), name="figures"),
]

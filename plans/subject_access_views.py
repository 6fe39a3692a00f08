"""The subject access page: everything held about a worker, downloaded as JSON or as a PDF.

For the service staff of the worker's case (its team's VSWs and supervisors); anyone else gets
the case's 404. Each download is audited (``worker.subject_access``). The PDF is in the worker's
language (rtw/languages.py); the JSON is in English, as the record is stored."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from cases.access import get_case_for
from plans import subject_access
from rtw.access import STAFF_ROLES, allow
from rtw.audit import record_event
from rtw.languages import override_for

FORMATS = {"json": "application/json", "pdf": "application/pdf"}


@allow(STAFF_ROLES)
@require_GET
def subject_access_request(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="view")
    worker = case.worker
    fmt = request.GET.get("format", "")
    if not fmt:
        return render(request, "plans/subject_access.html", {"case": case, "worker": worker})
    if fmt not in FORMATS:
        raise Http404
    if fmt == "json":
        # The data as stored: labels and timeline lines in English, whoever downloads it.
        with translation.override("en-gb"):
            data = subject_access.gather(worker)
        body = subject_access.as_json(data)
    else:
        # The readable copy is the worker's, in their language, whoever downloads it for them.
        with override_for(worker, team=case.team):
            data = subject_access.gather(worker)
            body = subject_access.render_pdf(data)
    record_event(
        by=request.user,
        action="worker.subject_access",
        record_type="worker",
        record_code=worker.code,
        detail={"format": fmt, "cases": [c["code"] for c in data["cases"]], "via": str(case.code)},
    )
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="subject-access-{worker.code}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response

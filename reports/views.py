"""The service dashboard, its CSV and its PDF, for supervisors (their own team) and
administrators (every team). Each view and each export is audited with the filters used."""

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from reports import figures as service_figures
from reports.access import cases_for, teams_for
from reports.forms import FiguresFilterForm
from reports.pdf import render_figures_pdf
from reports.tables import sections
from rtw.access import allow
from rtw.audit import record_event
from rtw.models import AuditOutcome, Role

FIGURE_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def _filtered(request: HttpRequest):
    """The filter form read from the query string, and the cases it selects (None when the
    filters are not valid: a team the user may not choose, say)."""
    form = FiguresFilterForm(request.GET, teams=teams_for(request.user))
    if not form.is_valid():
        return form, None
    return form, form.apply(cases_for(request.user))


def _audit(request: HttpRequest, action: str, form: FiguresFilterForm, allowed: bool) -> None:
    record_event(
        by=request.user,
        action=action,
        record_type="report",
        outcome=AuditOutcome.ALLOWED if allowed else AuditOutcome.DENIED,
        detail={
            "filters": form.described() if allowed else {},
            "query": request.GET.urlencode()[:500],
        },
    )


@allow(*FIGURE_ROLES)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, cases = _filtered(request)
    today = timezone.localdate()
    _audit(request, "reports.dashboard", form, cases is not None)
    context = {"form": form, "today": today, "sections": None, "query": ""}
    if cases is not None:
        context["sections"] = sections(service_figures.compute(cases, today), suppress=False)
        context["query"] = request.GET.urlencode()
    return render(request, "reports/dashboard.html", context)


def _back_to_dashboard(request: HttpRequest) -> HttpResponse:
    """Filters an export cannot honour go back to the page that says what is wrong."""
    query = request.GET.urlencode()
    return redirect(reverse("reports:dashboard") + (f"?{query}" if query else ""))


@allow(*FIGURE_ROLES)
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    form, cases = _filtered(request)
    _audit(request, "reports.export.csv", form, cases is not None)
    if cases is None:
        return _back_to_dashboard(request)
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="service-figures-{today}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Section"), _("Row"), _("Measure"), _("Value")])
    writer.writerow([_("Filters"), "", _("Produced on"), today.isoformat()])
    for name, value in form.described().items():
        writer.writerow([_("Filters"), "", name, _cell(value)])
    for section in sections(service_figures.compute(cases, today), suppress=True):
        for table in section.tables:
            for row in table.rows:
                label = row[0] if len(table.columns) > 1 else ""
                values = row[1:] if len(table.columns) > 1 else row
                columns = table.columns[1:] if len(table.columns) > 1 else table.columns
                for column, value in zip(columns, values, strict=True):
                    writer.writerow(
                        [section.title, _cell(label), f"{table.caption}: {column}", _cell(value)]
                    )
    return response


def _cell(value: str) -> str:
    """Text a spreadsheet would take for a formula (a typed reason starting with "=") is
    quoted; numbers, negative ones included, are left as they are."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


@allow(*FIGURE_ROLES)
@require_GET
def export_pdf(request: HttpRequest) -> HttpResponse:
    form, cases = _filtered(request)
    _audit(request, "reports.export.pdf", form, cases is not None)
    if cases is None:
        return _back_to_dashboard(request)
    today = timezone.localdate()
    pdf = render_figures_pdf(
        sections=sections(service_figures.compute(cases, today), suppress=True),
        filters=form.described(),
        today=today,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="service-figures-{today}.pdf"'
    return response

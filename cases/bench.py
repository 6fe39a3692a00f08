"""The bench's floor: the VSW worklist's rows through the same middleware, with nothing else.

Routed (``bench/floor/``) only when the ``BENCH`` setting is true, by the project URLconf; no
deployment has it. The same queryset as the worklist (the VSW's open cases with every worklist
column, first page in the default order), rendered by a plain template with no layout, forms,
count cards or audit line: what Django itself costs for these rows, the yardstick `make bench`
divides the real page by (docs/performance.md).
"""

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.models import OPEN_STATUSES, Case
from cases.views.worklists import PAGE_SIZE
from cases.worklist import next_action_kind
from rtw.access import allow
from rtw.models import Role


@allow(Role.VSW, Role.SUPERVISOR)
@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """A VSW gets their own cases, a supervisor the team's (as the two worklists do)."""
    today = timezone.localdate()
    base = Case.objects.visible_to(request.user)
    if request.user.role == Role.VSW:
        base = base.filter(assigned_vsw=request.user)
    cases = (
        base.with_worklist_columns(today)
        .filter(status__in=OPEN_STATUSES)
        .order_by(models.F("next_action_on").asc(nulls_last=True), "pk")[:PAGE_SIZE]
    )
    rows = list(cases)
    for case in rows:
        # As the worklist does: which next action, from the row's dates (cases.worklist).
        case.next_action_kind = next_action_kind(case)
    return render(request, "bench/floor.html", {"cases": rows, "today": today})

"""Service staff reconcile a possible duplicate patient from the referral queue: merge the
record into the one the service already held, or keep the two apart with a reason."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cases import duplicates
from cases.access import get_case_for
from cases.actions import TransitionError
from rtw.access import STAFF_ROLES, allow
from rtw.forms import GovukFormMixin


class KeepApartForm(GovukFormMixin, forms.Form):
    use_required_attribute = False
    reason = forms.CharField(
        label=gettext_lazy("Why are these two different people?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def reconcile(request: HttpRequest, code) -> HttpResponse:
    """Case ``code``'s worker beside the record with the same NHS number. POST ``merge`` merges
    them; a POST with a reason keeps them apart."""
    case = get_case_for(request.user, code, action="change")
    worker = case.worker
    if not worker.needs_reconciling:
        raise Http404
    form = KeepApartForm(request.POST if "reason" in request.POST else None)
    if request.method == "POST":
        try:
            if "merge" in request.POST:
                duplicates.merge_workers(duplicate=worker, by=request.user)
                messages.success(request, _("The records are merged."))
                return redirect("cases:referral_queue")
            if form.is_valid():
                duplicates.keep_apart(
                    worker=worker, reason=form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, _("The records are kept apart."))
                return redirect("cases:referral_queue")
        except TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("cases:referral_queue")
    held = worker.duplicate_of
    return render(
        request,
        "cases/reconcile.html",
        {
            "case": case,
            "records": [(_("This referral"), worker), (_("Already held"), held)],
            "held_cases": held.cases.select_related("team", "referring_practice"),
            "form": form,
        },
    )

"""The worker's preview of a change to what they share: the employer's (or the GP's) copy as it
would be after the change, built from the hypothetical set of released items, with a Confirm
button that posts the change to the worker's sharing page. Opening the preview changes nothing.

It lives on the plans floor because the copy it shows includes the plan's document."""

from django import forms
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.access import get_case_for
from cases.models import Recipient, ShareItem
from cases.sharing import employer_view, released_items
from plans.models import Plan, SignOff
from plans.sharing import Audience, build_document
from rtw.access import allow
from rtw.models import Role

_AUDIENCE = {Recipient.EMPLOYER: Audience.EMPLOYER, Recipient.GP: Audience.CLINICIAN}


class PreviewForm(forms.Form):
    recipient = forms.ChoiceField(choices=Recipient.choices)
    item = forms.ChoiceField(choices=ShareItem.choices)
    change = forms.ChoiceField(choices=[("grant", "Share"), ("withdraw", "Stop sharing")])


@allow(Role.WORKER)
@require_GET
def sharing_preview(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="view_own")
    form = PreviewForm(request.GET)
    if not form.is_valid() or not case.is_open:
        raise Http404
    recipient = Recipient(form.cleaned_data["recipient"])
    item = ShareItem(form.cleaned_data["item"])
    share = form.cleaned_data["change"] == "grant"
    if recipient == Recipient.EMPLOYER and case.employer_id is None:
        raise Http404
    today = timezone.localdate()
    before = released_items(case, recipient)
    after = released_items(case, recipient, change=(item, share))
    plan = (
        Plan.objects.filter(case=case, superseded_at__isnull=True)
        .select_related("case", "case__worker", "case__employer", "case__assigned_vsw")
        .prefetch_related(
            "phases",
            "adjustments",
            "relapse__actions",
            "case__fit_notes",
            Prefetch(
                "signoffs", queryset=SignOff.objects.select_related("signed_by", "recorded_by")
            ),
        )
        .first()
    )
    audience = _AUDIENCE[recipient]
    return render(
        request,
        "plans/sharing_preview.html",
        {
            "case": case,
            "recipient": recipient,
            "item": item,
            "share": share,
            "changes": before != after,
            "employer_after": (
                employer_view(case, today, items=after) if recipient == Recipient.EMPLOYER else None
            ),
            # Like the copies themselves: the plan only while the plan is shared with them.
            "document": (
                build_document(plan, audience, today, released=after)
                if plan is not None and ShareItem.PLAN in after
                else None
            ),
        },
    )

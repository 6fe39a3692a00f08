from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rtw.models import Role

_NAV = {
    Role.VSW: [
        (_("My caseload"), "cases:worklist"),
        (_("Referrals"), "cases:referral_queue"),
        (_("Supervision"), "supervision:sessions"),
    ],
    Role.SUPERVISOR: [
        (_("Team caseload"), "cases:team_worklist"),
        (_("Referrals"), "cases:referral_queue"),
        (_("Supervision"), "supervision:sessions"),
        (_("Service figures"), "reports:dashboard"),
    ],
    Role.CLINICIAN: [
        (_("My referrals"), "cases:my_referrals"),
        (_("Refer a patient"), "cases:refer"),
    ],
    Role.EMPLOYER_CONTACT: [(_("Employees"), "cases:employer_home")],
    Role.WORKER: [(_("My support"), "cases:worker_home")],
    Role.ADMIN: [(_("Administration"), "admin:index"), (_("Service figures"), "reports:dashboard")],
}


def session_timing(request):
    """Timings for the "you will be signed out soon" warning (static/js/timeout-dialog.js),
    rendered as data- attributes on <body>; empty for users whose sign-in is not timed."""
    from rtw.sessions import timing_attributes

    return {"session_timing": timing_attributes(request)}


def navigation(request):
    """Role-specific navigation for the header. Builds links only; runs no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    path = request.path
    items = []
    for label, name in _NAV.get(user.role, []):
        url = reverse(name)
        items.append({"label": label, "url": url, "active": path.startswith(url)})
    items.append(
        {
            "label": _("Notifications"),
            "url": reverse("notifications"),
            "active": path.startswith(reverse("notifications")),
        }
    )
    return {"nav_items": items}

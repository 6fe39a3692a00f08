"""Resetting a forgotten password by email, throttled, with the same answer for every address.

Django's PasswordResetView family does the work (signed, single-use, time-limited links); here
are the GOV.UK forms, the email through the outbox (rtw/outbox.py) instead of straight to SMTP,
and a throttle: at most ``PASSWORD_RESET_EMAIL_LIMIT`` requests for one address and
``PASSWORD_RESET_IP_LIMIT`` from one client address per hour. The counts are rows of
:class:`PasswordResetRequest`, so every web process sees the same numbers (the cache is
per-process locmem).

Whether an address belongs to an account is never revealed: a known address, an unknown one
and one over its limit all get the same "check your email" page; only the known one under its
limit gets an email. Too many requests from one client address get a 429 page, which says
nothing about any address.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rtw.access import public
from rtw.forms import GovukFormMixin
from rtw.languages import override_for
from rtw.outbox import queue_email
from rtw.sessions import end_sessions

WINDOW = timedelta(hours=1)


class PasswordResetRequest(models.Model):
    """One request to reset a password, kept for an hour to count against the limits.

    Written for every request, known address or not, so the counts say nothing about which
    addresses have accounts. Rows older than a day are removed as new ones arrive."""

    email = models.CharField(max_length=254)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "rtw"
        indexes = [
            models.Index(fields=["email", "created_at"], name="pwreset_email_created"),
            models.Index(fields=["ip_address", "created_at"], name="pwreset_ip_created"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.email}"


def note_reset_request(*, email: str, ip_address: str | None) -> str:
    """Record a reset request and say what may happen: ``"send"``, ``"address_limit"`` (this
    email has had its share this hour: answer as usual, send nothing) or ``"ip_limit"`` (this
    client has: refuse with 429).

    The request is inserted before counting, so two at once each see the other once both have
    committed; under read-committed isolation a burst at the same instant can pass the limit by
    the number of requests in flight, never more."""
    now = timezone.now()
    email = email.strip().lower()
    PasswordResetRequest.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
    PasswordResetRequest.objects.create(email=email, ip_address=ip_address, created_at=now)
    recent = PasswordResetRequest.objects.filter(created_at__gt=now - WINDOW)
    if ip_address and (
        recent.filter(ip_address=ip_address).count() > settings.PASSWORD_RESET_IP_LIMIT
    ):
        return "ip_limit"
    if recent.filter(email=email).count() > settings.PASSWORD_RESET_EMAIL_LIMIT:
        return "address_limit"
    return "send"


class GovukPasswordResetForm(GovukFormMixin, PasswordResetForm):
    """Django's reset form, sending its email through the outbox."""

    submit_label = gettext_lazy("Send the link")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].error_messages = {
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        }
        self.fields["email"].widget.attrs.update({"spellcheck": "false"})

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # In the account holder's language, not the language of the page that asked.
        with override_for(context.get("user")):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        queue_email(to=to_email, subject=subject, body=body)


class GovukSetPasswordForm(GovukFormMixin, SetPasswordForm):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the address; answers every address alike (see the module docstring)."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    form_class = GovukPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        verdict = note_reset_request(
            email=form.cleaned_data["email"], ip_address=get_client_ip_address(self.request)
        )
        if verdict == "ip_limit":
            return render(self.request, "registration/password_reset_throttled.html", status=429)
        if verdict == "send":
            # Links in the email point at SITE_URL, never at the Host header of the request.
            site = urlsplit(settings.SITE_URL)
            form.save(
                domain_override=site.netloc,
                use_https=site.scheme == "https",
                token_generator=self.token_generator,
                email_template_name=self.email_template_name,
                subject_template_name=self.subject_template_name,
                request=self.request,
                extra_email_context={"site_name": gettext_lazy("Return to work")},
            )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Sets the new password from the emailed link; every session of the person then ends,
    so whoever knew the old password is signed out everywhere."""

    template_name = "registration/password_reset_confirm.html"
    form_class = GovukSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        end_sessions(form.user, by=form.user)
        return response


password_reset = public(PasswordResetView.as_view())
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html")
)
password_reset_confirm = public(PasswordResetConfirmView.as_view())
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="registration/password_reset_complete.html"
    )
)

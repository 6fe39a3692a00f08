"""The header's language switcher: Django's ``set_language`` (the language cookie), and for a
signed-in person their stored preference as well, so emails and PDFs follow the same choice."""

from django.contrib.auth import get_user_model
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from rtw.access import public
from rtw.languages import supported, worker_record
from rtw.middleware import PAGE_LANGUAGE_SESSION_KEY


@public
@require_POST
def set_language(request):
    """Public: the signed-link pages (no session) carry the switcher too. POST with CSRF only.
    Back to the page it was pressed on: ``next`` when given, else the Referer (same-origin by
    our referrer policy; the form leaves the address out, so a page never echoes its own
    address into its header), each checked by Django against this host, else home."""
    response = django_set_language(request)
    language = supported(request.POST.get("language"))
    user = request.user
    if language and user.is_authenticated:
        get_user_model().objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language
        worker = worker_record(user)
        if worker is not None:
            worker._meta.model.objects.filter(pk=worker.pk).update(preferred_language=language)
        request.session[PAGE_LANGUAGE_SESSION_KEY] = language
    return response

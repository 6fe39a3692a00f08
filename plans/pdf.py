"""Plan PDFs: one pure function from a :class:`~plans.sharing.PlanDocument` to PDF bytes.

The PDF shows only what the document holds (``build_document`` decided what the audience may
see), so this module never touches the model or the database.

WeasyPrint fetches every resource (stylesheets, images, ``url()`` in CSS) through
:func:`safe_url_fetcher`, which serves our own static files under the internal
``rtw-static:`` scheme and refuses everything else: ``file:``, ``http(s):``, ``ftp:`` and
``data:`` alike, so text a user typed can never make the renderer read a local file or reach
the network (STYLE rule 13). ``data:`` is refused too: nothing of ours needs it, and refusing
it leaves one rule with no exceptions. User text is autoescaped by the template in any case, so
it reaches the PDF as literal text, never as markup.
"""

import contextlib
import functools
import gc
import hashlib
import mimetypes
import posixpath
import threading
from pathlib import Path
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.sharing import Audience, PlanDocument

TEMPLATE = "plans/pdf/plan.html"
#: How long rendered bytes are kept. The key is a digest of the exact HTML rendered, so a stale
#: copy is never served: any change to the plan, its sign-offs, what the worker released or the
#: template gives different HTML and so a different key. The time limit only bounds how long
#: health data sits in the cache (a day: enough for a signing round, short for a cache).
CACHE_SECONDS = 24 * 60 * 60

#: The only URLs the renderer may fetch: ``rtw-static:<path under our static files>``.
STATIC_SCHEME = "rtw-static:"
#: Relative URLs (there should be none) resolve against this and so stay inside the scheme.
BASE_URL = STATIC_SCHEME
STYLESHEET = "css/print.css"

#: What we serve, by file extension. Anything else in static/ is refused.
SERVED_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}

TITLES = {
    Audience.WORKER: gettext_lazy("Your return-to-work plan"),
    Audience.EMPLOYER: gettext_lazy("Return-to-work plan: employer's copy"),
    Audience.CLINICIAN: gettext_lazy("Return-to-work plan: summary for the clinician"),
}

# Headings: plain language for the worker, the usual terms for the employer and the clinician.
HEADINGS = {
    Audience.WORKER: {
        "about": gettext_lazy("About your plan"),
        "fit_note": gettext_lazy("Your fit note"),
        "phases": gettext_lazy("How your hours build up"),
        "adjustments": gettext_lazy("Changes at work to help you"),
        "reviews": gettext_lazy("When we will check how it is going"),
        "relapse": gettext_lazy("If things get harder"),
        "warning_signs": gettext_lazy("Signs that things are getting harder"),
        "actions": gettext_lazy("What we will do"),
        "contacts": gettext_lazy("Who to contact"),
        "signatures": gettext_lazy("Who has signed"),
    },
    Audience.EMPLOYER: {
        "about": gettext_lazy("Plan details"),
        "fit_note": gettext_lazy("Fit-note advice"),
        "phases": gettext_lazy("Phases"),
        "adjustments": gettext_lazy("Adjustments"),
        "reviews": gettext_lazy("Review dates"),
        "relapse": gettext_lazy("Relapse-prevention agreement"),
        "warning_signs": gettext_lazy("Early warning signs"),
        "actions": gettext_lazy("Agreed actions involving the employer"),
        "contacts": gettext_lazy("Contacts"),
        "signatures": gettext_lazy("Signatures"),
    },
    Audience.CLINICIAN: {
        "about": gettext_lazy("Plan details"),
        "fit_note": gettext_lazy("Fit-note advice"),
        "phases": gettext_lazy("Phases"),
        "adjustments": gettext_lazy("Adjustments"),
        "reviews": gettext_lazy("Review dates"),
        "relapse": gettext_lazy("Relapse-prevention agreement"),
        "warning_signs": gettext_lazy("Early warning signs"),
        "actions": gettext_lazy("Agreed actions"),
        "contacts": gettext_lazy("Contacts"),
        "signatures": gettext_lazy("Signatures"),
    },
}


def render_plan_pdf(document: PlanDocument) -> bytes:
    """Render one audience's copy of a plan version as PDF bytes.

    Pure: the output depends only on ``document`` (and our template and stylesheet); no
    database access, no network, no local files outside our static files. Laying out a PDF
    takes about 90 % of the time, so the bytes are cached under a digest of the audience and
    the HTML they were laid out from: a repeated download of an unchanged version skips
    WeasyPrint, and no copy is ever served to an audience it was not rendered for.
    """
    audience = Audience(document.audience)
    html = render_plan_html(document, audience)
    key = "plan-pdf:" + audience.value + ":" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = lay_out(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def render_plan_html(document: PlanDocument, audience: Audience) -> str:
    return render_to_string(
        TEMPLATE,
        {
            "doc": document,
            "audience": audience.value,
            "title": TITLES[audience],
            "h": HEADINGS[audience],
            "stylesheet_url": STATIC_SCHEME + STYLESHEET,
            "running_status": running_status(document),
            "has_relapse": has_relapse_section(document),
        },
    )


def lay_out(html: str) -> bytes:
    """Lay ``html`` out as PDF bytes, every URL fetched through :func:`safe_url_fetcher`.

    Two things make a render of a plan about a fifth cheaper than a bare ``write_pdf()``:

    * the thread's :func:`font_config` is reused, so fonts are matched, opened and shaped
      from warm caches instead of a fresh font map per document;
    * the cyclic garbage collector waits until the render is done (:func:`gc_paused`): a
      render allocates a few hundred thousand short-lived objects, and collecting during it
      repeatedly walks every long-lived object of the process for nothing.
    """
    import weasyprint  # noqa: PLC0415  (lazy: importing WeasyPrint costs about half a second)

    with gc_paused():
        return weasyprint.HTML(
            string=html, base_url=BASE_URL, url_fetcher=make_url_fetcher()
        ).write_pdf(font_config=font_config())


_per_thread = threading.local()


def font_config():
    """This thread's WeasyPrint ``FontConfiguration``, built at its first PDF and then kept.

    What it holds is about fonts only: the system fonts fontconfig found, Pango's cache of
    opened fonts and HarfBuzz shaping data, and the line heights of the font styles used. No
    text of a document stays in it, so nothing of one document can reach another. Fonts that a
    document's ``@font-face`` rules load would stay, but those would be fetched through
    :func:`safe_url_fetcher`, which serves no font files. It is not shared between threads:
    gunicorn runs sync workers and Celery a solo pool, but a threaded server would otherwise
    have two renders use one Pango font map at once.
    """
    config = getattr(_per_thread, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415  (lazy, see above)

        config = _per_thread.font_config = FontConfiguration()
    return config


@contextlib.contextmanager
def gc_paused():
    """Run the block with the cyclic garbage collector off, then turn it back on (if it was).

    Memory is still freed by reference counting as the render goes; only the cycles it leaves
    wait for the next collection after it. When two threads overlap, the first to finish turns
    the collector back on, so it is never left off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def running_status(document: PlanDocument) -> str:
    """The line repeated on every page: which version this is and who has signed it."""
    return _("Plan version %(version)s (%(status)s) · %(signoff)s") % {
        "version": document.version,
        "status": document.status,
        "signoff": document.signoff_status,
    }


def has_relapse_section(document: PlanDocument) -> bool:
    return bool(
        document.normalisation
        or document.warning_signs
        or document.actions
        or document.contacts
        or document.relapse_review_on
    )


def static_path_for(url: str) -> Path:
    """The file behind an ``rtw-static:`` URL, or ValueError for anything we do not serve."""
    if not url.startswith(STATIC_SCHEME):
        raise ValueError(f"Refused to fetch {url!r}: only our own static files are served")
    raw = url[len(STATIC_SCHEME) :]
    if "?" in raw or "#" in raw:
        raise ValueError(f"Refused to fetch {url!r}: no query or fragment")
    path = unquote(raw)
    parts = path.split("/")
    if (
        not path
        or path.startswith("/")
        or "\\" in path
        or "\x00" in path
        or ":" in path
        or any(part in ("", ".", "..") for part in parts)
        or posixpath.normpath(path) != path
    ):
        raise ValueError(f"Refused to fetch {url!r}: not a plain relative static path")
    suffix = posixpath.splitext(path)[1].lower()
    if suffix not in SERVED_TYPES:
        raise ValueError(f"Refused to fetch {url!r}: type not served")
    found = finders.find(path)
    if not found:
        raise ValueError(f"Refused to fetch {url!r}: no such static file")
    file = Path(found)
    if not file.is_file():
        raise ValueError(f"Refused to fetch {url!r}: not a file")
    return file


def safe_url_fetcher(url: str):
    """Serve ``rtw-static:<path>`` from our static files; raise ValueError for anything else.

    Returns a ``weasyprint.urls.URLFetcherResponse``.
    """
    file = static_path_for(url)
    from weasyprint.urls import URLFetcherResponse  # noqa: PLC0415  (lazy, see above)

    content_type = SERVED_TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0]
    headers = {"Content-Type": content_type}
    if content_type.startswith("text/"):
        headers["Content-Type"] += "; charset=utf-8"
    return URLFetcherResponse(url, body=file.read_bytes(), headers=headers)


@functools.cache
def _fetcher_class():
    """WeasyPrint 68+ wants a ``URLFetcher`` subclass; built lazily to keep imports cheap."""
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    class SafeURLFetcher(URLFetcher):
        """Every fetch goes through :func:`safe_url_fetcher` (looked up at call time)."""

        def fetch(self, url, headers=None):
            return safe_url_fetcher(url)

    return SafeURLFetcher


def make_url_fetcher():
    """A WeasyPrint URL fetcher that only ever calls :func:`safe_url_fetcher`."""
    # fail_on_errors=False: a refused URL is logged and skipped rather than failing the
    # document; our own stylesheet is always served, and tests check it is applied.
    return _fetcher_class()(fail_on_errors=False, allow_redirects=False)

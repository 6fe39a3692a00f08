"""The service-figures PDF: one pure function from the export's sections to PDF bytes.

It uses the house PDF set-up (plans/pdf.py): the print stylesheet, served through the URL
fetcher that serves only our own static files and refuses everything else.
"""

from datetime import date

from django.template.loader import render_to_string

from plans.pdf import BASE_URL, STATIC_SCHEME, STYLESHEET, make_url_fetcher
from reports.tables import Section

TEMPLATE = "reports/pdf/figures.html"


def render_figures_pdf(*, sections: list[Section], filters: dict[str, str], today: date) -> bytes:
    """Render the figures (already suppressed for export) as a PDF. Pure: no database."""
    import weasyprint  # noqa: PLC0415  (lazy: importing WeasyPrint costs about half a second)

    html = render_to_string(
        TEMPLATE,
        {
            "sections": sections,
            "filters": filters,
            "today": today,
            "stylesheet_url": STATIC_SCHEME + STYLESHEET,
        },
    )
    return weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=make_url_fetcher()
    ).write_pdf()

"""The service-figures PDF: one pure function from the export's sections to PDF bytes.

It uses the house PDF set-up (plans/pdf.py): the print stylesheet, served through the URL
fetcher that serves only our own static files and refuses everything else, and ``lay_out``
(the thread's font configuration reused, no garbage collection mid-render).
"""

from datetime import date

from django.template.loader import render_to_string

from plans.pdf import STATIC_SCHEME, STYLESHEET, lay_out
from reports.tables import Section

TEMPLATE = "reports/pdf/figures.html"


def render_figures_pdf(*, sections: list[Section], filters: dict[str, str], today: date) -> bytes:
    """Render the figures (already suppressed for export) as a PDF. Pure: no database."""
    html = render_to_string(
        TEMPLATE,
        {
            "sections": sections,
            "filters": filters,
            "today": today,
            "stylesheet_url": STATIC_SCHEME + STYLESHEET,
        },
    )
    return lay_out(html)

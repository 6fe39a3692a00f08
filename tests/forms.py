"""Helpers to post GOV.UK forms the way a browser does, and to read their errors back."""

from datetime import date

from bs4 import BeautifulSoup


def date_fields(name: str, value: date | None) -> dict[str, str]:
    """The day/month/year inputs of a GOV.UK date field."""
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def error_summary(response) -> list[str]:
    """The messages listed in the page's error summary."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        li.get_text(" ", strip=True)
        for summary in soup.select(".govuk-error-summary")
        for li in summary.select(".govuk-error-summary__list li")
    ]


def field_errors(response, field_id_prefix: str) -> list[str]:
    """Error messages shown next to the field whose input id starts with the prefix."""
    soup = BeautifulSoup(response.content, "html.parser")
    messages = []
    for group in soup.select(".govuk-form-group--error"):
        if group.select_one(f'[id^="{field_id_prefix}"]'):
            messages += [
                p.get_text(" ", strip=True).removeprefix("Error:").strip()
                for p in group.select(".govuk-error-message")
            ]
    return messages


def page_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)

"""The API documentation page works under the strict Content-Security-Policy: Swagger UI from
our own static files, started by a static script, lists every operation, and the browser
reports no blocked script, style or request."""

from playwright.sync_api import expect


def test_the_api_docs_page_lists_the_operations_with_nothing_blocked(page, live_server):
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )

    response = page.goto(f"{live_server.url}/api/v1/docs/")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=15_000)
    paths = {
        p.replace("\u200b", "") for p in page.locator(".opblock-summary-path").all_inner_texts()
    }
    assert paths == {
        f"/api/v1/{path}"
        for path in (
            "cases/",
            "cases/{code}/",
            "cases/{code}/fit-notes/",
            "fhir/ServiceRequest",
            "fhir/ServiceRequest/{code}",
            "fhir/Task",
            "referrals/",
            "referrals/{code}/",
            "reports/figures/",
        )
    }
    assert (blocked, outside) == ([], [])

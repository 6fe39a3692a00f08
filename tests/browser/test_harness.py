"""The browser helpers can fail: a check that never fails proves nothing."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, assert_styled


def test_axe_helper_lists_the_violations_it_finds(page):
    page.set_content('<html><body><main><img src="x.png"></main></body></html>')

    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        assert_no_axe_violations(page)


def test_styled_check_fails_on_an_unstyled_page(page):
    page.set_content('<html><body><header class="govuk-header">x</header></body></html>')

    with pytest.raises(AssertionError, match="header unstyled"):
        assert_styled(page)

import pytest

from rtw.models import Role


@pytest.mark.django_db
def test_vsw_home_redirects_to_worklist(as_user, vsw):
    response = as_user(vsw).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/cases/"

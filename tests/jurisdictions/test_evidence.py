"""Each country records its own evidence in the fit-note structure: the UK's fit note with
its Med3 rules, the Dutch occupational physician's statement, the Swedish medical certificate
with its extent of sick leave. The form shows the items that apply for the team's country."""

from datetime import timedelta

import pytest

from cases.models import FitNote
from rtw.jurisdictions import Jurisdiction
from tests.cases.test_fit_notes import TODAY, _frozen_today, post_note, valid_note  # noqa: F401
from tests.forms import error_summary, field_errors, page_text


def set_jurisdiction(case, jurisdiction):
    case.team.jurisdiction = jurisdiction
    case.team.save(update_fields=["jurisdiction"])


def four_months(**overrides):
    """A 4-month period in the first months of a condition: too long for a UK fit note."""
    return valid_note(ends_on=TODAY + timedelta(days=120), **overrides)


@pytest.mark.django_db
def test_a_swedish_certificate_carries_its_extent_and_no_med3_items(as_user, vsw, case):
    set_jurisdiction(case, Jurisdiction.SE)
    client = as_user(vsw)
    page = page_text(client.get(f"/cases/{case.code}/fit-notes/new/"))
    assert "Extent of sick leave" in page and "Medical certificate (läkarintyg)" in page
    assert "workplace adaptations" not in page.lower()
    assert "Fit note (Med3" not in page

    data = four_months(form_kind="SE_MEDICAL_CERTIFICATE", phased_return=None)
    response = post_note(client, case, data)
    assert "Select the extent of sick leave" in field_errors(response, "id_sick_leave_extent")
    assert "Select the extent of sick leave" in error_summary(response)

    response = post_note(client, case, {**data, "sick_leave_extent": "50"})
    assert response.status_code == 302
    note = FitNote.objects.get(case=case)
    assert (note.form_kind, note.sick_leave_extent) == ("SE_MEDICAL_CERTIFICATE", 50)
    assert note.ends_on == TODAY + timedelta(days=120)  # no UK 3-month rule
    assert "Extent of sick leave" in page_text(client.get(f"/cases/{case.code}/fit-notes/"))


@pytest.mark.django_db
@pytest.mark.parametrize("extent", ["60", "0", "-25", "abc", "1" * 30, "50.5", "１００"])
def test_a_swedish_extent_is_in_quarters(as_user, vsw, case, extent):
    set_jurisdiction(case, Jurisdiction.SE)
    data = valid_note(form_kind="SE_MEDICAL_CERTIFICATE", sick_leave_extent=extent)
    response = post_note(as_user(vsw), case, data)
    assert response.status_code == 200
    assert field_errors(response, "id_sick_leave_extent")
    assert not FitNote.objects.exists()


@pytest.mark.django_db
def test_a_dutch_statement_by_the_occupational_physician(as_user, vsw, case):
    set_jurisdiction(case, Jurisdiction.NL)
    client = as_user(vsw)
    page = page_text(client.get(f"/cases/{case.code}/fit-notes/new/"))
    assert "Occupational physician's statement (bedrijfsarts)" in page
    assert "Extent of sick leave" not in page
    data = four_months(
        form_kind="NL_OCCUPATIONAL_PHYSICIAN",
        issuer_profession="OCCUPATIONAL_PHYSICIAN",
        issuer_name="Dr. Sanne Jansen",
        phased_return=None,
    )
    assert post_note(client, case, data).status_code == 302
    note = FitNote.objects.get(case=case)
    assert (note.form_kind, note.issuer_profession, note.sick_leave_extent) == (
        "NL_OCCUPATIONAL_PHYSICIAN",
        "OCCUPATIONAL_PHYSICIAN",
        None,
    )


@pytest.mark.django_db
def test_a_uk_team_keeps_the_fit_note_and_its_three_month_rule(as_user, vsw, case):
    client = as_user(vsw)
    response = post_note(client, case, four_months())
    message = "In the first 6 months of a condition a fit note can cover at most 3 months"
    assert message in field_errors(response, "id_ends_on")
    # The other countries' evidence and issuers are not offered to a UK team.
    for kind, profession in (
        ("SE_MEDICAL_CERTIFICATE", "DOCTOR"),
        ("MED3_2022", "OCCUPATIONAL_PHYSICIAN"),
    ):
        response = post_note(client, case, valid_note(form_kind=kind, issuer_profession=profession))
        assert response.status_code == 200
    assert not FitNote.objects.exists()
    assert post_note(client, case, valid_note()).status_code == 302

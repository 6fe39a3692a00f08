"""The readable subject access copy is in the worker's language, whoever downloads it for them:
its field names, labels and history lines; what people typed stays as typed. The JSON stays in
English, as the record is stored."""

import json
import re
import subprocess

import pytest

from cases import actions
from cases.models import ContactMode
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


@pytest.fixture
def dutch_case(case, vsw):
    case.worker.preferred_language = "nl"
    case.worker.save(update_fields=["preferred_language"])
    f.FitNoteFactory(case=case, condition="Sentinel-condition rugpijn")
    actions.log_contact(
        case=case, contact=f.ContactFactory.build(case=case, mode=ContactMode.PHONE), by=vsw
    )
    return case


def test_a_dutch_workers_copy_is_in_dutch_when_an_english_vsw_downloads_it(
    vsw, dutch_case, tmp_path
):
    response = client_for(vsw).get(
        f"/plans/case/{dutch_case.code}/subject-access/", {"format": "pdf"}
    )

    assert response.status_code == 200
    text = _pdf_text(response.content, tmp_path)
    assert "Gegevens over Jamie Clarke" in text
    dutch = ["Geboortedatum", "Voornaam", "Aandoening", "Wie je dossiers heeft geopend"]
    assert [label for label in dutch if label not in text] == []
    assert "Contact vastgelegd: Telefoon" in text
    assert "Sentinel-condition rugpijn" in text
    english = ["Date of birth", "First name", "Condition", "Who opened", "contact logged"]
    english += ["Information held", "Issued on", "Due on", "Phased return"]
    assert [label for label in english if re.search(rf"\b{label}\b", text)] == []


def test_the_json_stays_in_english(vsw, dutch_case):
    response = client_for(vsw).get(
        f"/plans/case/{dutch_case.code}/subject-access/", {"format": "json"}
    )

    history = json.loads(response.content)["cases"][0]["history"]
    assert "Phone contact logged" in [line["summary"] for line in history]
